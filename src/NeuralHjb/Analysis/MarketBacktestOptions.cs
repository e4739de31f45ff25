namespace NeuralHjb.Analysis;

/// <summary>Options of <see cref="MarketBacktest"/>: the split, the order, the model's penalties and the training budget.</summary>
public sealed record MarketBacktestOptions
{
    /// <summary>Gets N, the decision intervals per day (78: five-minute bins of a 390-minute session). It must divide the bars per day.</summary>
    public int Intervals { get; init; } = 78;

    /// <summary>Gets the share of days (from the start) used for calibration and training, in (0, 1); the rest is the out-of-sample test.</summary>
    public double CalibrationFraction { get; init; } = 2.0 / 3.0;

    /// <summary>Gets the order size as a fraction of the average daily volume (sets the impact per order unit). Positive.</summary>
    public double OrderFractionOfVolume { get; init; } = 0.1;

    /// <summary>Gets the running penalties φ to test (currency per order unit² per day), or null for κ·{1, 9, 36} (γ_c T = 1, 3, 6).</summary>
    public IReadOnlyList<double>? RiskAversions { get; init; }

    /// <summary>Gets A in units of α (the terminal penalty must exceed α/2 for selling to pay at all). Positive.</summary>
    public double TerminalPenaltyOverAlpha { get; init; } = 4;

    /// <summary>Gets the simulation training iterations (one multi-preference policy over φ).</summary>
    public int Iterations { get; init; } = 3000;

    /// <summary>Gets the fine-tuning iterations on bootstrapped historical increments (0 to skip).</summary>
    public int FineTuneIterations { get; init; } = 500;

    /// <summary>Gets the seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the option.</exception>
    public void Validate()
    {
        BacktestOptionRules.Check(Intervals, CalibrationFraction, OrderFractionOfVolume, orderMayBeZero: false);
        if (!(TerminalPenaltyOverAlpha > 0) || !double.IsFinite(TerminalPenaltyOverAlpha))
        {
            throw new ArgumentOutOfRangeException(nameof(TerminalPenaltyOverAlpha), TerminalPenaltyOverAlpha, "TerminalPenaltyOverAlpha must be positive.");
        }

        if (RiskAversions is not null && (RiskAversions.Count == 0 || RiskAversions.Any(r => !(r >= 0) || !double.IsFinite(r))))
        {
            throw new ArgumentOutOfRangeException(nameof(RiskAversions), "RiskAversions must be a non-empty list of non-negative numbers.");
        }

        if (Iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "Iterations must be at least 1.");
        }

        if (FineTuneIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FineTuneIterations), FineTuneIterations, "FineTuneIterations must be non-negative.");
        }
    }
}
