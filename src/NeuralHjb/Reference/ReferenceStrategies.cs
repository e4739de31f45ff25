namespace NeuralHjb.Reference;

/// <summary>
/// Benchmark execution schedules, as inventory held at each time of a grid (the first entry is the starting
/// inventory). They are what learned strategies are compared against: TWAP, VWAP and buy-and-hold.
/// </summary>
public static class ReferenceStrategies
{
    /// <summary>
    /// TWAP: trade at a constant rate so the inventory falls linearly from X at the first grid time to 0 at the last,
    /// x(t_k) = X (t_N − t_k)/(t_N − t_0).
    /// </summary>
    /// <param name="initialInventory">X (finite; negative for a buy program).</param>
    /// <param name="times">The time grid t_0 &lt; … &lt; t_N, at least two finite times.</param>
    /// <returns>Inventory at each grid time; X first, exactly 0 last.</returns>
    public static double[] Twap(double initialInventory, IReadOnlyList<double> times)
    {
        Guard.Finite(initialInventory);
        CheckTimes(times);
        double start = times[0];
        double span = times[^1] - start;
        var x = new double[times.Count];
        for (int k = 0; k < x.Length; k++)
        {
            x[k] = k == x.Length - 1 ? 0 : initialInventory * (times[^1] - times[k]) / span;
        }

        x[0] = initialInventory;
        return x;
    }

    /// <summary>
    /// VWAP: trade in proportion to the expected volume of each interval, so the inventory after interval k is
    /// x_k = X (1 − (v_1 + … + v_k)/(v_1 + … + v_N)).
    /// </summary>
    /// <param name="initialInventory">X (finite).</param>
    /// <param name="intervalVolumes">Expected volume v_k of each of the N intervals (non-negative, finite, positive total).</param>
    /// <returns>N + 1 inventories; X first, exactly 0 last.</returns>
    public static double[] Vwap(double initialInventory, IReadOnlyList<double> intervalVolumes)
    {
        Guard.Finite(initialInventory);
        ArgumentNullException.ThrowIfNull(intervalVolumes);
        if (intervalVolumes.Count == 0)
        {
            throw new ArgumentException("intervalVolumes must contain at least one interval.", nameof(intervalVolumes));
        }

        double total = 0;
        for (int k = 0; k < intervalVolumes.Count; k++)
        {
            double v = intervalVolumes[k];
            if (!(v >= 0) || !double.IsFinite(v))
            {
                throw new ArgumentOutOfRangeException(nameof(intervalVolumes), v, $"intervalVolumes must be non-negative and finite (entry {k} is not).");
            }

            total += v;
        }

        if (!(total > 0) || !double.IsFinite(total))
        {
            throw new ArgumentException("intervalVolumes must have a positive, finite total.", nameof(intervalVolumes));
        }

        var x = new double[intervalVolumes.Count + 1];
        x[0] = initialInventory;
        double cumulative = 0;
        for (int k = 1; k < x.Length; k++)
        {
            cumulative += intervalVolumes[k - 1];
            x[k] = k == x.Length - 1 ? 0 : initialInventory * (1 - (cumulative / total));
        }

        return x;
    }

    /// <summary>Buy-and-hold: the inventory stays at X at every grid time (no trading; the do-nothing benchmark).</summary>
    /// <param name="initialInventory">X (finite).</param>
    /// <param name="times">The time grid (strictly increasing, finite, at least one time).</param>
    /// <returns>X at every grid time.</returns>
    public static double[] BuyAndHold(double initialInventory, IReadOnlyList<double> times)
    {
        Guard.Finite(initialInventory);
        Guard.IncreasingGrid(times);
        var x = new double[times.Count];
        Array.Fill(x, initialInventory);
        return x;
    }

    private static void CheckTimes(IReadOnlyList<double> times)
    {
        Guard.IncreasingGrid(times);
        if (times.Count < 2)
        {
            throw new ArgumentException("times must contain at least two times (a start and an end).", nameof(times));
        }
    }
}
