using NeuralHjb.Control;
using NeuralHjb.MarketData;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DirectControl;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Analysis;

/// <summary>
/// Learning an execution policy for real prices: calibrate a Cartea–Jaimungal model on the first part of the
/// bars (volatility, intraday seasonality, impact by regression on signed volume), train one multi-preference
/// direct-control policy over the risk aversion φ in simulation (with the seasonal volatility), fine-tune it on
/// bootstrapped historical days (transfer learning), then backtest day by day out of sample against TWAP, VWAP
/// and the closed-form rule of the calibrated model.
/// </summary>
/// <remarks>
/// Units: time in trading days (T = 1), prices in currency per share relative to arrival, inventory in order
/// units (q₀ = 1 is the whole order of <see cref="MarketBacktestOptions.OrderFractionOfVolume"/> × ADV shares), so
/// κ and α per order unit are the per-share regression slopes times the order size.
/// </remarks>
public static class MarketBacktest
{
    /// <summary>Runs the experiment on bars.</summary>
    /// <param name="bars">One-minute (or other) bars in time order, several days.</param>
    /// <param name="options">Options (null for defaults).</param>
    /// <param name="progress">Training progress.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The calibration, the trained policy and the backtest per risk aversion.</returns>
    public static MarketBacktestResult Run(IReadOnlyList<MarketBar> bars, MarketBacktestOptions? options = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bars);
        options ??= new MarketBacktestOptions();
        options.Validate();
        var split = BacktestDays.Split(bars, options.Intervals, options.CalibrationFraction);
        var calibrationDays = split.Calibration;
        var testDays = split.Test;
        var calibration = MarketCalibration.Estimate(calibrationDays);
        var orderShares = options.OrderFractionOfVolume * calibration.AverageDailyVolume;
        var alpha = Math.Max(calibration.PermanentImpact, 0) * orderShares;
        var kappaRaw = calibration.TemporaryImpact * orderShares;

