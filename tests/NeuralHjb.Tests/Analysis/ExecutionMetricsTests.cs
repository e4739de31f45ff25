using NeuralHjb.Analysis;
using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Analysis;

public class ExecutionMetricsTests
{
    [Fact]
    public void Shortfall_exposure_and_terminal_inventory_of_a_hand_made_sell_path()
    {
        // Sell 10 shares: 6 at 99, 3 at 98, keep 1 marked at 97; arrival 100.
        var path = new ExecutionPath([10, 4, 1], [99, 98], arrivalPrice: 100, finalPrice: 97);
        var m = ExecutionMetrics.Compute(path);

        // cash 6·99 + 3·98 = 888; value 888 + 97 = 985; shortfall 1000 − 985 = 15 = 150 bps of 1000.
        m.Shortfall.Should().BeApproximately(15, 1e-12);
        m.ShortfallBps.Should().BeApproximately(150, 1e-9);

        // |q|/|q0| at 1, 0.4, 0.1; trapezoid over two intervals: ((1 + 0.4)/2 + (0.4 + 0.1)/2)/2 = 0.475.
        m.Exposure.Should().BeApproximately(0.475, 1e-12);

        // (q/q0)² integrated exactly on each linear piece: ((1 + 0.4 + 0.16)/3 + (0.16 + 0.04 + 0.01)/3)/2 = 0.295.
        m.SquaredExposure.Should().BeApproximately(0.295, 1e-12);
        m.TerminalInventory.Should().Be(1);
        m.TerminalInventoryFraction.Should().BeApproximately(0.1, 1e-12);
    }

    [Fact]
    public void A_buy_program_paying_above_arrival_has_a_positive_shortfall()
    {
        var m = ExecutionMetrics.Compute(new ExecutionPath([-4, -2, 0], [101, 102], 100, 103));

        // Pays 2·101 + 2·102 = 406 for shares worth 400 at arrival: shortfall 6 = 150 bps.
        m.Shortfall.Should().BeApproximately(6, 1e-12);
        m.ShortfallBps.Should().BeApproximately(150, 1e-9);
    }

    [Fact]
    public void Twap_with_linear_impact_on_a_flat_price_costs_the_temporary_and_permanent_impact()
    {
        const int n = 4;
        const double kappa = 0.3, alpha = 0.2, q0 = 2, dt = 1.0 / n;
        var times = Enumerable.Range(0, n + 1).Select(k => k * dt).ToArray();
        var schedule = ReferenceStrategies.Twap(q0, times);
        var path = ExecutionMetrics.WithLinearImpact(schedule, Enumerable.Repeat(50.0, n).ToArray(), 50, 50, dt, kappa, alpha);
        var m = ExecutionMetrics.Compute(path);

        // Selling at rate q0: each interval sells q0/n at 50 − α(q0 − qₖ) − κq0.
        // Shortfall = κ q0² + α Σₖ (q0/n)(q0 − qₖ) = κ q0² + α q0² (n − 1)/(2n).
        var expected = (kappa * q0 * q0) + (alpha * q0 * q0 * (n - 1) / (2.0 * n));
        m.Shortfall.Should().BeApproximately(expected, 1e-12);
        m.Exposure.Should().BeApproximately(0.5, 1e-12);
        m.TerminalInventory.Should().Be(0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(78)]
    public void Twap_squared_exposure_is_one_third_on_any_grid(int n)
    {
        // ∫₀¹ (1 − t)² dt = 1/3: the figure the paper's TWAP exposure 0.334 matches, on 78 five-minute bins or one.
        var times = Enumerable.Range(0, n + 1).Select(k => (double)k / n).ToArray();
        var path = new ExecutionPath(ReferenceStrategies.Twap(5, times), Enumerable.Repeat(10.0, n).ToArray(), 10, 10);
        ExecutionMetrics.Compute(path).SquaredExposure.Should().BeApproximately(1.0 / 3, 1e-14);
    }

    [Fact]
    public void Summary_reports_quantiles_completion_and_paired_differences()
    {
        var paths = Enumerable.Range(0, 5).Select(i => new ExecutionPathMetrics(i, i * 10, 0.5, 0, i == 4 ? 0.5 : 0, 0.25)).ToArray();
        var s = ExecutionMetrics.Summarize(paths);
        s.MeanShortfallBps.Should().Be(20);
        s.ShortfallBpsStandardDeviation.Should().BeApproximately(Math.Sqrt(250), 1e-12);
        s.TerminalInventory.Median.Should().Be(0);
        s.TerminalInventory.Q95.Should().BeApproximately(0.4, 1e-12);
        s.CompletionRate.Should().Be(0.8);
        s.MeanSquaredExposure.Should().Be(0.25);

        var bench = paths.Select(p => p with { ShortfallBps = p.ShortfallBps + 3, Exposure = 0.25, SquaredExposure = 1.0 / 3 }).ToArray();
        var cmp = ExecutionMetrics.Compare(paths, new Dictionary<string, IReadOnlyList<ExecutionPathMetrics>> { ["twap"] = bench });
        cmp.Differences["twap"].ShortfallBps.Should().BeApproximately(-3, 1e-12);
        cmp.Differences["twap"].ShortfallBpsStandardError.Should().BeApproximately(0, 1e-12);
        cmp.Differences["twap"].Exposure.Should().BeApproximately(0.25, 1e-12);
        cmp.Differences["twap"].SquaredExposure.Should().BeApproximately(0.25 - (1.0 / 3), 1e-12);
    }

    [Fact]
    public void Bad_paths_are_rejected_with_the_parameter_named()
    {
        FluentActions.Invoking(() => new ExecutionPath([1, 0], [1, 2], 100, 100)).Should().Throw<ArgumentException>().WithParameterName("inventory");
        FluentActions.Invoking(() => new ExecutionPath([0, 0], [1], 100, 100)).Should().Throw<ArgumentException>().WithParameterName("inventory");
        FluentActions.Invoking(() => new ExecutionPath([1, 0], [1], -1, 100)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("arrivalPrice");
    }
}
