using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Portfolio;

/// <summary>Parameters of <see cref="MeanVariance"/>; market defaults follow REFERENCES section 7.</summary>
public sealed record MeanVarianceParameters
{
    /// <summary>Gets r (1/time). Default 0.02.</summary>
    public double InterestRate { get; init; } = 0.02;

    /// <summary>Gets μ, the stocks' drifts (1/time), one per asset. Default [0.05].</summary>
    public IReadOnlyList<double> Drifts { get; init; } = [0.05];

    /// <summary>Gets σ, the stocks' volatilities (1/√time), one per asset. Default [0.2].</summary>
    public IReadOnlyList<double> Volatilities { get; init; } = [0.2];

    /// <summary>Gets the N×N correlation of the stocks' Brownian drivers; null for independence.</summary>
    public double[,]? Correlation { get; init; }

    /// <summary>Gets γⱼ, each agent's risk aversion in E − (γ/2) Var (1/currency). Default [1].</summary>
    public IReadOnlyList<double> RiskAversions { get; init; } = [1.0];

    /// <summary>Gets θⱼ ∈ [0, 1), each agent's weight on the mean wealth of all agents (ignored for one agent). Default [0].</summary>
    public IReadOnlyList<double> PerformanceWeights { get; init; } = [0.0];

    /// <summary>
    /// Gets whether agent j's benchmark is the mean of the other agents (REFERENCES section 8) instead of the mean
    /// over all agents, agent j included (section 5). Default false.
    /// </summary>
    public bool BenchmarkExcludesSelf { get; init; }

    /// <summary>Gets each agent's X₀ (currency). Default [1].</summary>
    public IReadOnlyList<double> InitialWealths { get; init; } = [1.0];

    /// <summary>Gets T (time). Default 1.</summary>
    public double Horizon { get; init; } = 1;

    /// <summary>Gets the wealth domain (lower end, every agent). Default 0.</summary>
    public double WealthLow { get; init; }

    /// <summary>Gets the wealth domain (upper end, every agent). Default 2.</summary>
    public double WealthHigh { get; init; } = 2;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentException">Naming the parameter and the rule it breaks.</exception>
    public void Validate()
    {
        Guard.Finite(InterestRate, "interestRate");
        Guard.NotNull(Drifts, "mu");
        Guard.NotNull(Volatilities, "sigma");
        Guard.NotNull(RiskAversions, "gamma");
        Guard.NotNull(PerformanceWeights, "theta");
        Guard.NotNull(InitialWealths, "initialWealths");
        if (Drifts.Count == 0 || Volatilities.Count != Drifts.Count)
        {
            throw Guard.Invalid("sigma", $"mu and sigma must have one entry per asset (got {Drifts.Count} and {Volatilities.Count}).");
        }

        if (RiskAversions.Count == 0 || PerformanceWeights.Count != RiskAversions.Count || InitialWealths.Count != RiskAversions.Count)
        {
            throw Guard.Invalid("theta", $"gamma, theta and initialWealths must have one entry per agent (got {RiskAversions.Count}, {PerformanceWeights.Count} and {InitialWealths.Count}).");
        }

        for (var i = 0; i < Drifts.Count; i++)
        {
            Guard.Finite(Drifts[i], $"mu[{i}]");
            Guard.Positive(Volatilities[i], $"sigma[{i}]");
        }

        for (var j = 0; j < RiskAversions.Count; j++)
        {
            Guard.Positive(RiskAversions[j], $"gamma[{j}]");
            if (!double.IsFinite(PerformanceWeights[j]) || PerformanceWeights[j] < 0 || PerformanceWeights[j] >= 1)
            {
                throw Guard.OutOfRange($"theta[{j}]", PerformanceWeights[j], $"theta[{j}] must lie in [0, 1) (got {Guard.Format(PerformanceWeights[j])}).");
            }

            Guard.Finite(InitialWealths[j], $"initialWealths[{j}]");
        }

        if (Correlation is not null)
        {
            Guard.CorrelationCholesky(Correlation, Drifts.Count, "correlation");
        }

        Guard.Positive(Horizon, "horizon");
        Guard.Interval(WealthLow, WealthHigh, "wealth domain");
    }
}

