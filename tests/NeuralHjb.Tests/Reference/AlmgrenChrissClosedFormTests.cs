using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Reference;

public class AlmgrenChrissClosedFormTests
{
    private static readonly AlmgrenChrissParameters Published = new(1e6, 5, 5, 0.95, 0.0625, 2.5e-7, 2.5e-6);

    [Fact]
    public void Matches_REFERENCES_check_values_at_lambda_1e_minus_6()
    {
        var ac = new AlmgrenChrissClosedForm(Published);
        ac.Kappa(1e-6).Should().BeApproximately(0.607076, 5e-7);
        ac.ExpectedCost(1e-6).Should().BeApproximately(911_226.99, 0.005);
        ac.Variance(1e-6).Should().BeApproximately(3.641286e11, 0.5e5);
        var x = ac.Trajectory(1e-6);
        var expected = new[] { 1e6, 541956, 289854, 147897, 62142, 0 };
        x.Should().HaveCount(6);
        for (int j = 0; j < 6; j++)
        {
            x[j].Should().BeApproximately(expected[j], 0.5, $"x_{j}");
        }
    }

    [Fact]
    public void Matches_REFERENCES_check_values_at_lambda_2e_minus_6()
    {
        var ac = new AlmgrenChrissClosedForm(Published);
        ac.Kappa(2e-6).Should().BeApproximately(0.846297, 5e-7);
        ac.ExpectedCost(2e-6).Should().BeApproximately(1_140_715.17, 0.005);
        ac.Variance(2e-6).Should().BeApproximately(2.019313e11, 0.5e5);
    }

    [Fact]
    public void Lambda_zero_is_twap_with_the_published_cost_and_variance()
    {
        var ac = new AlmgrenChrissClosedForm(Published);
        ac.Kappa(0).Should().Be(0);
        ac.Trajectory(0).Should().Equal(1e6, 8e5, 6e5, 4e5, 2e5, 0);
        ac.ExpectedCost(0).Should().BeApproximately(662_500, 1e-6);
        ac.Variance(0).Should().BeApproximately(1.083e12, 1e-1);
    }

    [Theory]
    [InlineData(1e-22)]
    [InlineData(1e-17)]
    [InlineData(1e-14)]
    public void Small_lambda_approaches_twap_continuously(double lambda)
    {
        var ac = new AlmgrenChrissClosedForm(Published);
        ac.ExpectedCost(lambda).Should().BeApproximately(662_500, 662_500 * 1e-6);
        ac.Variance(lambda).Should().BeApproximately(1.083e12, 1.083e12 * 1e-6);
        double.IsFinite(ac.Objective(lambda)).Should().BeTrue();
    }

    [Theory]
    [InlineData(1e-8)]
    [InlineData(3e-7)]
    [InlineData(1e-6)]
    [InlineData(2e-6)]
    [InlineData(1e-4)]
    [InlineData(1e-1)]
    public void Closed_form_cost_and_variance_equal_the_sums_over_the_trajectory(double lambda)
    {
        var ac = new AlmgrenChrissClosedForm(Published);
        var x = ac.Trajectory(lambda);
        double e = ac.ExpectedCostOf(x), v = ac.VarianceOf(x);
        ac.ExpectedCost(lambda).Should().BeApproximately(e, 1e-11 * e);
        ac.Variance(lambda).Should().BeApproximately(v, 1e-9 * v + 1e-9);
    }

    [Fact]
    public void Closed_forms_stay_finite_and_equal_the_sums_for_very_urgent_schedules()
    {
        // κT in the hundreds: sinh(κT) overflows in the textbook expressions.
        var p = new AlmgrenChrissParameters(1e6, 5, 2000, 0.95, 0.0625, 2.5e-7, 2.5e-6);
        var ac = new AlmgrenChrissClosedForm(p);
        double lambda = 1;
        (ac.Kappa(lambda) * p.Horizon).Should().BeGreaterThan(700);
        var x = ac.Trajectory(lambda);
        ac.ExpectedCost(lambda).Should().BeApproximately(ac.ExpectedCostOf(x), 1e-10 * ac.ExpectedCostOf(x));
        ac.Variance(lambda).Should().BeApproximately(ac.VarianceOf(x), 1e-9 * ac.VarianceOf(x));
    }

    [Fact]
    public void Kappa_equals_the_arccosh_formula()
    {
        var ac = new AlmgrenChrissClosedForm(Published);
        foreach (double lambda in new[] { 1e-7, 1e-6, 2e-6, 1e-5 })
        {
            double kt2 = lambda * Published.Sigma * Published.Sigma / Published.EtaTilde;
            double tau = Published.Tau;
            double direct = Math.Acosh(1 + (0.5 * kt2 * tau * tau)) / tau;
            ac.Kappa(lambda).Should().BeApproximately(direct, 1e-12);
        }
    }

