namespace NeuralHjb.Analysis;

/// <summary>
/// Execution metrics: implementation shortfall against the arrival price (currency and basis points),
/// inventory exposure (time-average |q|/|q₀|) and squared exposure (time-average (q/q₀)²), the distribution of the terminal inventory, and the
/// comparison of a strategy with TWAP/VWAP on the same price paths.
/// </summary>
public static class ExecutionMetrics
{
    /// <summary>The metrics of one path.</summary>
    /// <param name="path">The executed path.</param>
    /// <returns>Shortfall, exposure and terminal inventory.</returns>
    public static ExecutionPathMetrics Compute(ExecutionPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var q = path.Inventory;
        var n = path.Intervals;
        var cash = 0.0;
        var area = 0.0;
        var squares = 0.0;
        var q0 = q[0];
        for (var k = 0; k < n; k++)
        {
            cash += (q[k] - q[k + 1]) * path.ExecutionPrices[k];
            area += (Math.Abs(q[k]) + Math.Abs(q[k + 1])) / 2;
            double a = q[k] / q0, b = q[k + 1] / q0;
            squares += ((a * a) + (a * b) + (b * b)) / 3;
        }

        var shortfall = (q0 * path.ArrivalPrice) - (cash + (q[n] * path.FinalPrice));
        var bps = shortfall / (Math.Abs(q0) * path.ArrivalPrice) * 1e4;
        return new ExecutionPathMetrics(shortfall, bps, area / n / Math.Abs(q0), q[n], q[n] / q0, squares / n);
    }

    /// <summary>Summarises the metrics of many paths (or days).</summary>
    /// <param name="paths">The per-path metrics (at least one).</param>
    /// <param name="terminalTolerance">|q_N/q₀| at or below which the order counts as completed.</param>
    /// <returns>Means, dispersions and the terminal-inventory distribution.</returns>
    public static ExecutionSummary Summarize(IReadOnlyList<ExecutionPathMetrics> paths, double terminalTolerance = 0.01)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ArgumentException("paths must hold at least one path.", nameof(paths));
        }

        if (!(terminalTolerance >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(terminalTolerance), terminalTolerance, "terminalTolerance must be non-negative.");
        }

        var n = paths.Count;
        var bps = new double[n];
        var shortfall = new double[n];
        var exposure = new double[n];
        var squared = new double[n];
        var terminal = new double[n];
        var done = 0;
        for (var i = 0; i < n; i++)
        {
            bps[i] = paths[i].ShortfallBps;
            shortfall[i] = paths[i].Shortfall;
            exposure[i] = paths[i].Exposure;
            squared[i] = paths[i].SquaredExposure;
            terminal[i] = paths[i].TerminalInventoryFraction;
            done += Math.Abs(terminal[i]) <= terminalTolerance ? 1 : 0;
        }

        return new ExecutionSummary(
            n,
            Mean(shortfall),
            Mean(bps),
            StandardDeviation(bps),
            Mean(exposure),
            Mean(squared),
            new DistributionSummary(Mean(terminal), StandardDeviation(terminal), Quantile(terminal, 0.05), Quantile(terminal, 0.5), Quantile(terminal, 0.95)),
            (double)done / n);
    }

    /// <summary>Compares a strategy with benchmarks evaluated on the same paths.</summary>
    /// <param name="strategy">The strategy's per-path metrics.</param>
    /// <param name="benchmarks">Named benchmarks (e.g. "twap", "vwap"), each with one metric per path in the same order.</param>
    /// <returns>The summaries and the mean paired differences strategy − benchmark.</returns>
    public static ExecutionComparison Compare(IReadOnlyList<ExecutionPathMetrics> strategy, IReadOnlyDictionary<string, IReadOnlyList<ExecutionPathMetrics>> benchmarks)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(benchmarks);
        var summaries = new Dictionary<string, ExecutionSummary>(StringComparer.Ordinal);
        var differences = new Dictionary<string, PairedDifference>(StringComparer.Ordinal);
        foreach (var (name, bench) in benchmarks)
        {
            if (bench.Count != strategy.Count)
            {
                throw new ArgumentException($"benchmark '{name}' has {bench.Count} paths, the strategy {strategy.Count}.", nameof(benchmarks));
            }

            summaries[name] = Summarize(bench);
            var d = new double[strategy.Count];
            var e = new double[strategy.Count];
            var e2 = new double[strategy.Count];
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = strategy[i].ShortfallBps - bench[i].ShortfallBps;
                e[i] = strategy[i].Exposure - bench[i].Exposure;
                e2[i] = strategy[i].SquaredExposure - bench[i].SquaredExposure;
            }

            var sd = StandardDeviation(d);
            differences[name] = new PairedDifference(Mean(d), d.Length > 1 ? sd / Math.Sqrt(d.Length) : double.NaN, Mean(e), Mean(e2));
        }

        return new ExecutionComparison(Summarize(strategy), summaries, differences);
    }

    /// <summary>
    /// The execution path of an inventory schedule under linear impact on unaffected prices: the shares of interval k
    /// fill at Pₖ + α(qₖ − q₀) + κνₖ with νₖ = (qₖ₊₁ − qₖ)/Δt — the base price, the permanent impact of the shares
    /// already traded, and the temporary impact (the Cartea–Jaimungal cash equation dX = −ν(S + κν)dt). The rest
    /// q_N is marked at the final price plus the permanent impact.
    /// </summary>
    /// <param name="inventory">q₀ … q_N.</param>
    /// <param name="basePrices">P₀ … P_{N−1}: the unaffected price of each interval (e.g. its VWAP, or Sₖ in a simulation).</param>
    /// <param name="arrivalPrice">The arrival price (positive).</param>
    /// <param name="finalPrice">The unaffected price at the end.</param>
    /// <param name="dt">Interval length Δt (positive).</param>
    /// <param name="kappa">κ, temporary impact (non-negative).</param>
    /// <param name="alpha">α, permanent impact (non-negative).</param>
    /// <returns>The path.</returns>
    public static ExecutionPath WithLinearImpact(IReadOnlyList<double> inventory, IReadOnlyList<double> basePrices, double arrivalPrice, double finalPrice, double dt, double kappa, double alpha)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(basePrices);
        if (basePrices.Count + 1 != inventory.Count)
        {
            throw new ArgumentException($"basePrices needs one entry per interval (got {basePrices.Count} prices for {inventory.Count} inventories).", nameof(basePrices));
        }

        if (!(dt > 0) || !double.IsFinite(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "dt must be positive and finite.");
        }

        if (!(kappa >= 0) || !(alpha >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(kappa), "kappa and alpha must be non-negative.");
        }

        var n = basePrices.Count;
        var exec = new double[n];
        for (var k = 0; k < n; k++)
        {
            var rate = (inventory[k + 1] - inventory[k]) / dt;
            exec[k] = basePrices[k] + (alpha * (inventory[k] - inventory[0])) + (kappa * rate);
        }

        return new ExecutionPath(inventory, exec, arrivalPrice, finalPrice + (alpha * (inventory[n] - inventory[0])));
    }

    private static double Mean(double[] v)
    {
        var s = 0.0;
        foreach (var x in v)
        {
            s += x;
        }

        return s / v.Length;
    }

    private static double StandardDeviation(double[] v)
    {
        if (v.Length < 2)
        {
            return 0;
        }

        var m = Mean(v);
        var s = 0.0;
        foreach (var x in v)
        {
            s += (x - m) * (x - m);
        }

        return Math.Sqrt(s / (v.Length - 1));
    }

    private static double Quantile(double[] v, double p)
    {
        var sorted = (double[])v.Clone();
        Array.Sort(sorted);
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}

