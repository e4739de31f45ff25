using NeuralHjb.Analysis;
using NeuralHjb.MarketData;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Analysis;

public class GatheralSchiedBacktestTests
{
    private static readonly GatheralSchiedScaling Scaling = new();

    private static IReadOnlyList<BinnedDay> Days(int days, int barsPerDay, int intervals, ulong seed = 7)
        => BinnedDay.FromDays(IntradaySessions.SplitByDay(SyntheticBars.Make(days, barsPerDay, alpha: 1e-4, seed)), intervals);

    [Fact]
    public void Scaling_maps_twap_to_twap_and_the_lambda_scale_doubles_the_arrival_rate()
    {
        // The model's TWAP rate X_m/T_m is the day's TWAP rate q₀/1.
        Scaling.DayRate(Scaling.ModelOrder / Scaling.ModelHorizon).Should().BeApproximately(-1, 1e-15);
        Scaling.ModelState(0.5, 5, 500).Should().Equal(5, 55 * 1.01);

        // The paper's set-up (κ = 0.1, T = 5, X₀ = 10, S₀ = 55): at λ = Λ the arrival rate is twice the λ = 0 rate.
        var zero = new NeuralHjb.Reference.GatheralSchiedClosedForm(0.1, 0.1, 0);
        var scaled = new NeuralHjb.Reference.GatheralSchiedClosedForm(0.1, 0.1, Scaling.LambdaScale);
        scaled.Rate(5, 10, 55).Should().BeApproximately(2 * zero.Rate(5, 10, 55), 1e-12);
        Scaling.LambdaScale.Should().BeApproximately(0.032129, 1e-6);
    }

    [Fact]
    public void Learned_policy_path_fed_the_exact_value_function_is_the_closed_form_strategy()
    {
        var problem = Scaling.Problem(sigmaPerSqrtDay: 0.01, lambda: 3 * Scaling.LambdaScale);
        var cf = GatheralSchiedClosedFormPolicy.ClosedForm(problem.Parameters);

        // Γ = a X² + b X S + c S² as a differentiable function of the state: the PINN policy takes ½Γ_X of it by autodiff.
        Tensor Exact(Tensor t, Tensor x)
        {
            var tau = problem.Horizon - t.ToDoubleArray()[0];
            var inventory = x.Slice(1, 0, 1);
            var price = x.Slice(1, 1, 1);
            return (inventory.Square() * cf.A(tau)) + (inventory * price * cf.B(tau)) + (price.Square() * cf.C(tau));
        }

        var viaGradient = new GatheralSchiedStrategy("exact-gamma", new PinnPolicy(Exact, new HjbResidual(problem)), Scaling);
        var closed = GatheralSchiedStrategy.ClosedForm("closed-form", problem, Scaling);

        // One decision by hand: ν = −(T_m/X_m)·v*(T_m(1 − t), X_m q, S_m(1 + ΔS/S₀)).
        viaGradient.BeginDay(400);
        var expected = -Scaling.ModelHorizon / Scaling.ModelOrder * cf.Rate(Scaling.ModelHorizon * 0.75, Scaling.ModelOrder * 0.4, 55 * (1 - (8.0 / 400)));
        viaGradient.Rate(3, 0.25, 0.4, -8).Should().BeApproximately(expected, 1e-12 * Math.Abs(expected));

        var result = Backtest.Run(Days(4, 24, 12), [viaGradient, closed], initialInventory: 1, temporaryImpact: 0.01, permanentImpact: 0.001);
        for (var d = 0; d < 4; d++)
        {
            var a = result.Days["exact-gamma"][d];
            var b = result.Days["closed-form"][d];
            a.ShortfallBps.Should().BeApproximately(b.ShortfallBps, 1e-9);
            a.Exposure.Should().BeApproximately(b.Exposure, 1e-12);
            a.TerminalInventory.Should().BeApproximately(b.TerminalInventory, 1e-12);
        }
    }

