using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using static NeuralHjb.Tests.Problems.ProblemAssert;

namespace NeuralHjb.Tests.Problems;

public class GatheralSchiedTests
{
    private static readonly Tensor T0 = Tensor.Scalar(0.5, DType.Float64);

    [Fact]
    public void Drift_diffusion_and_costs_match_hand_computation()
    {
        var p = new GatheralSchied(new GatheralSchiedParameters { Kappa = 0.3, Sigma = 0.2, Lambda = 0.05, TerminalPenalty = 7 });
        var x = Rows([2, 40], [-3, 80]);
        var u = Column(1.5, -0.5);
        Close(p.Dynamics.Drift(T0, x, u), [-1.5, 0, 0.5, 0]);
        Close(p.Dynamics.Diffusion(T0, x, u), [0, 0.2 * 40, 0, 0.2 * 80]);
        p.Dynamics.Diffusion(T0, x, u).ShapeArray().Should().Equal(2, 2, 1);
        Close(p.Cost.RunningCost(T0, x, u), [(1.5 * 1.5) + (0.09 * 4) + (0.05 * 2 * 40), 0.25 + (0.09 * 9) + (0.05 * -3 * 80)]);
        Close(p.Cost.TerminalCost(x), [7 * 4, 7 * 9]);
        Close(p.Dynamics.DiffusionTransposeTimes(T0, x, u, Rows([1, 2], [3, 4])), [0.2 * 40 * 2, 0.2 * 80 * 4]);
        Close(p.Symmetry!.Apply(x), [-2, -40, 3, -80]);
    }

    [Fact]
    public void Defaults_are_the_paper_setup()
    {
        var p = new GatheralSchied();
        p.Horizon.Should().Be(5);
        p.Parameters.Kappa.Should().Be(0.1);
        p.Domain.Axes.Select(a => (a.Name, a.Low, a.High)).Should().Equal(("X", -10.0, 10.0), ("S", 10.0, 100.0));
        Close(p.Dynamics.SampleInitialState(3, new Philox(1), DType.Float64), [10, 55, 10, 55, 10, 55]);
        var samples = p.Dynamics.SampleDomain(1000, new Philox(2), DType.Float64).ToDoubleArray();
        samples.Where((v, i) => i % 2 == 0).Should().OnlyContain(v => v >= -10 && v <= 10);
        samples.Where((v, i) => i % 2 == 1).Should().OnlyContain(v => v >= 10 && v <= 100);
    }

    [Fact]
    public void Euler_step_has_the_model_mean_and_covariance()
        => StepMoments(new GatheralSchied(), [3, 50], [1.2]);

    [Fact]
    public void Minimiser_is_half_the_inventory_gradient_and_minimal()
    {
        var p = new GatheralSchied();
        var g = Rows([4, 1], [-2, 3]);
        Close(p.OptimalControl(T0, Rows([1, 20], [2, 30]), g), [2, -1]);
        MinimizerIsMinimal(p, (rng, n) => Tensor.Normal([n, 2], rng, 0, 5, DType.Float64), (rng, n) => RandomHessian(rng, n, 2, 0));
    }

    [Fact]
    public void Rollout_is_differentiable_with_respect_to_the_controls()
    {
        var p = new GatheralSchied(new GatheralSchiedParameters { Horizon = 0.3 });
        var x0 = Rows([5, 50], [-2, 30]);
        var rng = new Philox(3);
        var dW = Enumerable.Range(0, 3).Select(_ => p.Dynamics.SampleIncrements(2, 0.1, rng, DType.Float64)).ToArray();
        var controls = Enumerable.Range(0, 3).Select(k => Column(1.0 + k, -0.5 * k)).ToArray();
        var result = GradCheck.Check(us => p.PathCost(x0, us, dW), controls, relativeTolerance: 1e-5);
        result.Passed.Should().BeTrue(result.Message);
    }

