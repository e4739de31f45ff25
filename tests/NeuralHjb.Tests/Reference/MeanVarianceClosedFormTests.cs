using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Reference;

public class MeanVarianceClosedFormTests
{
    private static readonly MarketParameters Market = new(0.03, 0.08, 0.2);
    private const double Horizon = 2, Gamma = 1.5;

    /// <summary>Generator of the wealth SDE applied to f at (t, x) under the amount u (central differences).</summary>
    private static double Generator(Func<double, double, double> f, double t, double x, double u)
    {
        double ft = CentralDifferences.FirstAccurate(s => f(s, x), t, 1e-3);
        double fx = CentralDifferences.FirstAccurate(y => f(t, y), x, 1e-2);
        double fxx = CentralDifferences.SecondAccurate(y => f(t, y), x, 1e-1);
        return ft + (((Market.Rate * x) + (u * (Market.Drift - Market.Rate))) * fx) + (0.5 * u * u * Market.Sigma * Market.Sigma * fxx);
    }

    [Fact]
    public void Time_consistent_moments_solve_their_linear_pdes_and_give_the_value()
    {
        double Mean(double t, double x) => MeanVarianceClosedForm.ExpectedTerminalWealth(Market, Gamma, Horizon, t, x);
        double Second(double t, double x) => MeanVarianceClosedForm.TerminalVariance(Market, Gamma, Horizon, t) + (Mean(t, x) * Mean(t, x));
        foreach (double t in new[] { 0.3, 1.2 })
        {
            double u = MeanVarianceClosedForm.Amount(Market, Gamma, Horizon, t);
            foreach (double x in new[] { -1.0, 1.0, 4.0 })
            {
                Generator(Mean, t, x, u).Should().BeApproximately(0, 1e-8);
                Generator(Second, t, x, u).Should().BeApproximately(0, 1e-7);
                double value = MeanVarianceClosedForm.Value(Market, Gamma, Horizon, t, x);
                value.Should().BeApproximately(Mean(t, x) - (Gamma / 2 * (Second(t, x) - (Mean(t, x) * Mean(t, x)))), 1e-12);
            }
        }

        MeanVarianceClosedForm.Value(Market, Gamma, Horizon, Horizon, 3).Should().Be(3);
    }

    [Fact]
    public void Time_consistent_value_solves_the_extended_hjb_with_the_amount_as_maximiser()
    {
        // Björk–Murgoci: V_t + sup_u { (rx + u(μ−r)) V_x + ½u²σ² V_xx − (γ/2) u²σ² f_x² } = 0, f = E_t[X_T].
        double V(double t, double x) => MeanVarianceClosedForm.Value(Market, Gamma, Horizon, t, x);
        double F(double t, double x) => MeanVarianceClosedForm.ExpectedTerminalWealth(Market, Gamma, Horizon, t, x);
        double s2 = Market.Sigma * Market.Sigma;
        foreach (double t in new[] { 0.3, 1.2 })
        {
            double u = MeanVarianceClosedForm.Amount(Market, Gamma, Horizon, t);
            foreach (double x in new[] { -1.0, 4.0 })
            {
                double fx = CentralDifferences.FirstAccurate(y => F(t, y), x, 1e-2);
                double Extended(double a) => Generator(V, t, x, a) - (Gamma / 2 * a * a * s2 * fx * fx);
                Extended(u).Should().BeApproximately(0, 1e-8);
                CentralDifferences.First(Extended, u, 1e-3).Should().BeApproximately(0, 1e-7);
            }
        }
    }

    [Fact]
    public void Multi_asset_with_identity_correlation_is_asset_by_asset()
    {
        var market = new MultiAssetMarket(0.03, new[] { 0.08, 0.05 }, new[] { 0.2, 0.3 }, new double[,] { { 1, 0 }, { 0, 1 } });
        var u = MeanVarianceClosedForm.Amounts(market, Gamma, Horizon, 0.5);
        u[0].Should().BeApproximately(MeanVarianceClosedForm.Amount(Market, Gamma, Horizon, 0.5), 1e-13);
        u[1].Should().BeApproximately(MeanVarianceClosedForm.Amount(new MarketParameters(0.03, 0.05, 0.3), Gamma, Horizon, 0.5), 1e-13);
    }

