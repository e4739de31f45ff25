namespace NeuralHjb.Analysis;

/// <summary>The outcome of <see cref="Backtest.Run"/>: per strategy, one metric per test day.</summary>
/// <param name="Dates">The test days.</param>
/// <param name="Directions">Whether each day closed above or below its arrival price (aligned with <paramref name="Dates"/>).</param>
/// <param name="Days">Per strategy, one metric per day (aligned with <paramref name="Dates"/>).</param>
public sealed record BacktestResult(IReadOnlyList<DateOnly> Dates, IReadOnlyList<MarketDirection> Directions, IReadOnlyDictionary<string, IReadOnlyList<ExecutionPathMetrics>> Days)
{
    /// <summary>Compares one strategy with the others on the same days.</summary>
    /// <param name="strategy">The strategy's name.</param>
    /// <param name="benchmarks">Benchmark names (e.g. "twap").</param>
    /// <returns>Summaries and paired differences.</returns>
    public ExecutionComparison Compare(string strategy, params string[] benchmarks)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        var b = new Dictionary<string, IReadOnlyList<ExecutionPathMetrics>>(StringComparer.Ordinal);
        foreach (var name in benchmarks)
        {
            b[name] = Days[name];
        }

        return ExecutionMetrics.Compare(Days[strategy], b);
    }

    /// <summary>The days that went one way (possibly none: then every strategy's list is empty).</summary>
    /// <param name="direction">Up, down or flat.</param>
    /// <returns>The same strategies on those days only, in the original order.</returns>
    public BacktestResult Where(MarketDirection direction)
    {
        var keep = new List<int>(Dates.Count);
        for (var i = 0; i < Dates.Count; i++)
        {
            if (Directions[i] == direction)
            {
                keep.Add(i);
            }
        }

        var days = new Dictionary<string, IReadOnlyList<ExecutionPathMetrics>>(StringComparer.Ordinal);
        foreach (var (name, metrics) in Days)
        {
            days[name] = keep.Select(i => metrics[i]).ToArray();
        }

        return new BacktestResult(keep.Select(i => Dates[i]).ToArray(), keep.Select(i => Directions[i]).ToArray(), days);
    }

    /// <summary>
    /// One strategy's summary over all days and over the up and down days separately (the paper's split: a seller
    /// that trades early gains against TWAP on falling days and loses on rising ones).
    /// </summary>
    /// <param name="strategy">The strategy's name.</param>
    /// <returns>The three summaries; a side with no days is null.</returns>
    public DirectionalSummary SummarizeByDirection(string strategy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(strategy);
        if (!Days.ContainsKey(strategy))
        {
            throw new ArgumentException($"no strategy named '{strategy}' in this backtest.", nameof(strategy));
        }

        var up = Where(MarketDirection.Up).Days[strategy];
        var down = Where(MarketDirection.Down).Days[strategy];
        return new DirectionalSummary(
            ExecutionMetrics.Summarize(Days[strategy]),
            up.Count > 0 ? ExecutionMetrics.Summarize(up) : null,
            down.Count > 0 ? ExecutionMetrics.Summarize(down) : null);
    }
}

/// <summary>A strategy's execution summary over all test days and split by the days' direction.</summary>
/// <param name="All">Every day (flat days included).</param>
/// <param name="Up">Days that closed above their arrival price, or null if there were none.</param>
/// <param name="Down">Days that closed below their arrival price, or null if there were none.</param>
public sealed record DirectionalSummary(ExecutionSummary All, ExecutionSummary? Up, ExecutionSummary? Down);