/// <summary>Mean, standard deviation and 5/50/95% quantiles (linear interpolation) of a sample.</summary>
/// <param name="Mean">Mean.</param>
/// <param name="StandardDeviation">Sample standard deviation.</param>
/// <param name="Q05">5% quantile.</param>
/// <param name="Median">Median.</param>
/// <param name="Q95">95% quantile.</param>
public sealed record DistributionSummary(double Mean, double StandardDeviation, double Q05, double Median, double Q95);

/// <summary>Aggregate execution metrics over paths or days.</summary>
/// <param name="Count">Number of paths.</param>
/// <param name="MeanShortfall">Mean shortfall in currency.</param>
/// <param name="MeanShortfallBps">Mean shortfall in basis points.</param>
/// <param name="ShortfallBpsStandardDeviation">Its standard deviation across paths (the risk of the strategy).</param>
/// <param name="MeanExposure">Mean time-average |q|/|q₀|.</param>
/// <param name="MeanSquaredExposure">Mean time-average (q/q₀)² (1/3 for TWAP).</param>
/// <param name="TerminalInventory">Distribution of q_N/q₀.</param>
/// <param name="CompletionRate">Share of paths with |q_N/q₀| within the tolerance.</param>
public sealed record ExecutionSummary(int Count, double MeanShortfall, double MeanShortfallBps, double ShortfallBpsStandardDeviation, double MeanExposure, double MeanSquaredExposure, DistributionSummary TerminalInventory, double CompletionRate);

/// <summary>Mean paired difference strategy − benchmark.</summary>
/// <param name="ShortfallBps">Mean difference of shortfall (bps; negative: the strategy is cheaper).</param>
/// <param name="ShortfallBpsStandardError">Standard error of that mean.</param>
/// <param name="Exposure">Mean difference of exposure.</param>
/// <param name="SquaredExposure">Mean difference of squared exposure.</param>
public sealed record PairedDifference(double ShortfallBps, double ShortfallBpsStandardError, double Exposure, double SquaredExposure);

/// <summary>A strategy against benchmarks on the same paths.</summary>
/// <param name="Strategy">The strategy's summary.</param>
/// <param name="Benchmarks">Each benchmark's summary.</param>
/// <param name="Differences">Strategy − benchmark, per benchmark.</param>
public sealed record ExecutionComparison(ExecutionSummary Strategy, IReadOnlyDictionary<string, ExecutionSummary> Benchmarks, IReadOnlyDictionary<string, PairedDifference> Differences);