    [Fact]
    public void Risk_neutral_closed_form_becomes_twap_as_kappa_goes_to_zero_and_lambda_lowers_the_exposure()
    {
        var days = Days(3, 24, 12);
        var flat = Scaling with { KappaHorizon = 1e-6 };
        var twap = ScheduleStrategy.Twap(12);
        var limit = GatheralSchiedStrategy.ClosedForm("kappa-0", flat.Problem(0.01, 0), flat);
        var neutral = GatheralSchiedStrategy.ClosedForm("lambda-0", Scaling.Problem(0.01, 0), Scaling);
        var averse = GatheralSchiedStrategy.ClosedForm("lambda-1", Scaling.Problem(0.01, Scaling.LambdaScale), Scaling);
        var result = Backtest.Run(days, [twap, limit, neutral, averse], initialInventory: 1, temporaryImpact: 0.01, permanentImpact: 0);

        for (var d = 0; d < days.Count; d++)
        {
            // κ coth(κτ) q → q/τ: on TWAP's own path that is TWAP's rate, so the two coincide up to O(κ²τ²) = 1e-12.
            result.Days["kappa-0"][d].Exposure.Should().BeApproximately(result.Days["twap"][d].Exposure, 1e-9);
            result.Days["kappa-0"][d].ShortfallBps.Should().BeApproximately(result.Days["twap"][d].ShortfallBps, 1e-6);
            result.Days["kappa-0"][d].TerminalInventory.Should().BeApproximately(0, 1e-9);
            result.Days["twap"][d].Exposure.Should().BeApproximately(0.5, 1e-12);

            // κT = 0.5 front-loads a little; λ = Λ doubles the arrival rate and cuts the exposure further.
            result.Days["lambda-0"][d].Exposure.Should().BeInRange(0.47, 0.5);
            result.Days["lambda-1"][d].Exposure.Should().BeLessThan(result.Days["lambda-0"][d].Exposure - 0.05);
        }
    }

    [Fact]
    public void Up_and_down_days_partition_the_backtest()
    {
        var days = Days(12, 12, 4, seed: 11);
        var result = Backtest.Run(days, [ScheduleStrategy.Twap(4)], 1, 0.01, 0);
        var up = result.Where(MarketDirection.Up);
        var down = result.Where(MarketDirection.Down);
        var flat = result.Where(MarketDirection.Flat);

        up.Dates.Should().NotBeEmpty();
        down.Dates.Should().NotBeEmpty();
        up.Dates.Concat(down.Dates).Concat(flat.Dates).Should().BeEquivalentTo(result.Dates);
        up.Dates.Intersect(down.Dates).Should().BeEmpty();
        foreach (var day in days)
        {
            var expected = day.ClosePrice > day.ArrivalPrice ? up : day.ClosePrice < day.ArrivalPrice ? down : flat;
            expected.Dates.Should().Contain(day.Date);
        }

        var split = result.SummarizeByDirection("twap");
        split.Up!.Count.Should().Be(up.Dates.Count);
        split.Down!.Count.Should().Be(down.Dates.Count);
        var weighted = ((split.Up.MeanShortfallBps * split.Up.Count) + (split.Down.MeanShortfallBps * split.Down.Count)
            + (flat.Dates.Count > 0 ? ExecutionMetrics.Summarize(flat.Days["twap"]).MeanShortfallBps * flat.Dates.Count : 0)) / days.Count;
        split.All.MeanShortfallBps.Should().BeApproximately(weighted, 1e-9);

        // A seller pays on down days and gains on up days against the arrival price.
        split.Down.MeanShortfallBps.Should().BeGreaterThan(split.Up.MeanShortfallBps);
    }