/// <summary>
/// Time-consistent mean–variance investment (Basak–Chabakauri), N correlated stocks and M agents with
/// relative performance (REFERENCES section 5). State: wealth Xⱼ of each agent, [batch, M]. Control:
/// the amounts uⱼᵢ in each stock, [batch, M·N], agent-major.
/// dXⱼ = [r Xⱼ + uⱼ·(μ − r𝟙)] dt + (uⱼ ⊙ σ)ᵀ L dW, L the Cholesky factor of the correlation.
/// Agent j maximises E[Yⱼ] − (γⱼ/2) Var[Yⱼ] of Yⱼ = Xⱼ − θⱼ X̄ (X̄ the mean over all agents; Yⱼ = Xⱼ when
/// M = 1; with <see cref="MeanVarianceParameters.BenchmarkExcludesSelf"/>, X̄ is the mean of the other agents). As a cost (minimised): running (γⱼ/2) e^{2r(T−t)} |Lᵀ(σ ⊙ hⱼ)|² with hⱼ = uⱼ − θⱼ ū, terminal
/// −Yⱼ(T). For deterministic strategies, and so for the equilibrium, the integrated running term is
/// exactly (γⱼ/2) Var Yⱼ(T), and each agent's best response to this cost is the time-consistent
/// equilibrium u* = e^{−r(T−t)} Σ⁻¹(μ − r𝟙)/γ (one agent) or section 5's formula (M agents). The
/// <see cref="ICost"/> members sum over agents; use <see cref="IMultiAgentCost"/> for best responses.
/// Closed-form Hamiltonian minimiser (one agent): u* = −Σ⁻¹(μ − r𝟙) V_x / (V_xx + γ e^{2r(T−t)}).
/// Preference (one agent): "gamma".
/// </summary>
public sealed class MeanVariance : ControlProblem
{
    /// <summary>The preference name of γ (single-agent problems).</summary>
    public const string GammaPreference = "gamma";

    /// <summary>Creates the problem.</summary>
    /// <param name="parameters">The parameters, or null for the defaults.</param>
    public MeanVariance(MeanVarianceParameters? parameters = null)
        : this(Checked(parameters ?? new MeanVarianceParameters()))
    {
    }

    private MeanVariance(Model model)
        : base(
            "mean-variance",
            model,
            model,
            model.P.Horizon,
            model.M == 1 ? new HamiltonianMinimizer(model.Minimize, needsHessian: true, "u* = −Σ⁻¹(μ − r𝟙) V_x / (V_xx + γ e^{2r(T−t)})") : null,
            preferences: model.M == 1 ? [new PreferenceSpec(GammaPreference, 0.5, 10, "γ, risk aversion (1/currency)")] : null)
    {
        Parameters = model.P;
        AgentCosts = model;
    }

    /// <summary>Gets the parameters.</summary>
    public MeanVarianceParameters Parameters { get; }

    /// <summary>Gets the per-agent cost pieces.</summary>
    public IMultiAgentCost AgentCosts { get; }

    private static Model Checked(MeanVarianceParameters p)
    {
        p.Validate();
        return new Model(p);
    }

    private sealed class Model : DynamicsBase, IMultiAgentCost
    {
        private readonly ConstantTensor _excess;
        private readonly ConstantTensor _sigma;
        private readonly ConstantTensor _gamma;
        private readonly ConstantTensor _theta;
        private readonly ConstantTensor _thetaColumn;
        private readonly ConstantTensor _cholesky;
        private readonly ConstantTensor _choleskyT;
        private readonly ConstantTensor _meritDirection;

        public Model(MeanVarianceParameters p)
            : base(
                p.RiskAversions.Count,
                p.RiskAversions.Count * p.Drifts.Count,
                p.Drifts.Count,
                new StateDomain(Enumerable.Range(0, p.RiskAversions.Count).Select(j => new DomainAxis($"X{j + 1}", "currency", p.WealthLow, p.WealthHigh)).ToArray()),
                [.. p.InitialWealths])
        {
            P = p;
            N = p.Drifts.Count;
            M = p.RiskAversions.Count;
            var excess = p.Drifts.Select(m => m - p.InterestRate).ToArray();
            _excess = new ConstantTensor(excess, N);
            _sigma = new ConstantTensor([.. p.Volatilities], N);
            _gamma = new ConstantTensor([.. p.RiskAversions], M);
            _theta = new ConstantTensor([.. p.PerformanceWeights], M);
            _thetaColumn = new ConstantTensor([.. p.PerformanceWeights], M, 1);
            var l = p.Correlation is null ? DenseMath.Identity(N) : Guard.CorrelationCholesky(p.Correlation, N, "correlation");
            _cholesky = new ConstantTensor(l);
            _choleskyT = new ConstantTensor(DenseMath.Transpose(l));

            // Σ⁻¹(μ − r𝟙) with Σ = diag(σ) ρ diag(σ): solve ρ y = (μ − r)/σ, then divide by σ.
            var scaled = excess.Select((e, i) => e / p.Volatilities[i]).ToArray();
            var y = DenseMath.CholeskySolve(l, scaled);
            _meritDirection = new ConstantTensor(y.Select((v, i) => v / p.Volatilities[i]).ToArray(), N);
        }