    [Fact]
    public void Multi_asset_amounts_solve_the_covariance_system()
    {
        double[] mu = { 0.08, 0.05, 0.11 }, sigma = { 0.2, 0.3, 0.25 };
        var rho = new double[,] { { 1, 0.3, -0.2 }, { 0.3, 1, 0.5 }, { -0.2, 0.5, 1 } };
        var market = new MultiAssetMarket(0.03, mu, sigma, rho);
        const double t = 0.5;
        var u = MeanVarianceClosedForm.Amounts(market, Gamma, Horizon, t);
        double scale = Math.Exp(-0.03 * (Horizon - t)) / Gamma;
        double quadratic = 0;
        for (int i = 0; i < 3; i++)
        {
            double row = 0;
            for (int j = 0; j < 3; j++)
            {
                row += sigma[i] * rho[i, j] * sigma[j] * u[j];
            }

            row.Should().BeApproximately(scale * (mu[i] - 0.03), 1e-14);
            quadratic += (mu[i] - 0.03) * u[i];
        }

        // (μ−r)ᵀΣ⁻¹(μ−r) = (μ−r)ᵀu/scale.
        double value = MeanVarianceClosedForm.Value(market, Gamma, Horizon, t, 2);
        value.Should().BeApproximately((2 * Math.Exp(0.03 * (Horizon - t))) + (quadratic / scale * (Horizon - t) / (2 * Gamma)), 1e-13);
    }

    [Fact]
    public void Non_positive_definite_correlation_is_rejected_clearly()
    {
        var notPd = new double[,] { { 1, 0.9, 0.9 }, { 0.9, 1, -0.9 }, { 0.9, -0.9, 1 } };
        FluentActions.Invoking(() => new MultiAssetMarket(0.03, new[] { 0.1, 0.1, 0.1 }, new[] { 0.2, 0.2, 0.2 }, notPd))
            .Should().Throw<ArgumentException>().WithMessage("correlation must be positive definite*").Which.ParamName.Should().Be("correlation");
        var singular = new double[,] { { 1, 1 }, { 1, 1 } };
        FluentActions.Invoking(() => new MultiAssetMarket(0.03, new[] { 0.1, 0.1 }, new[] { 0.2, 0.2 }, singular))
            .Should().Throw<ArgumentException>().WithMessage("correlation must be positive definite*");
        var asymmetric = new double[,] { { 1, 0.2 }, { 0.3, 1 } };
        FluentActions.Invoking(() => new MultiAssetMarket(0.03, new[] { 0.1, 0.1 }, new[] { 0.2, 0.2 }, asymmetric))
            .Should().Throw<ArgumentException>().WithMessage("correlation must be symmetric*");
        FluentActions.Invoking(() => new MultiAssetMarket(0.03, new[] { 0.1, 0.1 }, new[] { 0.2, 0.2 }, new double[,] { { 2, 0 }, { 0, 1 } }))
            .Should().Throw<ArgumentException>().WithMessage("correlation must have a unit diagonal*");
        FluentActions.Invoking(() => new MultiAssetMarket(0.03, new[] { 0.1, 0.1 }, new[] { 0.2, -0.2 }, new double[,] { { 1, 0 }, { 0, 1 } }))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("sigmas");
        FluentActions.Invoking(() => new MultiAssetMarket(0.03, new[] { 0.1, 0.1 }, new[] { 0.2 }, new double[,] { { 1, 0 }, { 0, 1 } }))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("sigmas");
    }