    [Fact]
    public void Per_sample_lambda_matches_separate_problems()
    {
        var mixed = new GatheralSchied();
        var x = Rows([2, 40], [-3, 80]);
        var u = Column(1.5, -0.5);
        var prefs = PreferenceBatch.Of(GatheralSchied.LambdaPreference, Column(0.02, 0.08));
        prefs.EnsureDeclared(mixed.Preferences);
        var cost = mixed.Cost.RunningCost(T0, x, u, prefs).ToDoubleArray();
        var a = new GatheralSchied(new GatheralSchiedParameters { Lambda = 0.02 }).Cost.RunningCost(T0, x, u).ToDoubleArray();
        var b = new GatheralSchied(new GatheralSchiedParameters { Lambda = 0.08 }).Cost.RunningCost(T0, x, u).ToDoubleArray();
        cost[0].Should().BeApproximately(a[0], 1e-12);
        cost[1].Should().BeApproximately(b[1], 1e-12);
        Close(mixed.Dynamics.Drift(T0, x, u, prefs), mixed.Dynamics.Drift(T0, x, u).ToDoubleArray());
    }

    [Fact]
    public void Float32_follows_the_input_dtype()
    {
        var p = new GatheralSchied();
        var x = p.Dynamics.SampleDomain(4, new Philox(1));
        var u = Tensor.Ones([4, 1]);
        p.Cost.RunningCost(Tensor.Scalar(0), x, u).DType.Should().Be(DType.Float32);
        p.Dynamics.Step(Tensor.Scalar(0), x, u, 0.1, p.Dynamics.SampleIncrements(4, 0.1, new Philox(2))).DType.Should().Be(DType.Float32);
    }

    [Theory]
    [InlineData(-1.0, 0.1, "sigma must be non-negative and finite")]
    [InlineData(double.NaN, 0.1, "sigma must be non-negative and finite")]
    [InlineData(0.1, double.NaN, "kappa must be positive and finite")]
    [InlineData(0.1, -0.1, "kappa")]
    public void Bad_parameters_are_rejected(double sigma, double kappa, string message)
    {
        var act = () => new GatheralSchied(new GatheralSchiedParameters { Sigma = sigma, Kappa = kappa });
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*{message}*");
    }
}

public class CarteaJaimungalTests
{
    private static readonly Tensor T0 = Tensor.Scalar(0.25, DType.Float64);

    [Fact]
    public void Drift_diffusion_and_costs_match_hand_computation()
    {
        var p = new CarteaJaimungal(new CarteaJaimungalParameters { Kappa = 0.24, Alpha = 0.16, Sigma = 0.3, A = 2, Phi = 0.7 });
        var x = Rows([10, 1, 0], [11, -0.5, 4]);
        var u = Column(-2, 0.5);
        Close(p.Dynamics.Drift(T0, x, u), [0.16 * -2, -2, 2 * (10 - 0.48), 0.16 * 0.5, 0.5, -0.5 * (11 + 0.12)]);
        Close(p.Dynamics.Diffusion(T0, x, u), [0.3, 0, 0, 0.3, 0, 0]);
        Close(p.Cost.RunningCost(T0, x, u), [0.7, 0.7 * 0.25]);
        Close(p.Cost.TerminalCost(x), [-(0 + 10 - 2), -(4 + (-0.5 * 11) - (2 * 0.25))]);
    }

    [Fact]
    public void Sub_diffusive_penalty_uses_exponent_one_and_a_half()
    {
        var p = new CarteaJaimungal(new CarteaJaimungalParameters { Exponent = 1.5, Phi = 2 });
        Close(p.Cost.RunningCost(T0, Rows([10, -4, 0]), Column(0)), [2 * 8]);
    }

    [Fact]
    public void Drift_profile_is_added_to_the_price_drift()
    {
        var p = new CarteaJaimungal(new CarteaJaimungalParameters { DriftProfile = t => t * 2.0 });
        Close(p.Dynamics.Drift(T0, Rows([10, 1, 0]), Column(0)), [0.5, 0, 0]);
    }

    [Fact]
    public void Euler_step_has_the_model_mean_and_covariance()
        => StepMoments(new CarteaJaimungal(), [10, 1, 0], [-0.8]);

