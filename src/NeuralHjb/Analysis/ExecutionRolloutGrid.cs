namespace NeuralHjb.Analysis;

/// <summary>
/// The start states and horizons an execution policy is evaluated on: every combination of an
/// initial inventory, an initial price and a horizon gives one path of <see cref="Steps"/> Euler steps.
/// </summary>
public sealed record ExecutionRolloutGrid
{
    /// <summary>Gets the initial inventories X₀.</summary>
    public required IReadOnlyList<double> InitialInventories { get; init; }

    /// <summary>Gets the initial prices S₀ (positive).</summary>
    public required IReadOnlyList<double> InitialPrices { get; init; }

    /// <summary>Gets the horizons h (each in (0, T]); a path of horizon h runs from t = T − h to T.</summary>
    public required IReadOnlyList<double> Horizons { get; init; }

    /// <summary>Gets the Euler steps per path. Default 200 (the MT-PINN paper's N_dt).</summary>
    public int Steps { get; init; } = 200;

    /// <summary>Gets a value indicating whether the price follows dS = σ S dW (otherwise it stays at S₀). Default true.</summary>
    public bool PriceNoise { get; init; } = true;

    /// <summary>Gets the seed of the price noise. Default 7.</summary>
    public ulong Seed { get; init; } = 7;

    /// <summary>Gets the number of paths.</summary>
    public int PathCount => InitialInventories.Count * InitialPrices.Count * Horizons.Count;

    /// <summary>
    /// The MT-PINN paper's evaluation grid: X₀ ∈ [−10, 10] (41 values), S₀ ∈ [10, 100] (20 values) and
    /// horizons T × {0.02, 0.1, 0.2, 0.4, 0.6, 0.8, 1} ({0.1, 0.5, 1, 2, 3, 4, 5} for T = 5).
    /// </summary>
    /// <param name="horizon">T.</param>
    /// <param name="inventories">Number of X₀ values.</param>
    /// <param name="prices">Number of S₀ values.</param>
    /// <returns>The grid.</returns>
    public static ExecutionRolloutGrid Paper(double horizon, int inventories = 41, int prices = 20) => new()
    {
        InitialInventories = Linspace(-10, 10, inventories),
        InitialPrices = Linspace(10, 100, prices),
        Horizons = [0.02 * horizon, 0.1 * horizon, 0.2 * horizon, 0.4 * horizon, 0.6 * horizon, 0.8 * horizon, horizon],
    };

    /// <summary>Checks the grid against the horizon T.</summary>
    /// <param name="horizon">T.</param>
    public void Validate(double horizon)
    {
        if (InitialInventories is null || InitialInventories.Count == 0 || InitialInventories.Any(x => !double.IsFinite(x)))
        {
            throw new ArgumentException("InitialInventories must hold at least one finite value.", nameof(horizon));
        }

        if (InitialPrices is null || InitialPrices.Count == 0 || InitialPrices.Any(s => !(s > 0 && double.IsFinite(s))))
        {
            throw new ArgumentException("InitialPrices must hold at least one positive finite value.", nameof(horizon));
        }

        if (Horizons is null || Horizons.Count == 0 || Horizons.Any(h => !(h > 0 && h <= horizon * (1 + 1e-12))))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), $"every horizon must lie in (0, T = {horizon}].");
        }

        if (Steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), "Steps must be at least 1.");
        }
    }

    private static double[] Linspace(double a, double b, int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "need at least one value.");
        }

        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = n == 1 ? (a + b) / 2 : a + ((b - a) * i / (n - 1));
        }

        return v;
    }
}