    [Fact]
    public void Quick_mt_pinn_backtest_on_synthetic_bars_follows_the_closed_form()
    {
        var bars = SyntheticBars.Make(days: 6, barsPerDay: 24, alpha: 1e-4);
        var options = new GatheralSchiedBacktestOptions { Intervals = 12, CalibrationFraction = 0.5, LambdaMultipliers = [0], Preset = PinnPreset.Quick, Seed = 3 };
        var result = GatheralSchiedBacktest.Run(bars, options);

        result.CalibrationDates.Should().HaveCount(3);
        result.TestDates.Should().HaveCount(3);
        var calibration = BacktestDays.Split(bars, 12, 0.5).Calibration;
        result.SigmaPerSqrtDay.Should().BeApproximately(MarketCalibration.RelativeVolatility(calibration), 1e-15);
        var outcome = result.Outcomes.Should().ContainSingle().Subject;
        outcome.Lambda.Should().Be(0);
        var cmp = outcome.LearnedVersusBenchmarks();

        // The quick λ = 0 PINN's control error is < 0.01 % (docs/results/pinn.md): the backtest must not tell them apart.
        cmp.Differences[GatheralSchiedBacktest.ClosedForm].Exposure.Should().BeApproximately(0, 1e-3);
        cmp.Differences[GatheralSchiedBacktest.ClosedForm].ShortfallBps.Should().BeApproximately(0, 0.05);
        cmp.Strategy.TerminalInventory.Mean.Should().BeApproximately(0, 1e-3);
        cmp.Benchmarks[GatheralSchiedBacktest.Twap].MeanExposure.Should().BeApproximately(0.5, 1e-12);
    }

    [Fact]
    public void Bad_inputs_name_the_parameter()
    {
        static string? Param(Action a)
        {
            try
            {
                a();
                return null;
            }
            catch (ArgumentException e)
            {
                return e.ParamName;
            }
        }

        Param(() => new GatheralSchiedBacktestOptions { LambdaMultipliers = [0, -1] }.Validate()).Should().Be("LambdaMultipliers");
        Param(() => new GatheralSchiedBacktestOptions { LambdaMultipliers = [1, 1] }.Validate()).Should().Be("LambdaMultipliers");
        Param(() => new GatheralSchiedBacktestOptions { Intervals = 1 }.Validate()).Should().Be("Intervals");
        Param(() => new GatheralSchiedBacktestOptions { CalibrationFraction = 1 }.Validate()).Should().Be("CalibrationFraction");
        Param(() => new GatheralSchiedBacktestOptions { OrderFractionOfVolume = -0.1 }.Validate()).Should().Be("OrderFractionOfVolume");
        Param(() => new GatheralSchiedBacktestOptions { Scaling = new GatheralSchiedScaling { KappaHorizon = 0 } }.Validate()).Should().Be("KappaHorizon");
        Param(() => Scaling.Problem(-0.01, 0)).Should().Be("sigmaPerSqrtDay");
        Param(() => Scaling.Problem(0.01, double.NaN)).Should().Be("lambda");
        Param(() => GatheralSchiedBacktest.Run(SyntheticBars.Make(days: 2, barsPerDay: 12, alpha: 1e-4), new GatheralSchiedBacktestOptions { Intervals = 4 })).Should().Be("bars");
        Param(() => BacktestDays.Split(SyntheticBars.Make(days: 4, barsPerDay: 12, alpha: 1e-4), 4, 0)).Should().Be("calibrationFraction");

        var strategy = GatheralSchiedStrategy.ClosedForm("cf", Scaling.Problem(0.01, 0), Scaling);
        Param(() => strategy.BeginDay(0)).Should().Be("arrivalPrice");
        FluentActions.Invoking(() => strategy.Rate(0, 0, 1, 0)).Should().Throw<InvalidOperationException>().WithMessage("*BeginDay*");
        var result = Backtest.Run(Days(3, 12, 4), [strategy], 1, 0, 0);
        Param(() => result.SummarizeByDirection("nope")).Should().Be("strategy");
    }
}
