using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using static NeuralHjb.Tests.Problems.ProblemAssert;

namespace NeuralHjb.Tests.Problems;

public class MertonTests
{
    private static readonly Tensor T0 = Tensor.Scalar(0.3, DType.Float64);

    [Theory]
    [InlineData(PortfolioControl.Fraction)]
    [InlineData(PortfolioControl.Amount)]
    public void Drift_and_diffusion_match_hand_computation(PortfolioControl control)
    {
        var p = new Merton(new MertonParameters { Control = control });
        var x = Column(2, 0.5);
        var u = Column(0.75, 1.5);
        var exposure = control == PortfolioControl.Fraction ? new[] { 1.5, 0.75 } : [0.75, 1.5];
        Close(p.Dynamics.Drift(T0, x, u), [(0.02 * 2) + (exposure[0] * 0.03), (0.02 * 0.5) + (exposure[1] * 0.03)]);
        Close(p.Dynamics.Diffusion(T0, x, u), [exposure[0] * 0.2, exposure[1] * 0.2]);
        p.Dynamics.DiffusionForm.Should().Be(DiffusionForm.Diagonal);
        Close(p.Cost.RunningCost(T0, x, u), [0, 0]);
    }

    [Theory]
    [InlineData(UtilityKind.Power)]
    [InlineData(UtilityKind.Log)]
    [InlineData(UtilityKind.Exponential)]
    public void Terminal_cost_is_minus_the_utility(UtilityKind utility)
    {
        var p = new Merton(new MertonParameters { Utility = utility, PowerExponent = 0.3, RiskAversion = 2 });
        double U(double x) => utility switch
        {
            UtilityKind.Power => Math.Pow(x, 0.3) / 0.3,
            UtilityKind.Log => Math.Log(x),
            _ => -Math.Exp(-2 * x) / 2,
        };
        Close(p.Cost.TerminalCost(Column(2, 0.5)), [-U(2), -U(0.5)]);
    }

    [Fact]
    public void Minimiser_gives_mertons_fraction_on_the_closed_form_value()
    {
        // V = −(x^p/p) e^{ν(T−t)}: V_x = −x^{p−1}e, V_xx = (1 − p) x^{p−2} e.
        var p = new Merton(new MertonParameters { PowerExponent = -1 });
        var x = 1.7;
        var e = 1.3;
        var grad = Rows([-Math.Pow(x, -2) * e]);
        var hess = Tensor.FromArray([2 * Math.Pow(x, -3) * e], [1, 1, 1]);
        Close(p.OptimalControl(T0, Rows([x]), grad, hess), [0.03 / (2 * 0.04)], 1e-12);
        MinimizerIsMinimal(p, (rng, n) => Tensor.Normal([n, 1], rng, 0, 1, DType.Float64), (rng, n) => Tensor.Uniform([n, 1, 1], rng, 0.1, 3, DType.Float64));
        var amount = new Merton(new MertonParameters { Control = PortfolioControl.Amount, Utility = UtilityKind.Exponential });
        MinimizerIsMinimal(amount, (rng, n) => Tensor.Normal([n, 1], rng, 0, 1, DType.Float64), (rng, n) => Tensor.Uniform([n, 1, 1], rng, 0.1, 3, DType.Float64));
    }

    [Fact]
    public void Euler_step_has_the_model_mean_and_variance()
        => StepMoments(new Merton(), [1.5], [0.6]);

    [Fact]
    public void Per_sample_power_exponent_matches_separate_problems()
    {
        var mixed = new Merton();
        mixed.Preferences.Select(s => s.Name).Should().Equal("p");
        var x = Column(2, 0.5);
        var g = mixed.Cost.TerminalCost(x, PreferenceBatch.Of("p", Column(0.2, 0.7))).ToDoubleArray();
        g[0].Should().BeApproximately(new Merton(new MertonParameters { PowerExponent = 0.2 }).Cost.TerminalCost(x).ToDoubleArray()[0], 1e-12);
        g[1].Should().BeApproximately(new Merton(new MertonParameters { PowerExponent = 0.7 }).Cost.TerminalCost(x).ToDoubleArray()[1], 1e-12);
    }