        public MeanVarianceParameters P { get; }

        public int N { get; }

        public int M { get; }

        public int AgentCount => M;

        public IReadOnlyList<int> ControlIndices(int agent)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(agent);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(agent, M);
            return Enumerable.Range(agent * N, N).ToArray();
        }

        private Tensor Gamma(PreferenceBatch? preferences, DType dtype)
            => M == 1 ? PreferenceBatch.Resolve(preferences, GammaPreference, P.RiskAversions[0], dtype) : _gamma.For(dtype);

        private Tensor Amounts(Tensor u) => u.Reshape([u.Size(0), M, N]);

        private Tensor Relative(Tensor z, Tensor theta)
        {
            if (M == 1)
            {
                return z;
            }

            var benchmark = P.BenchmarkExcludesSelf ? (z.Sum(1, keepDim: true) - z) / (M - 1) : z.Mean(1, keepDim: true);
            return z - (theta * benchmark);
        }

        public override Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var gain = (Amounts(u) * _excess.For(x.DType)).Sum(2);
            return (x * P.InterestRate) + gain;
        }

        public override Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            return (Amounts(u) * _sigma.For(x.DType)).MatMul(_cholesky.For(x.DType));
        }

        public override Tensor DiffusionTimes(Tensor t, Tensor x, Tensor u, Tensor w, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            ArgumentNullException.ThrowIfNull(w);
            var correlated = (w.MatMul(_choleskyT.For(x.DType)) * _sigma.For(x.DType)).Unsqueeze(1);
            return (Amounts(u) * correlated).Sum(2);
        }

        public override Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor u, Tensor y, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            ArgumentNullException.ThrowIfNull(y);
            var loadings = (Amounts(u) * y.Unsqueeze(2)).Sum(1) * _sigma.For(x.DType);
            return loadings.MatMul(_cholesky.For(x.DType));
        }

        public Tensor AgentRunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            ArgumentNullException.ThrowIfNull(t);
            var dtype = x.DType;
            var relative = Relative(Amounts(u), _thetaColumn.For(dtype));
            var variance = (relative * _sigma.For(dtype)).MatMul(_cholesky.For(dtype)).Square().Sum(2);
            var weight = Gamma(preferences, dtype) * 0.5;
            if (P.InterestRate != 0)
            {
                weight = weight * (t.RSub(P.Horizon) * (2 * P.InterestRate)).Exp();
            }

            return weight * variance;
        }

        public Tensor AgentTerminalCost(Tensor x, PreferenceBatch? preferences = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Relative(x, _theta.For(x.DType)).Neg();
        }

        public Tensor RunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
            => AgentRunningCost(t, x, u, preferences).Sum(1, keepDim: true);

        public Tensor TerminalCost(Tensor x, PreferenceBatch? preferences = null)
            => AgentTerminalCost(x, preferences).Sum(1, keepDim: true);

        public Tensor Minimize(Tensor t, Tensor x, Tensor gradient, Tensor? hessian, PreferenceBatch? preferences)
        {
            var dtype = x.DType;
            var vxx = hessian!.Rank == 3 ? hessian.Reshape([hessian.Size(0), 1]) : hessian;
            var penalty = Gamma(preferences, dtype);
            if (P.InterestRate != 0)
            {
                penalty = penalty * (t.RSub(P.Horizon) * (2 * P.InterestRate)).Exp();
            }

            var scale = (gradient / (vxx + penalty)).Neg();
            return scale * _meritDirection.For(dtype);
        }
    }
}