    [Fact]
    public void Minimiser_is_minimal_and_reproduces_the_closed_form_with_its_value_gradient()
    {
        var p = new CarteaJaimungal();
        // V = −x − q s + h(t, q) with h_q = −h₂ q: ν* = (α + h₂) q / (2κ).
        var h2 = -1.0308944;
        var q = 0.8;
        var s = 10.0;
        var grad = Rows([-q, -s - (h2 * q), -1]);
        Close(p.OptimalControl(T0, Rows([s, q, 0]), grad), [(0.16 + h2) * q / (2 * 0.24)], 1e-9);
        MinimizerIsMinimal(p, (rng, n) => Tensor.Concat([Tensor.Normal([n, 2], rng, 0, 3, DType.Float64), Tensor.Uniform([n, 1], rng, -2, -0.1, DType.Float64)], 1));
    }

    [Fact]
    public void Rollout_is_differentiable_with_respect_to_the_controls()
    {
        var p = new CarteaJaimungal(new CarteaJaimungalParameters { Exponent = 1.5 });
        var x0 = Rows([10, 1, 0], [9.5, 0.7, 1]);
        var rng = new Philox(5);
        var dW = Enumerable.Range(0, 3).Select(_ => p.Dynamics.SampleIncrements(2, 1.0 / 3, rng, DType.Float64)).ToArray();
        var controls = Enumerable.Range(0, 3).Select(k => Column(-0.3 - (0.1 * k), -0.2)).ToArray();
        var result = GradCheck.Check(us => p.PathCost(x0, us, dW), controls, relativeTolerance: 1e-5);
        result.Passed.Should().BeTrue(result.Message);
    }

    [Fact]
    public void Per_sample_A_and_phi_match_separate_problems()
    {
        var mixed = new CarteaJaimungal();
        var x = Rows([10, 1, 0], [11, -0.5, 4]);
        var u = Column(-2, 0.5);
        var prefs = PreferenceBatch.Of(CarteaJaimungal.APreference, Column(0.001, 0.009)).With(CarteaJaimungal.PhiPreference, Column(0.002, 0.006));
        var first = new CarteaJaimungal(new CarteaJaimungalParameters { A = 0.001, Phi = 0.002 });
        var second = new CarteaJaimungal(new CarteaJaimungalParameters { A = 0.009, Phi = 0.006 });
        var g = mixed.Cost.TerminalCost(x, prefs).ToDoubleArray();
        var f = mixed.Cost.RunningCost(T0, x, u, prefs).ToDoubleArray();
        g[0].Should().BeApproximately(first.Cost.TerminalCost(x).ToDoubleArray()[0], 1e-12);
        g[1].Should().BeApproximately(second.Cost.TerminalCost(x).ToDoubleArray()[1], 1e-12);
        f[0].Should().BeApproximately(first.Cost.RunningCost(T0, x, u).ToDoubleArray()[0], 1e-12);
        f[1].Should().BeApproximately(second.Cost.RunningCost(T0, x, u).ToDoubleArray()[1], 1e-12);
    }