    [Fact]
    public void Optimal_trajectory_beats_every_perturbed_trajectory()
    {
        var ac = new AlmgrenChrissClosedForm(Published);
        const double lambda = 1e-6;
        var x = ac.Trajectory(lambda);
        double best = ac.ExpectedCostOf(x) + (lambda * ac.VarianceOf(x));
        var rng = new System.Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            var y = (double[])x.Clone();
            for (int j = 1; j < y.Length - 1; j++)
            {
                y[j] += (rng.NextDouble() - 0.5) * 2e4;
            }

            (ac.ExpectedCostOf(y) + (lambda * ac.VarianceOf(y))).Should().BeGreaterThan(best);
        }
    }

    [Fact]
    public void Frontier_trades_cost_for_variance_monotonically()
    {
        var ac = new AlmgrenChrissClosedForm(Published);
        var lambdas = new[] { 0, 1e-7, 5e-7, 1e-6, 2e-6, 1e-5 };
        var frontier = ac.Frontier(lambdas);
        frontier.Select(p => p.Lambda).Should().Equal(lambdas);
        for (int i = 1; i < frontier.Count; i++)
        {
            frontier[i].ExpectedCost.Should().BeGreaterThan(frontier[i - 1].ExpectedCost);
            frontier[i].Variance.Should().BeLessThan(frontier[i - 1].Variance);
            frontier[i].Kappa.Should().BeGreaterThan(frontier[i - 1].Kappa);
        }

        frontier[3].ExpectedCost.Should().Be(ac.ExpectedCost(1e-6));
    }

    [Fact]
    public void Continuous_limit_is_reached_at_first_order_as_the_grid_refines()
    {
        foreach (double lambda in new[] { 0, 1e-6, 2e-6 })
        {
            var errors = new List<double>();
            foreach (int steps in new[] { 5000, 10_000, 20_000 })
            {
                var p = new AlmgrenChrissParameters(1e6, 5, steps, 0.95, 0.0625, 2.5e-7, 2.5e-6);
                var discrete = new AlmgrenChrissClosedForm(p);
                var continuous = new AlmgrenChrissContinuous(p);
                discrete.Kappa(lambda).Should().BeApproximately(continuous.Kappa(lambda), 1e-4 * (1 + continuous.Kappa(lambda)));
                errors.Add(Math.Abs(discrete.Objective(lambda) - continuous.Objective(lambda)) / continuous.Objective(lambda));
            }

            // The discrete sums are Riemann sums of the continuous integrals: error O(τ), halving with τ.
            errors[2].Should().BeLessThan(2e-4);
            (errors[0] / errors[1]).Should().BeInRange(1.9, 2.1);
            (errors[1] / errors[2]).Should().BeInRange(1.9, 2.1);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-6)]
    public void Continuous_rate_is_minus_the_time_derivative_of_the_holdings(double lambda)
    {
        var c = new AlmgrenChrissContinuous(Published);
        foreach (double t in new[] { 0.5, 2.0, 4.5 })
        {
            double dxdt = CentralDifferences.FirstAccurate(s => c.Holdings(lambda, s), t, 1e-3);
            c.Rate(lambda, t, c.Holdings(lambda, t)).Should().BeApproximately(-dxdt, 1e-6 * Math.Abs(dxdt));
        }

        c.Holdings(lambda, 0).Should().Be(1e6);
        c.Holdings(lambda, 5).Should().Be(0);
    }

    [Fact]
    public void Continuous_objective_without_spread_matches_the_REFERENCES_formula()
    {
        var p = new AlmgrenChrissParameters(1e6, 5, 5, 0.95, 0, 2.5e-7, 2.5e-6);
        var c = new AlmgrenChrissContinuous(p);
        double kappa = Math.Sqrt(1e-6 * 0.95 * 0.95 / 2.5e-6);
        double expected = (0.5 * 2.5e-7 * 1e12) + (2.5e-6 * kappa * 1e12 / Math.Tanh(kappa * 5));
        c.Objective(1e-6).Should().BeApproximately(expected, 1e-9 * expected);
        c.Objective(0).Should().BeApproximately((0.5 * 2.5e-7 * 1e12) + (2.5e-6 * 1e12 / 5), 1e-9);
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_the_parameter_name()
    {
        FluentActions.Invoking(() => new AlmgrenChrissParameters(1e6, 0, 5, 0.95, 0.0625, 2.5e-7, 2.5e-6))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("horizon");
        FluentActions.Invoking(() => new AlmgrenChrissParameters(1e6, 5, 0, 0.95, 0.0625, 2.5e-7, 2.5e-6))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("steps");
        FluentActions.Invoking(() => new AlmgrenChrissParameters(1e6, 5, 5, -1, 0.0625, 2.5e-7, 2.5e-6))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*sigma must be non-negative and finite*");
        FluentActions.Invoking(() => new AlmgrenChrissParameters(1e6, 5, 5, 0.95, 0.0625, 2.5e-7, 1e-7))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*eta must exceed gamma*tau/2*");
        var ac = new AlmgrenChrissClosedForm(Published);
        FluentActions.Invoking(() => ac.Kappa(-1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("lambda");
        FluentActions.Invoking(() => ac.VarianceOf(new[] { 1e6, 0 })).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("holdings");
        FluentActions.Invoking(() => new AlmgrenChrissContinuous(Published).Rate(0, 5, 1)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("t");
    }
}