    [Fact]
    public void Bad_parameters_are_rejected()
    {
        FluentActions.Invoking(() => new Merton(new MertonParameters { PowerExponent = 1 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*powerExponent must be finite, below 1 and non-zero*");
        FluentActions.Invoking(() => new Merton(new MertonParameters { Volatility = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*sigma must be positive and finite*");
        FluentActions.Invoking(() => new Merton(new MertonParameters { Utility = UtilityKind.Exponential, RiskAversion = double.NaN }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*riskAversion*");
    }
}

public class MertonWithCostsAndLiquidityTests
{
    private static readonly Tensor T0 = Tensor.Scalar(0.4, DType.Float64);

    [Fact]
    public void Defaults_are_section_7()
    {
        var p = new MertonWithCostsAndLiquidity().Parameters;
        (p.InterestRate, p.Drift, p.Volatility, p.Rho1, p.Rho2, p.Rho3, p.Horizon).Should().Be((0.02, 0.05, 0.2, 0.5, 0.3, 0.4, 1.0));
        (p.Theta0, p.LambdaTc, p.Alpha, p.Beta, p.CostRate, p.LiquidityVolatility, p.Xi).Should().Be((0.6, 5.0, 2.0, 0.3, 0.004, 0.2, 0.4));
        p.RebalanceInterval.Should().BeApproximately(1.0 / 12, 1e-15);
        (p.PowerExponent, p.RiskAversion).Should().Be((0.5, 0.5));
    }

    [Fact]
    public void Drift_and_covariance_match_the_specification()
    {
        var prm = new MertonWithCostsAndLiquidityParameters();
        var p = new MertonWithCostsAndLiquidity(prm);
        double x = 1.4, l = 0.7, pi = 0.35;
        var sigma2 = (0.2 * 0.2) + (0.09 * l * l) + (2 * 0.5 * 0.2 * 0.3 * l);
        var c = 0.004 * Math.Sqrt(2 / (Math.PI / 12));
        var dx = (0.02 + (0.03 * pi) - (c * pi * (1 - pi) * Math.Sqrt(sigma2))) * x;
        var dl = 2 * (0.6 + (5 * 0.004 * Math.Pow(l, 0.4)) - l);
        var state = Rows([x, l]);
        var u = Rows([pi]);
        Close(p.Dynamics.Drift(T0, state, u), [dx, dl]);

        var s = p.Dynamics.Diffusion(T0, state, u);
        s.ShapeArray().Should().Equal(1, 2, 3);
        var cov = s.MatMul(s.Transpose(1, 2)).ToDoubleArray();
        var d = ((0.3 * 0.2) + (0.4 * 0.3 * l)) * 0.2;
        Close(Tensor.FromArray(cov), [sigma2 * pi * pi * x * x, pi * x * d, pi * x * d, 0.04], 1e-12);
    }

    [Fact]
    public void Correlated_euler_step_has_the_model_mean_and_covariance()
        => StepMoments(new MertonWithCostsAndLiquidity(), [1.2, 0.5], [0.6]);

    [Fact]
    public void Without_costs_and_liquidity_loading_the_wealth_drift_is_mertons()
    {
        var p = new MertonWithCostsAndLiquidity(new MertonWithCostsAndLiquidityParameters { CostRate = 0, Beta = 0 });
        var m = new Merton();
        var drift = p.Dynamics.Drift(T0, Rows([1.3, 0.9]), Rows([0.4])).ToDoubleArray();
        drift[0].Should().BeApproximately(m.Dynamics.Drift(T0, Rows([1.3]), Rows([0.4])).Item(), 1e-14);
    }

    [Fact]
    public void Minimiser_is_minimal_on_the_unit_interval()
    {
        var p = new MertonWithCostsAndLiquidity();
        p.ControlBounds!.Low.Should().Equal(0.0);
        MinimizerIsMinimal(p, (rng, n) => Tensor.Normal([n, 2], rng, 0, 1, DType.Float64), (rng, n) => RandomHessian(rng, n, 2, 0.5), batch: 128);

        // Power utility: V = −x^p/p · φ(t, l), so V_x = −x^{p−1}φ, V_xx = (1 − p)x^{p−2}φ, V_xl = 0 (φ_l = 0 here):
        // without costs π* = (μ − r + D·0)/((1 − p) Σ²) clipped, i.e. Merton's fraction with Σ(l).
        var free = new MertonWithCostsAndLiquidity(new MertonWithCostsAndLiquidityParameters { CostRate = 0, Beta = 0 });
        var x = 1.1;
        var hess = Tensor.FromArray([0.5 * Math.Pow(x, -1.5), 0, 0, 0], [1, 2, 2]);
        Close(free.OptimalControl(T0, Rows([x, 0.6]), Rows([-Math.Pow(x, -0.5), 0]), hess), [Math.Min(0.03 / (0.5 * 0.04), 1)], 1e-12);
        var hessSmall = Tensor.FromArray([3 * Math.Pow(x, -1.5), 0, 0, 0], [1, 2, 2]);
        Close(free.OptimalControl(T0, Rows([x, 0.6]), Rows([-Math.Pow(x, -0.5), 0]), hessSmall), [0.03 / (3 * 0.04)], 1e-12);
    }

    [Fact]
    public void Per_sample_beta_matches_separate_problems()
    {
        var mixed = new MertonWithCostsAndLiquidity();
        var x = Rows([1.3, 0.9], [0.8, 0.3]);
        var u = Column(0.4, 0.9);
        var prefs = PreferenceBatch.Of(MertonWithCostsAndLiquidity.BetaPreference, Column(0.1, 0.5));
        var d = mixed.Dynamics.Drift(T0, x, u, prefs).ToDoubleArray();
        d[0].Should().BeApproximately(new MertonWithCostsAndLiquidity(new() { Beta = 0.1 }).Dynamics.Drift(T0, x, u).ToDoubleArray()[0], 1e-14);
        d[2].Should().BeApproximately(new MertonWithCostsAndLiquidity(new() { Beta = 0.5 }).Dynamics.Drift(T0, x, u).ToDoubleArray()[2], 1e-14);
    }

    [Fact]
    public void Rollout_is_differentiable_with_respect_to_the_controls()
    {
        var p = new MertonWithCostsAndLiquidity(new() { Horizon = 0.3 });
        var x0 = Rows([1, 0.6], [1.5, 0.4]);
        var rng = new Philox(11);
        var dW = Enumerable.Range(0, 3).Select(_ => p.Dynamics.SampleIncrements(2, 0.1, rng, DType.Float64)).ToArray();
        var controls = Enumerable.Range(0, 3).Select(k => Column(0.3 + (0.1 * k), 0.7)).ToArray();
        var result = GradCheck.Check(us => p.PathCost(x0, us, dW), controls, relativeTolerance: 1e-5);
        result.Passed.Should().BeTrue(result.Message);
    }

    [Fact]
    public void Bad_parameters_are_rejected()
    {
        FluentActions.Invoking(() => new MertonWithCostsAndLiquidity(new() { Rho1 = 0.9, Rho2 = 0.9, Rho3 = -0.9 }))
            .Should().Throw<ArgumentException>().WithMessage("correlation must be symmetric positive definite (Cholesky failed at row 2)*");
        FluentActions.Invoking(() => new MertonWithCostsAndLiquidity(new() { Xi = 1 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*xi must lie in the open interval (0, 1)*");
        FluentActions.Invoking(() => new MertonWithCostsAndLiquidity(new() { CostRate = -0.01 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*k must be non-negative and finite*");
    }
}

public class MeanVarianceTests
{
    private static readonly Tensor T0 = Tensor.Scalar(0.25, DType.Float64);

    private static MeanVarianceParameters TwoAssetsThreeAgents() => new()
    {
        InterestRate = 0.03,
        Drifts = [0.08, 0.05],
        Volatilities = [0.25, 0.15],
        Correlation = new[,] { { 1, -0.3 }, { -0.3, 1 } },
        RiskAversions = [1, 2, 4],
        PerformanceWeights = [0.2, 0.5, 0.1],
        InitialWealths = [1, 1, 2],
    };

    [Fact]
    public void Drift_and_costs_match_hand_computation()
    {
        var p = new MeanVariance(TwoAssetsThreeAgents());
        var x = Rows([1, 2, 3]);
        var u = Rows([0.5, -0.2, 1, 0, 0.3, 0.3]);
        Close(p.Dynamics.Drift(T0, x, u), [0.03 + (0.5 * 0.05) - (0.2 * 0.02), 0.06 + 0.05, 0.09 + (0.3 * 0.05) + (0.3 * 0.02)]);
        var ubar = new[] { (0.5 + 1 + 0.3) / 3, (-0.2 + 0 + 0.3) / 3 };
        var theta = new[] { 0.2, 0.5, 0.1 };
        var gamma = new[] { 1.0, 2, 4 };
        var running = new double[3];
        for (var j = 0; j < 3; j++)
        {
            var h0 = (u[0, 2 * j] - (theta[j] * ubar[0])) * 0.25;
            var h1 = (u[0, (2 * j) + 1] - (theta[j] * ubar[1])) * 0.15;
            running[j] = 0.5 * gamma[j] * Math.Exp(2 * 0.03 * 0.75) * ((h0 * h0) + (h1 * h1) - (2 * 0.3 * h0 * h1));
        }

        Close(p.AgentCosts.AgentRunningCost(T0, x, u), running);
        Close(p.AgentCosts.AgentTerminalCost(x), [-(1 - (0.2 * 2)), -(2 - (0.5 * 2)), -(3 - (0.1 * 2))]);
    }

    [Fact]
    public void Correlated_euler_step_has_the_model_mean_and_covariance()
        => StepMoments(new MeanVariance(TwoAssetsThreeAgents()), [1, 2, 3], [0.5, -0.2, 1, 0, 0.3, 0.3]);

    [Fact]
    public void Single_agent_minimiser_is_basak_chabakauri_on_the_closed_form_value()
    {
        var prm = new MeanVarianceParameters { Drifts = [0.08, 0.05], Volatilities = [0.25, 0.15], Correlation = new[,] { { 1, 0.4 }, { 0.4, 1 } }, RiskAversions = [2] };
        var p = new MeanVariance(prm);
        var t = 0.25;
        var tt = Tensor.Scalar(t, DType.Float64);
        var grad = Rows([-Math.Exp(0.02 * (1 - t))]);
        var hess = Tensor.Zeros([1, 1, 1], DType.Float64);

        // u* = e^{−r(T−t)} Σ⁻¹(μ − r𝟙)/γ.
        double s11 = 0.0625, s12 = 0.4 * 0.25 * 0.15, s22 = 0.0225;
        var det = (s11 * s22) - (s12 * s12);
        double e1 = 0.06, e2 = 0.03;
        var f = Math.Exp(-0.02 * (1 - t)) / 2;
        Close(p.OptimalControl(tt, Rows([1]), grad, hess), [f * ((s22 * e1) - (s12 * e2)) / det, f * ((s11 * e2) - (s12 * e1)) / det], 1e-12);
        MinimizerIsMinimal(p, (rng, n) => Tensor.Normal([n, 1], rng, 0, 1, DType.Float64), (rng, n) => Tensor.Uniform([n, 1, 1], rng, 0, 2, DType.Float64));
    }

    [Fact]
    public void Each_agents_best_response_at_the_section_5_equilibrium_is_stationary()
    {
        // One stock, M agents: u_i* = e^{−r(T−t)} ((μ − r)/σ²)[1/γ_i + θ_i mean(1/γ)/(1 − θ̄)]. Agent j's
        // Hamiltonian uses its value V_j = −e^{r(T−t)} Y_j + c(t), i.e. ∂V_j/∂X_k = −e^{r(T−t)}(δ_jk − θ_j/M).
        var prm = new MeanVarianceParameters { RiskAversions = [1, 2, 4], PerformanceWeights = [0.2, 0.5, 0.1], InitialWealths = [1, 1, 1] };
        var p = new MeanVariance(prm);
        var t = 0.4;
        var tt = Tensor.Scalar(t, DType.Float64);
        var disc = Math.Exp(-0.02 * (1 - t));
        var meanInvGamma = (1 + 0.5 + 0.25) / 3;
        var thetaBar = 0.8 / 3;
        var u = new double[3];
        for (var i = 0; i < 3; i++)
        {
            u[i] = disc * (0.03 / 0.04) * ((1 / prm.RiskAversions[i]) + (prm.PerformanceWeights[i] * meanInvGamma / (1 - thetaBar)));
        }

        var x = Rows([1, 1.5, 0.5]);
        for (var j = 0; j < 3; j++)
        {
            var uj = Tensor.FromArray(u, [1, 3]).RequireGrad();
            var grad = Enumerable.Range(0, 3).Select(k => -(1 / disc) * ((k == j ? 1 : 0) - (prm.PerformanceWeights[j] / 3))).ToArray();
            var drift = (p.Dynamics.Drift(tt, x, uj) * Tensor.FromArray(grad, [1, 3])).Sum();
            var h = drift + p.AgentCosts.AgentRunningCost(tt, x, uj).Select(1, j).Sum();
            var dh = Autograd.Grad(h, uj).ToDoubleArray();
            dh[j].Should().BeApproximately(0, 1e-12, "agent {0}'s own control", j);
        }
    }

    [Fact]
    public void Bad_parameters_are_rejected()
    {
        FluentActions.Invoking(() => new MeanVariance(TwoAssetsThreeAgents() with { PerformanceWeights = [1, 0, 0] }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*theta[0] must lie in [0, 1)*");
        FluentActions.Invoking(() => new MeanVariance(TwoAssetsThreeAgents() with { Correlation = new[,] { { 1, 1.2 }, { 1.2, 1 } } }))
            .Should().Throw<ArgumentException>().WithMessage("correlation must be symmetric positive definite (Cholesky failed at row 1)*");
        FluentActions.Invoking(() => new MeanVariance(TwoAssetsThreeAgents() with { Volatilities = [0.2, -0.1] }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*sigma[1] must be positive and finite*");
    }
}
