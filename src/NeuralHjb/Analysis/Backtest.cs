namespace NeuralHjb.Analysis;

/// <summary>
/// Day-by-day execution backtest on historical binned prices: every strategy works the same order on every
/// day, closed-loop (it sees its inventory and the price move at each decision), and fills at the interval's
/// VWAP moved by its own linear impact (<see cref="ExecutionMetrics.WithLinearImpact"/>). The market does not
/// react to the strategy beyond that impact model — the usual limitation of bar backtests.
/// </summary>
public static class Backtest
{
    /// <summary>Runs the strategies on the days.</summary>
    /// <param name="days">Test days (N intervals each, T = 1 day).</param>
    /// <param name="strategies">The strategies (distinct names).</param>
    /// <param name="initialInventory">q₀ in order units (positive: a sell order).</param>
    /// <param name="temporaryImpact">κ in order units (currency·day per share per order unit²… as the policy was trained with).</param>
    /// <param name="permanentImpact">α in order units.</param>
    /// <returns>Per-day metrics of every strategy.</returns>
    public static BacktestResult Run(IReadOnlyList<BinnedDay> days, IReadOnlyList<IExecutionStrategy> strategies, double initialInventory, double temporaryImpact, double permanentImpact)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(strategies);
        if (days.Count == 0 || strategies.Count == 0)
        {
            throw new ArgumentException("days and strategies must not be empty.", nameof(days));
        }

        if (initialInventory == 0 || !double.IsFinite(initialInventory))
        {
            throw new ArgumentOutOfRangeException(nameof(initialInventory), initialInventory, "initialInventory must be non-zero and finite.");
        }

        var perStrategy = new Dictionary<string, List<ExecutionPathMetrics>>(StringComparer.Ordinal);
        foreach (var s in strategies)
        {
            if (!perStrategy.TryAdd(s.Name, new List<ExecutionPathMetrics>(days.Count)))
            {
                throw new ArgumentException($"strategy name '{s.Name}' is used twice.", nameof(strategies));
            }
        }

        foreach (var day in days)
        {
            var n = day.Intervals;
            var dt = 1.0 / n;
            foreach (var s in strategies)
            {
                s.BeginDay(day.ArrivalPrice);
                var q = new double[n + 1];
                q[0] = initialInventory;
                for (var k = 0; k < n; k++)
                {
                    var move = day.Prices[k] - day.Prices[0] + (permanentImpact * (q[k] - q[0]));
                    q[k + 1] = q[k] + (s.Rate(k, k * dt, q[k], move) * dt);
                }

                var path = ExecutionMetrics.WithLinearImpact(q, day.Vwap, day.ArrivalPrice, day.ClosePrice, dt, temporaryImpact, permanentImpact);
                perStrategy[s.Name].Add(ExecutionMetrics.Compute(path));
            }
        }

        var dates = new DateOnly[days.Count];
        var directions = new MarketDirection[days.Count];
        for (var i = 0; i < dates.Length; i++)
        {
            dates[i] = days[i].Date;
            directions[i] = days[i].Direction;
        }

        return new BacktestResult(dates, directions, perStrategy.ToDictionary(p => p.Key, p => (IReadOnlyList<ExecutionPathMetrics>)p.Value, StringComparer.Ordinal));
    }
}
