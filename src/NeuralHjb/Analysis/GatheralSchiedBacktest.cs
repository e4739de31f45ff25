using NeuralHjb.MarketData;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Training;

namespace NeuralHjb.Analysis;

/// <summary>
/// The MT-PINN paper's market backtest: calibrate the Gatheral–Schied model on the first days of the bars (the
/// relative volatility; κT and the λ scale are set by <see cref="GatheralSchiedScaling"/>, the fills' linear impact
/// as in <see cref="MarketBacktest"/>), train one MT-PINN per λ in the model's normalised units, and run the learned
/// policies, the closed form and TWAP day by day on the out-of-sample days, each day mapped onto the model by its
/// arrival price.
/// </summary>
public static class GatheralSchiedBacktest
{
    /// <summary>The learned policy's name in <see cref="GatheralSchiedLambdaOutcome.Result"/>.</summary>
    public const string Learned = "mt-pinn";

    /// <summary>The closed-form policy's name.</summary>
    public const string ClosedForm = "closed-form";

    /// <summary>The TWAP benchmark's name.</summary>
    public const string Twap = "twap";

    /// <summary>Runs the experiment on bars.</summary>
    /// <param name="bars">One-minute (or other) bars in time order, several days.</param>
    /// <param name="options">Options (null for defaults).</param>
    /// <param name="progress">PINN training progress.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The calibration and one backtest per λ.</returns>
    public static GatheralSchiedBacktestResult Run(IReadOnlyList<MarketBar> bars, GatheralSchiedBacktestOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bars);
        options ??= new GatheralSchiedBacktestOptions();
        options.Validate();
        var split = BacktestDays.Split(bars, options.Intervals, options.CalibrationFraction);
        var sigma = MarketCalibration.RelativeVolatility(split.Calibration);
        var impact = MarketCalibration.Estimate(split.Calibration);
        var orderShares = options.OrderFractionOfVolume * impact.AverageDailyVolume;

        // Non-positive bars-only impact estimates (the regressions can come out negative) mean no impact.
        var temporary = Math.Max(impact.TemporaryImpact, 0) * orderShares;
        var permanent = Math.Max(impact.PermanentImpact, 0) * orderShares;
        var scaling = options.Scaling;
        var outcomes = new List<GatheralSchiedLambdaOutcome>(options.LambdaMultipliers.Count);
        foreach (var multiplier in options.LambdaMultipliers)
        {
            var lambda = multiplier * scaling.LambdaScale;
            var problem = scaling.Problem(sigma, lambda);
            var training = new PinnSolver().Solve(problem, GatheralSchiedPinn.MtPinn(problem, options.Preset, options.Seed), progress, cancellationToken);
            IExecutionStrategy[] strategies =
            [
                GatheralSchiedStrategy.Learned(Learned, training, scaling),
                GatheralSchiedStrategy.ClosedForm(ClosedForm, problem, scaling),
                ScheduleStrategy.Twap(options.Intervals),
            ];
            outcomes.Add(new GatheralSchiedLambdaOutcome(multiplier, lambda, training, Backtest.Run(split.Test, strategies, 1, temporary, permanent)));
        }

        return new GatheralSchiedBacktestResult(
            split.Calibration.Select(d => d.Date).ToArray(),
            split.Test.Select(d => d.Date).ToArray(),
            sigma,
            scaling,
            impact,
            orderShares,
            temporary,
            permanent,
            outcomes);
    }
}

/// <summary>The backtest at one λ.</summary>
/// <param name="Multiplier">λ / <see cref="GatheralSchiedScaling.LambdaScale"/>.</param>
/// <param name="Lambda">λ in model units.</param>
/// <param name="Training">The MT-PINN trained for this λ.</param>
/// <param name="Result">Per-day metrics of "mt-pinn", "closed-form" and "twap".</param>
public sealed record GatheralSchiedLambdaOutcome(double Multiplier, double Lambda, PinnResult Training, BacktestResult Result)
{
    /// <summary>The learned policy against TWAP and the closed form on the same days.</summary>
    /// <returns>The comparison (differences learned − benchmark).</returns>
    public ExecutionComparison LearnedVersusBenchmarks() => Result.Compare(GatheralSchiedBacktest.Learned, GatheralSchiedBacktest.Twap, GatheralSchiedBacktest.ClosedForm);
}

/// <summary>Everything <see cref="GatheralSchiedBacktest.Run"/> produced.</summary>
/// <param name="CalibrationDates">In-sample days.</param>
/// <param name="TestDates">Out-of-sample days.</param>
/// <param name="SigmaPerSqrtDay">The calibrated relative volatility per √day (<see cref="MarketCalibration.RelativeVolatility"/>).</param>
/// <param name="Scaling">The day-to-model mapping (κT, λ scale).</param>
/// <param name="Impact">The in-sample calibration the fills' impact comes from.</param>
/// <param name="OrderShares">The order in shares.</param>
/// <param name="TemporaryImpact">κ per order unit used for the fills (0 when the estimate was not positive).</param>
/// <param name="PermanentImpact">α per order unit used for the fills (0 when the estimate was not positive).</param>
/// <param name="Outcomes">One backtest per λ, in the order of the multipliers.</param>
public sealed record GatheralSchiedBacktestResult(
    IReadOnlyList<DateOnly> CalibrationDates,
    IReadOnlyList<DateOnly> TestDates,
    double SigmaPerSqrtDay,
    GatheralSchiedScaling Scaling,
    MarketCalibration Impact,
    double OrderShares,
    double TemporaryImpact,
    double PermanentImpact,
    IReadOnlyList<GatheralSchiedLambdaOutcome> Outcomes);