    [Fact]
    public void Pre_commitment_moments_lie_on_the_frontier()
    {
        const double x0 = 1;
        foreach (double target in new[] { 1.2, 2.0, 5.0 })
        {
            double e = PreCommitmentMeanVariance.ExpectedTerminalWealth(Market, target, Horizon, x0);
            double v = PreCommitmentMeanVariance.TerminalVariance(Market, target, Horizon, x0);
            v.Should().BeApproximately(PreCommitmentMeanVariance.FrontierVariance(Market, Horizon, x0, e), 1e-12 * v);
        }

        PreCommitmentMeanVariance.FrontierVariance(new MarketParameters(0.03, 0.03, 0.2), Horizon, x0, 1.5).Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void Pre_commitment_target_for_a_risk_aversion_maximises_the_criterion()
    {
        const double x0 = 1;
        double Criterion(double target) => PreCommitmentMeanVariance.ExpectedTerminalWealth(Market, target, Horizon, x0)
            - (Gamma / 2 * PreCommitmentMeanVariance.TerminalVariance(Market, target, Horizon, x0));
        double best = PreCommitmentMeanVariance.TargetForRiskAversion(Market, Gamma, Horizon, x0);
        CentralDifferences.First(Criterion, best, 1e-4).Should().BeApproximately(0, 1e-9);
        Criterion(best).Should().BeGreaterThan(Criterion(best + 0.05)).And.BeGreaterThan(Criterion(best - 0.05));
    }

    [Fact]
    public void Pre_commitment_feedback_amount_reproduces_its_moments_in_simulation()
    {
        const double x0 = 1, target = 2.5;
        const int paths = 20_000, steps = 200;
        const double dt = Horizon / steps;
        var rng = new System.Random(12345);
        double sum = 0, sumSq = 0;
        for (int p = 0; p < paths; p++)
        {
            double x = x0;
            for (int k = 0; k < steps; k++)
            {
                double u = PreCommitmentMeanVariance.Amount(Market, target, Horizon, k * dt, x);
                double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                x += (((Market.Rate * x) + (u * (Market.Drift - Market.Rate))) * dt) + (u * Market.Sigma * Math.Sqrt(dt) * z);
            }

            sum += x;
            sumSq += x * x;
        }

        double mean = sum / paths, variance = (sumSq / paths) - (mean * mean);
        double e = PreCommitmentMeanVariance.ExpectedTerminalWealth(Market, target, Horizon, x0);
        double v = PreCommitmentMeanVariance.TerminalVariance(Market, target, Horizon, x0);
        mean.Should().BeApproximately(e, (4 * Math.Sqrt(v / paths)) + 2e-3);
        variance.Should().BeApproximately(v, 0.05 * v);
    }

    [Fact]
    public void Relative_performance_reduces_to_single_agent_and_agrees_for_identical_agents()
    {
        const double t = 0.4;
        double single = MeanVarianceClosedForm.Amount(Market, Gamma, Horizon, t);
        RelativePerformanceMeanVariance.Amounts(Market, new[] { Gamma, Gamma }, new[] { 0.0, 0.0 }, Horizon, t)
            .Should().AllSatisfy(u => u.Should().BeApproximately(single, 1e-14));

        double[] gammas = { Gamma, Gamma, Gamma }, thetas = { 0.4, 0.4, 0.4 };
        var meanField = RelativePerformanceMeanVariance.Amounts(Market, gammas, thetas, Horizon, t);
        var others = RelativePerformanceMeanVariance.AmountsAgainstOthers(Market, gammas, thetas, Horizon, t);
        for (int i = 0; i < 3; i++)
        {
            meanField[i].Should().BeApproximately(single / 0.6, 1e-13);
            others[i].Should().BeApproximately(single / 0.6, 1e-13);
        }
    }

    [Fact]
    public void Relative_performance_amounts_are_best_responses_to_each_other()
    {
        const double t = 0.4;
        double[] gammas = { 1, 2, 4, 0.5 }, thetas = { 0.1, 0.5, 0.3, 0.8 };
        double c = MeanVarianceClosedForm.Amount(Market, 1, Horizon, t);
        var u = RelativePerformanceMeanVariance.Amounts(Market, gammas, thetas, Horizon, t);
        var w = RelativePerformanceMeanVariance.AmountsAgainstOthers(Market, gammas, thetas, Horizon, t);
        double mean = u.Average();
        for (int i = 0; i < 4; i++)
        {
            // Each agent's net exposure to (X^i − θ_i X̄) is its own mean–variance amount c/γ_i.
            (u[i] - (thetas[i] * mean)).Should().BeApproximately(c / gammas[i], 1e-13);
            double othersMean = (w.Sum() - w[i]) / 3;
            (w[i] - (thetas[i] * othersMean)).Should().BeApproximately(c / gammas[i], 1e-13);
        }
    }

    [Fact]
    public void Mean_of_others_equilibrium_approaches_the_mean_field_formula_for_many_agents()
    {
        const double t = 0.4;
        double previous = double.PositiveInfinity;
        foreach (int n in new[] { 20, 80 })
        {
            var gammas = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1.0 : 3.0).ToArray();
            var thetas = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 0.6 : 0.2).ToArray();
            var u = RelativePerformanceMeanVariance.Amounts(Market, gammas, thetas, Horizon, t);
            var w = RelativePerformanceMeanVariance.AmountsAgainstOthers(Market, gammas, thetas, Horizon, t);
            double error = u.Zip(w, (a, b) => Math.Abs(a - b) / Math.Abs(a)).Max();
            error.Should().BeGreaterThan(0).And.BeLessThan(previous / 3.5, "the gap is O(1/N)");
            previous = error;
        }
    }

    [Fact]
    public void Bad_mean_variance_parameters_are_rejected_with_the_parameter_name()
    {
        FluentActions.Invoking(() => MeanVarianceClosedForm.Amount(Market, -1, Horizon, 0)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("riskAversion");
        FluentActions.Invoking(() => RelativePerformanceMeanVariance.Amounts(Market, new[] { 1.0, 2 }, new[] { 1.0, 1 }, Horizon, 0))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("competition must have a mean below 1*");
        FluentActions.Invoking(() => RelativePerformanceMeanVariance.Amounts(Market, new[] { 1.0, 0 }, new[] { 0.1, 0.1 }, Horizon, 0))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("riskAversions");
        FluentActions.Invoking(() => RelativePerformanceMeanVariance.Amounts(Market, new[] { 1.0, 2 }, new[] { 0.1 }, Horizon, 0))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("competition");
        FluentActions.Invoking(() => RelativePerformanceMeanVariance.AmountsAgainstOthers(Market, new[] { 1.0, 2 }, new[] { 1.0, 1 }, Horizon, 0))
            .Should().Throw<ArgumentException>().WithMessage("*singular*");
        FluentActions.Invoking(() => PreCommitmentMeanVariance.Amount(Market, double.NaN, Horizon, 0, 1))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("target");
    }
}