    [Fact]
    public void Bad_parameters_are_rejected()
    {
        FluentActions.Invoking(() => new CarteaJaimungal(new CarteaJaimungalParameters { Exponent = 3 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*exponent must be 2 or 1.5*");
        FluentActions.Invoking(() => new CarteaJaimungal(new CarteaJaimungalParameters { A = -1 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*A must be non-negative and finite*");
        FluentActions.Invoking(() => new CarteaJaimungal(new CarteaJaimungalParameters { Phi = double.NaN }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*phi must be non-negative and finite*");
    }
}

public class AlmgrenChrissTests
{
    private static readonly Tensor T0 = Tensor.Scalar(0.2, DType.Float64);

    private static AlmgrenChrissParameters TwoByTwo(TemporaryImpactModel model = TemporaryImpactModel.Linear) => new()
    {
        Assets =
        [
            new ExecutionAsset { InitialPrice = 100, Drift = 0.01, Volatility = 0.2, PermanentImpact = 0.002 },
            new ExecutionAsset { InitialPrice = 50, Drift = -0.02, Volatility = 0.3, PermanentImpact = 0.001 },
        ],
        Agents =
        [
            new ExecutionAgent { RiskAversion = 0.5, PerformanceWeight = 0.2, TemporaryImpact = 0.01, InitialHoldings = [1, 2] },
            new ExecutionAgent { RiskAversion = 2, PerformanceWeight = 0.5, TemporaryImpact = 0.03, InitialHoldings = [-1, -0.5] },
        ],
        Correlation = new[,] { { 1, 0.6 }, { 0.6, 1 } },
        InterestRate = 0.05,
        HalfSpread = 0.01,
        ImpactExponent = 0.8,
        ImpactModel = model,
        LiquidationTime = 0.1,
    };

    // State: S1 S2 | a11 a12 a21 a22 | B1 B2; control v11 v12 v21 v22 (agent-major).
    private static readonly double[] State = [100, 50, 1, 2, -1, -0.5, 10, -20];
    private static readonly double[] Rates = [-0.5, -1, 0.4, 0.2];

    [Fact]
    public void Layout_and_initial_state()
    {
        var p = new AlmgrenChriss(TwoByTwo());
        p.StateDimension.Should().Be(8);
        p.ControlDimension.Should().Be(4);
        p.Dynamics.NoiseDimension.Should().Be(2);
        p.HoldingIndex(1, 0).Should().Be(4);
        p.CashIndex(1).Should().Be(7);
        p.ControlIndex(1, 1).Should().Be(3);
        p.AgentCosts.ControlIndices(1).Should().Equal(2, 3);
        Close(p.Dynamics.SampleInitialState(1, new Philox(1), DType.Float64), [100, 50, 1, 2, -1, -0.5, 0, 0]);
    }

    [Theory]
    [InlineData(TemporaryImpactModel.Linear)]
    [InlineData(TemporaryImpactModel.Exponential)]
    public void Drift_matches_hand_computation(TemporaryImpactModel model)
    {
        var prm = TwoByTwo(model);
        var p = new AlmgrenChriss(prm);
        double F(int agent, double v) => model == TemporaryImpactModel.Linear
            ? 1 + (prm.Agents[agent].TemporaryImpact * v)
            : (1 + (0.01 * Math.Sign(v))) * Math.Exp(prm.Agents[agent].TemporaryImpact * Math.Sign(v) * Math.Pow(Math.Abs(v), 0.8));
        var s = new[] { 100.0, 50 };
        var expected = new double[8];
        for (var i = 0; i < 2; i++)
        {
            expected[i] = (prm.Assets[i].Drift + (prm.Assets[i].PermanentImpact * (Rates[i] + Rates[2 + i]))) * s[i];
        }

        Array.Copy(Rates, 0, expected, 2, 4);
        for (var j = 0; j < 2; j++)
        {
            var spent = 0.0;
            for (var i = 0; i < 2; i++)
            {
                spent += Rates[(2 * j) + i] * F(j, Rates[(2 * j) + i]) * s[i];
            }

            expected[6 + j] = (0.05 * State[6 + j]) - spent;
        }

        Close(p.Dynamics.Drift(T0, Tensor.FromArray(State, [1, 8]), Tensor.FromArray(Rates, [1, 4])), expected);
        Close(p.ExecutionPriceFactor(Tensor.FromArray(Rates, [1, 4])), [F(0, -0.5), F(0, -1), F(1, 0.4), F(1, 0.2)]);
    }

    [Fact]
    public void An_agent_own_permanent_impact_replaces_the_asset_one_for_its_trades()
    {
        // Agent 0 moves prices with κ_p = 0.05 in both assets; agent 1 keeps the assets' 0.002 and 0.001.
        var prm = TwoByTwo() with { Agents = [TwoByTwo().Agents[0] with { PermanentImpact = 0.05 }, TwoByTwo().Agents[1]] };
        var p = new AlmgrenChriss(prm);
        var drift = p.Dynamics.Drift(T0, Tensor.FromArray(State, [1, 8]), Tensor.FromArray(Rates, [1, 4])).ToDoubleArray();
        drift[0].Should().BeApproximately((0.01 + (0.05 * Rates[0]) + (0.002 * Rates[2])) * 100, 1e-12);
        drift[1].Should().BeApproximately((-0.02 + (0.05 * Rates[1]) + (0.001 * Rates[3])) * 50, 1e-12);

        // The Hamiltonian minimiser sees each agent's own κ_p: with ∇V = (V_S, V_α, V_B), vᵢⱼ* = (V_αᵢⱼ + κ_p,ij Sᵢ V_Sᵢ − Sᵢ V_Bⱼ)/(2 κ_t,j Sᵢ V_Bⱼ).
        double[] gradient = [0.3, -0.2, 1.5, 2.5, 0.7, 1.2, 1.0, 1.1];
        var minimiser = p.HamiltonianMinimizer!.Minimize(T0, Tensor.FromArray(State, [1, 8]), Tensor.FromArray(gradient, [1, 8]), null, null).ToDoubleArray();
        double Expected(int j, int i, double kappa) => (gradient[2 + (2 * j) + i] + (kappa * State[i] * gradient[i]) - (State[i] * gradient[6 + j])) / (2 * prm.Agents[j].TemporaryImpact * State[i] * gradient[6 + j]);
        minimiser.Should().Equal([Expected(0, 0, 0.05), Expected(0, 1, 0.05), Expected(1, 0, 0.002), Expected(1, 1, 0.001)], (x, y) => Math.Abs(x - y) < 1e-9);

        FluentActions.Invoking(() => new AlmgrenChriss(new AlmgrenChrissParameters { Agents = [new ExecutionAgent { PermanentImpact = -0.1 }] }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*agents[0].permanentImpact must be non-negative*");
    }

    [Fact]
    public void Correlated_euler_step_has_the_model_mean_and_covariance()
    {
        var p = new AlmgrenChriss(TwoByTwo());
        StepMoments(p, State, Rates);

        // The Cholesky factor reproduces the correlation of the price returns.
        var sigma = p.Dynamics.Diffusion(T0, Tensor.FromArray(State, [1, 8]), Tensor.FromArray(Rates, [1, 4])).ToDoubleArray();
        double Row(int i, int k) => sigma[(i * 2) + k];
        var cov01 = (Row(0, 0) * Row(1, 0)) + (Row(0, 1) * Row(1, 1));
        var var0 = (Row(0, 0) * Row(0, 0)) + (Row(0, 1) * Row(0, 1));
        var var1 = (Row(1, 0) * Row(1, 0)) + (Row(1, 1) * Row(1, 1));
        (cov01 / Math.Sqrt(var0 * var1)).Should().BeApproximately(0.6, 1e-12);
        Math.Sqrt(var0).Should().BeApproximately(0.2 * 100, 1e-12);
    }

    [Fact]
    public void Terminal_wealth_relative_wealth_and_costs_match_hand_computation()
    {
        var prm = TwoByTwo();
        var p = new AlmgrenChriss(prm);
        var x = Tensor.FromArray(State, [1, 8]);
        double W(int j)
        {
            var w = State[6 + j];
            for (var i = 0; i < 2; i++)
            {
                var a = State[2 + (2 * j) + i];
                w += a * (1 + (prm.Agents[j].TemporaryImpact * (-a / 0.1))) * State[i];
            }

            return w;
        }

        var w0 = W(0);
        var w1 = W(1);
        Close(p.TerminalWealth(x), [w0, w1]);
        var y = new[] { w0 - (0.2 * w1), w1 - (0.5 * w0) };
        Close(p.RelativeWealth(p.TerminalWealth(x)), y);
        Close(p.AgentCosts.AgentTerminalCost(x), [-y[0], -y[1]]);
        Close(p.Cost.TerminalCost(x), [-y[0] - y[1]]);

        // Running: γⱼ times the instantaneous variance of the relative position.
        double Var(int j, int other, double theta)
        {
            var e0 = (State[2 + (2 * j)] - (theta * State[2 + (2 * other)])) * 0.2 * 100;
            var e1 = (State[3 + (2 * j)] - (theta * State[3 + (2 * other)])) * 0.3 * 50;
            return (e0 * e0) + (e1 * e1) + (2 * 0.6 * e0 * e1);
        }

        var u = Tensor.FromArray(Rates, [1, 4]);
        Close(p.AgentCosts.AgentRunningCost(T0, x, u), [0.5 * Var(0, 1, 0.2), 2 * Var(1, 0, 0.5)]);
        Close(p.Criterion(Column(3).Reshape([1, 1]).Expand([1, 2]).Contiguous(), Rows([10, 13])), [3 - (0.5 * 1), 3 - (2 * 4)]);
    }

    [Fact]
    public void Linear_model_minimiser_is_minimal()
    {
        var p = new AlmgrenChriss(TwoByTwo() with { HalfSpread = 0, ImpactExponent = 1 });
        p.HamiltonianMinimizer.Should().NotBeNull();
        MinimizerIsMinimal(
            p,
            (rng, n) => Tensor.Concat([Tensor.Normal([n, 6], rng, 0, 1, DType.Float64), Tensor.Uniform([n, 2], rng, -2, -0.2, DType.Float64)], 1),
            (rng, n) => RandomHessian(rng, n, 8, 0));
        new AlmgrenChriss(TwoByTwo(TemporaryImpactModel.Exponential)).HamiltonianMinimizer.Should().BeNull();
    }

    [Fact]
    public void Rollout_is_differentiable_with_respect_to_the_controls()
    {
        var p = new AlmgrenChriss(TwoByTwo(TemporaryImpactModel.Exponential) with { Horizon = 0.3 });
        var x0 = Tensor.FromArray(State, [1, 8]);
        var rng = new Philox(9);
        var dW = Enumerable.Range(0, 3).Select(_ => p.Dynamics.SampleIncrements(1, 0.1, rng, DType.Float64)).ToArray();
        var controls = Enumerable.Range(0, 3).Select(k => Tensor.FromArray(Rates.Select(r => r * (1 + (0.1 * k))).ToArray(), [1, 4])).ToArray();
        var result = GradCheck.Check(us => p.PathCost(x0, us, dW), controls, relativeTolerance: 1e-5, absoluteTolerance: 1e-7);
        result.Passed.Should().BeTrue(result.Message);
    }

    [Fact]
    public void Single_agent_gamma_preference_matches_separate_problems()
    {
        var mixed = new AlmgrenChriss();
        mixed.Preferences.Select(s => s.Name).Should().Equal("gamma");
        var x = Rows([100, 1, 0], [90, 0.5, 10]);
        var u = Column(-1, -0.5);
        var prefs = PreferenceBatch.Of(AlmgrenChriss.GammaPreference, Column(0.5, 3));
        var cost = mixed.Cost.RunningCost(T0, x, u, prefs).ToDoubleArray();
        cost[0].Should().BeApproximately(new AlmgrenChriss(new AlmgrenChrissParameters { Agents = [new ExecutionAgent { RiskAversion = 0.5 }] }).Cost.RunningCost(T0, x, u).ToDoubleArray()[0], 1e-12);
        cost[1].Should().BeApproximately(new AlmgrenChriss(new AlmgrenChrissParameters { Agents = [new ExecutionAgent { RiskAversion = 3 }] }).Cost.RunningCost(T0, x, u).ToDoubleArray()[1], 1e-12);
    }

    [Fact]
    public void Bad_parameters_are_rejected()
    {
        var nonPd = new[,] { { 1, 0.9, 0.9 }, { 0.9, 1, -0.9 }, { 0.9, -0.9, 1 } };
        var three = new AlmgrenChrissParameters
        {
            Assets = [new ExecutionAsset(), new ExecutionAsset(), new ExecutionAsset()],
            Agents = [new ExecutionAgent { InitialHoldings = [1, 1, 1] }],
            Correlation = nonPd,
        };
        FluentActions.Invoking(() => new AlmgrenChriss(three)).Should().Throw<ArgumentException>()
            .WithMessage("correlation must be symmetric positive definite (Cholesky failed at row 2)*");
        FluentActions.Invoking(() => new AlmgrenChriss(new AlmgrenChrissParameters { Assets = [new ExecutionAsset { Volatility = -0.1 }] }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*assets[0].sigma must be non-negative and finite*");
        FluentActions.Invoking(() => new AlmgrenChriss(new AlmgrenChrissParameters { Agents = [new ExecutionAgent { InitialHoldings = [1, 2] }] }))
            .Should().Throw<ArgumentException>().WithMessage("*initialHoldings*");
        FluentActions.Invoking(() => new AlmgrenChriss(TwoByTwo() with { Correlation = new[,] { { 1, 0.5 }, { 0.4, 1 } } }))
            .Should().Throw<ArgumentException>().WithMessage("correlation must be symmetric positive definite*");
    }
}
