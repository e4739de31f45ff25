using NeuralHjb.Solvers.Pinn;

namespace NeuralHjb.Analysis;

/// <summary>Options of <see cref="GatheralSchiedBacktest"/>: the split, the order, the risk aversions and the PINN budget.</summary>
public sealed record GatheralSchiedBacktestOptions
{
    /// <summary>Gets N, the decision intervals per day (78: five-minute bins of a 390-minute session). It must divide the bars per day.</summary>
    public int Intervals { get; init; } = 78;

    /// <summary>Gets the share of days (from the start) used for calibration, in (0, 1); the rest is the out-of-sample test.</summary>
    public double CalibrationFraction { get; init; } = 2.0 / 3.0;

    /// <summary>
    /// Gets the order size as a fraction of the average daily volume, which sets the linear impact the fills pay
    /// (calibrated as in <see cref="MarketBacktest"/>). Non-negative; 0 fills at the interval VWAPs without impact.
    /// </summary>
    public double OrderFractionOfVolume { get; init; } = 0.1;

    /// <summary>
    /// Gets the λ to test as multiples of <see cref="GatheralSchiedScaling.LambdaScale"/> (non-negative). Default
    /// {0, 1, 3}: risk-neutral, the cross term doubling the arrival rate, and about the paper's λ* = 0.1.
    /// </summary>
    public IReadOnlyList<double> LambdaMultipliers { get; init; } = [0, 1, 3];

    /// <summary>Gets the mapping of a day onto the model's units (and κT).</summary>
    public GatheralSchiedScaling Scaling { get; init; } = new();

    /// <summary>Gets the MT-PINN budget (<see cref="GatheralSchiedPinn.MtPinn"/>).</summary>
    public PinnPreset Preset { get; init; } = PinnPreset.Standard;

    /// <summary>Gets the training seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the option and the rule it breaks.</exception>
    public void Validate()
    {
        BacktestOptionRules.Check(Intervals, CalibrationFraction, OrderFractionOfVolume, orderMayBeZero: true);
        if (LambdaMultipliers is null || LambdaMultipliers.Count == 0 || LambdaMultipliers.Any(m => !(m >= 0) || !double.IsFinite(m)))
        {
            throw new ArgumentOutOfRangeException(nameof(LambdaMultipliers), "LambdaMultipliers must be a non-empty list of non-negative finite numbers.");
        }

        if (LambdaMultipliers.Distinct().Count() != LambdaMultipliers.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(LambdaMultipliers), "LambdaMultipliers must not repeat a value.");
        }

        ArgumentNullException.ThrowIfNull(Scaling, nameof(Scaling));
        Scaling.Validate();
        if (!Enum.IsDefined(Preset))
        {
            throw new ArgumentOutOfRangeException(nameof(Preset), Preset, "Preset must be Quick or Standard.");
        }
    }
}