        // The model needs κ > 0; a non-positive bars-only estimate is replaced by α/100 and flagged.
        var kappaFloored = !(kappaRaw > 0);
        var kappa = kappaFloored ? Math.Max(alpha, 1e-6) / 100 : kappaRaw;
        var a = options.TerminalPenaltyOverAlpha * Math.Max(alpha, kappa);
        var phis = options.RiskAversions ?? [kappa, 9 * kappa, 36 * kappa];
        var phiHigh = Math.Max(1.1 * phis.Max(), kappa);
        var sigma = calibration.Sigma;
        var problem = new CarteaJaimungal(new Problems.Execution.CarteaJaimungalParameters
        {
            Kappa = kappa,
            Alpha = alpha,
            Sigma = sigma,
            A = a,
            Phi = phis[0],
            InitialPrice = 0,
            InitialInventory = 1,
            PriceLow = -10 * sigma,
            PriceHigh = 10 * sigma,
            CashLow = -10 * sigma,
            CashHigh = 10 * sigma,
        });
        var baseOptions = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Standard with
        {
            TimeSteps = options.Intervals,
            Iterations = options.Iterations,
            MultiPreference = true,
            PreferenceRanges = [new PreferenceSpec(CarteaJaimungal.PhiPreference, 0, phiHigh, "risk aversion phi")],
            Increments = new SeasonalGaussianIncrements(calibration.VolatilityProfile),
            OutputScale = 10,
            TimeToGoFeature = true,
            ValidationEvery = Math.Max(1, options.Iterations / 10),
            ValidationBatchSize = 512,
            Seed = options.Seed,
        });
        var simulated = new DirectControlSolver().Solve(problem, baseOptions, progress, cancellationToken);
        var finalPolicy = simulated.Policy;
        DirectControlResult? tuned = null;
        if (options.FineTuneIterations > 0)
        {
            // Fine-tuning continues from a copy so the simulation-trained policy stays available for comparison.
            var copy = DirectControlSolver.CreatePolicy(problem, baseOptions, baseOptions.PreferenceRanges!);
            var source = simulated.Policy.NamedParameters().ToDictionary(p => p.Key, p => p.Value);
            foreach (var (name, p) in copy.NamedParameters())
            {
                p.CopyFrom(source[name]);
            }

            tuned = new DirectControlSolver().Solve(
                problem,
                baseOptions with
                {
                    InitialPolicy = copy,
                    Iterations = options.FineTuneIterations,
                    LearningRate = 1e-3,
                    FinalLearningRate = 1e-4,
                    Increments = new BootstrapIncrements(calibration.StandardisedIncrements(calibrationDays)),
                    ValidationEvery = Math.Max(1, options.FineTuneIterations / 5),
                    Seed = options.Seed + 1,
                },
                progress,
                cancellationToken);
            finalPolicy = tuned.Policy;
        }

        var twap = ScheduleStrategy.Twap(options.Intervals);
        var vwap = new ScheduleStrategy("vwap", ReferenceStrategies.Vwap(1, calibration.VolumeProfile), 1.0 / options.Intervals);
        var outcomes = new List<RiskAversionOutcome>(phis.Count);
        foreach (var phi in phis)
        {
            var prefs = PreferenceBatch.Of(CarteaJaimungal.PhiPreference, Tensor.Full([1, 1], phi, DType.Float32));
            var closed = new CarteaJaimungalClosedForm(new Reference.CarteaJaimungalParameters(kappa, alpha, phi, a, 1));
            var strategies = new List<IExecutionStrategy>
            {
                new PolicyStrategy("learned", finalPolicy, prefs),
                new PolicyStrategy("learned-simulation-only", simulated.Policy, prefs),
                new RateStrategy("closed-form", (t, q) => closed.RatePerShare(t) * q),
                twap,
                vwap,
            };
            var result = Backtest.Run(testDays, strategies, 1, kappa, alpha);
            outcomes.Add(new RiskAversionOutcome(phi, result));
        }

        return new MarketBacktestResult(calibration, calibrationDays.Select(d => d.Date).ToArray(), testDays.Select(d => d.Date).ToArray(), orderShares, kappa, kappaFloored, alpha, a, simulated, tuned, outcomes);
    }
}

/// <summary>The backtest at one risk aversion.</summary>
/// <param name="Phi">φ.</param>
/// <param name="Result">Per-day metrics of "learned", "learned-simulation-only", "closed-form", "twap" and "vwap".</param>
public sealed record RiskAversionOutcome(double Phi, BacktestResult Result)
{
    /// <summary>The learned policy against TWAP and VWAP.</summary>
    /// <returns>The comparison.</returns>
    public ExecutionComparison LearnedVersusBenchmarks() => Result.Compare("learned", "twap", "vwap", "closed-form");
}

/// <summary>Everything <see cref="MarketBacktest.Run"/> produced.</summary>
/// <param name="Calibration">The per-share calibration.</param>
/// <param name="CalibrationDates">Days used to calibrate and train.</param>
/// <param name="TestDates">Out-of-sample days.</param>
/// <param name="OrderShares">The order size in shares.</param>
/// <param name="Kappa">κ per order unit used by the model.</param>
/// <param name="KappaFloored">Whether the bars-only κ estimate was not positive and α/100 was used instead.</param>
/// <param name="Alpha">α per order unit.</param>
/// <param name="TerminalPenalty">A per order unit².</param>
/// <param name="Simulation">The simulation training.</param>
/// <param name="FineTuning">The fine-tuning on historical increments, or null when skipped.</param>
/// <param name="Outcomes">One backtest per risk aversion.</param>
public sealed record MarketBacktestResult(
    MarketCalibration Calibration,
    IReadOnlyList<DateOnly> CalibrationDates,
    IReadOnlyList<DateOnly> TestDates,
    double OrderShares,
    double Kappa,
    bool KappaFloored,
    double Alpha,
    double TerminalPenalty,
    DirectControlResult Simulation,
    DirectControlResult? FineTuning,
    IReadOnlyList<RiskAversionOutcome> Outcomes);
