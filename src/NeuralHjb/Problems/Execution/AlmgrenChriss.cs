using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Execution;

/// <summary>The temporary-impact model of <see cref="AlmgrenChriss"/>: execution price S·f(v).</summary>
public enum TemporaryImpactModel
{
    /// <summary>f(v) = 1 + κ_t v (Almgren–Chriss).</summary>
    Linear,

    /// <summary>f(v) = (1 + κ_s sgn v) exp(κ_t sgn(v) |v|^β) (Forsyth 2011).</summary>
    Exponential,
}

/// <summary>One asset of <see cref="AlmgrenChriss"/>.</summary>
public sealed record ExecutionAsset
{
    /// <summary>Gets S₀ (currency/share). Default 100.</summary>
    public double InitialPrice { get; init; } = 100;

    /// <summary>Gets μ, the relative drift (1/time). Default 0.</summary>
    public double Drift { get; init; }

    /// <summary>Gets σ, the relative volatility (1/√time). Default 0.2.</summary>
    public double Volatility { get; init; } = 0.2;

    /// <summary>
    /// Gets κ_p, the permanent impact of a trade in this asset: dS/S gains κ_p vⱼ dt per agent j (time/share), unless
    /// the agent sets its own <see cref="ExecutionAgent.PermanentImpact"/>. Default 1e-3.
    /// </summary>
    public double PermanentImpact { get; init; } = 1e-3;
}

/// <summary>One agent of <see cref="AlmgrenChriss"/>.</summary>
public sealed record ExecutionAgent
{
    /// <summary>Gets γ, the risk aversion of E − γ Var (1/currency). Default 1.</summary>
    public double RiskAversion { get; init; } = 1;

    /// <summary>Gets θ ∈ [0, 1], the performance-consciousness (weight of the others' mean wealth). Default 0.</summary>
    public double PerformanceWeight { get; init; }

    /// <summary>Gets κ_t, the temporary impact (see <see cref="TemporaryImpactModel"/>). Default 1e-2.</summary>
    public double TemporaryImpact { get; init; } = 1e-2;

    /// <summary>
    /// Gets κ_p,j, the permanent impact of this agent's trades in every asset (time/share): dSᵢ/Sᵢ gains κ_p,j vᵢⱼ dt.
    /// Null (the default) takes each asset's <see cref="ExecutionAsset.PermanentImpact"/>. Agents whose orders move
    /// the market differently (a large, visible trader next to a small one) set it.
    /// </summary>
    public double? PermanentImpact { get; init; }

    /// <summary>Gets the initial holdings in each asset (shares; sellers long, buyers short). Default [1] (one asset, a seller).</summary>
    public IReadOnlyList<double> InitialHoldings { get; init; } = [1.0];
}

/// <summary>Parameters of <see cref="AlmgrenChriss"/> (a reconstruction: REFERENCES sections 2 and 8).</summary>
public sealed record AlmgrenChrissParameters
{
    /// <summary>Gets the N assets. Default one asset.</summary>
    public IReadOnlyList<ExecutionAsset> Assets { get; init; } = [new ExecutionAsset()];

    /// <summary>Gets the M agents. Default one seller.</summary>
    public IReadOnlyList<ExecutionAgent> Agents { get; init; } = [new ExecutionAgent()];

    /// <summary>Gets the N×N correlation of the assets' Brownian drivers; null for independence.</summary>
    public double[,]? Correlation { get; init; }

    /// <summary>Gets r, the interest rate on cash (1/time). Default 0.</summary>
    public double InterestRate { get; init; }

    /// <summary>Gets κ_s ∈ [0, 1), half the relative bid–ask spread (exponential model only). Default 0.</summary>
    public double HalfSpread { get; init; }

    /// <summary>Gets β &gt; 0, the impact exponent (exponential model only). Default 1.</summary>
    public double ImpactExponent { get; init; } = 1;

    /// <summary>Gets the temporary-impact model. Default linear.</summary>
    public TemporaryImpactModel ImpactModel { get; init; } = TemporaryImpactModel.Linear;

    /// <summary>Gets T (time). Default 1.</summary>
    public double Horizon { get; init; } = 1;

    /// <summary>
    /// Gets the duration Δ_L of the forced final trade at T⁻: a remaining position α is liquidated at
    /// rate −α/Δ_L and pays the corresponding temporary impact. Default 0.01.
    /// </summary>
    public double LiquidationTime { get; init; } = 0.01;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentException">Naming the parameter and the rule it breaks.</exception>
    public void Validate()
    {
        Guard.NotNull(Assets, "assets");
        Guard.NotNull(Agents, "agents");
        if (Assets.Count == 0)
        {
            throw Guard.Invalid("assets", "assets must hold at least one asset.");
        }

        if (Agents.Count == 0)
        {
            throw Guard.Invalid("agents", "agents must hold at least one agent.");
        }

        for (var i = 0; i < Assets.Count; i++)
        {
            var a = Guard.NotNull(Assets[i], $"assets[{i}]");
            Guard.Positive(a.InitialPrice, $"assets[{i}].initialPrice");
            Guard.Finite(a.Drift, $"assets[{i}].drift");
            Guard.NonNegative(a.Volatility, $"assets[{i}].sigma");
            Guard.NonNegative(a.PermanentImpact, $"assets[{i}].permanentImpact");
        }

        for (var j = 0; j < Agents.Count; j++)
        {
            var g = Guard.NotNull(Agents[j], $"agents[{j}]");
            Guard.NonNegative(g.RiskAversion, $"agents[{j}].gamma");
            Guard.InRange(g.PerformanceWeight, 0, 1, $"agents[{j}].theta");
            Guard.NonNegative(g.TemporaryImpact, $"agents[{j}].temporaryImpact");
            if (g.PermanentImpact is { } kappa)
            {
                Guard.NonNegative(kappa, $"agents[{j}].permanentImpact");
            }

            Guard.NotNull(g.InitialHoldings, $"agents[{j}].initialHoldings");
            if (g.InitialHoldings.Count != Assets.Count)
            {
                throw Guard.Invalid($"agents[{j}].initialHoldings", $"agents[{j}].initialHoldings must have one entry per asset ({Assets.Count}, got {g.InitialHoldings.Count}).");
            }

            foreach (var h in g.InitialHoldings)
            {
                Guard.Finite(h, $"agents[{j}].initialHoldings");
            }
        }

        if (Correlation is not null)
        {
            Guard.CorrelationCholesky(Correlation, Assets.Count, "correlation");
        }

        Guard.Finite(InterestRate, "interestRate");
        if (!double.IsFinite(HalfSpread) || HalfSpread < 0 || HalfSpread >= 1)
        {
            throw Guard.OutOfRange("halfSpread", HalfSpread, $"halfSpread must lie in [0, 1) (got {Guard.Format(HalfSpread)}).");
        }

        Guard.Positive(ImpactExponent, "beta");
        if (!Enum.IsDefined(ImpactModel))
        {
            throw Guard.OutOfRange("impactModel", ImpactModel, "impactModel must be Linear or Exponential.");
        }

        Guard.Positive(Horizon, "horizon");
        Guard.Positive(LiquidationTime, "liquidationTime");
    }
}

/// <summary>
/// Multi-asset, multi-agent optimal execution (Almgren–Chriss with Forsyth's impact; a reconstruction
/// following REFERENCES sections 2 and 8). N assets, M agents; agent j trades vᵢⱼ shares per unit time
/// in asset i. State, in order: prices S (N), holdings α (M·N, agent-major: agent j's N assets are
/// contiguous), cash B (M). Control: v (M·N, agent-major).
/// dSᵢ = (μᵢ + Σⱼ κ_p,ij vᵢⱼ) Sᵢ dt + σᵢ Sᵢ (L dW)ᵢ with L the Cholesky factor of the correlation and κ_p,ij the
/// agent's own permanent impact if it has one, else the asset's;
/// dαᵢⱼ = vᵢⱼ dt; dBⱼ = (r Bⱼ − Σᵢ vᵢⱼ fⱼ(vᵢⱼ) Sᵢ) dt. At T the remaining holdings are liquidated in one
/// trade of duration Δ_L: Wⱼ = Bⱼ + Σᵢ αᵢⱼ Sᵢ fⱼ(−αᵢⱼ/Δ_L).
/// Agent j's cost (minimised) is the mean–quadratic-variation form of −(E − γⱼ Var) of its relative
/// wealth Yⱼ = Wⱼ − θⱼ W̄₋ⱼ: running γⱼ |Lᵀ(σ ⊙ S ⊙ hⱼ)|² with relative holdings hⱼ = αⱼ − θⱼ ᾱ₋ⱼ, terminal
/// −Yⱼ(T). The <see cref="ICost"/> members sum over agents; <see cref="IMultiAgentCost"/> gives each agent's
/// part, and <see cref="TerminalWealth"/>, <see cref="RelativeWealth"/> and <see cref="Criterion"/> are the
/// pieces a backward least-squares solver needs for the exact time-consistent criterion
/// E_t[Yⱼ(T)] − γⱼ Var_t[Yⱼ(T)]. With the linear model the (summed) Hamiltonian has the closed-form
/// minimiser vᵢⱼ* = (V_αᵢⱼ + κ_p,ij Sᵢ V_Sᵢ − Sᵢ V_Bⱼ)/(2 κ_t,j Sᵢ V_Bⱼ). With one agent, its γ is the
/// preference "gamma".
/// </summary>
public sealed class AlmgrenChriss : ControlProblem
{
    /// <summary>The preference name of the risk aversion (single-agent problems only).</summary>
    public const string GammaPreference = "gamma";

    private readonly AlmgrenChrissModel _model;

    /// <summary>Creates the problem.</summary>
    /// <param name="parameters">The parameters, or null for the defaults.</param>
    public AlmgrenChriss(AlmgrenChrissParameters? parameters = null)
        : this(Checked(parameters ?? new AlmgrenChrissParameters()))
    {
    }

    private AlmgrenChriss(AlmgrenChrissModel model)
        : base(
            "almgren-chriss",
            model,
            model,
            model.P.Horizon,
            model.HasClosedFormMinimizer
                ? new HamiltonianMinimizer(model.Minimize, needsHessian: false, "vᵢⱼ* = (V_αᵢⱼ + κ_p,ij Sᵢ V_Sᵢ − Sᵢ V_Bⱼ) / (2 κ_t,j Sᵢ V_Bⱼ)")
                : null,
            preferences: model.M == 1 ? [new PreferenceSpec(GammaPreference, 0, 10, "γ, risk aversion of the single agent (1/currency)")] : null)
    {
        _model = model;
        Parameters = model.P;
    }

    /// <summary>Gets the parameters.</summary>
    public AlmgrenChrissParameters Parameters { get; }

    /// <summary>Gets N, the number of assets.</summary>
    public int AssetCount => _model.N;

    /// <summary>Gets M, the number of agents.</summary>
    public int AgentCount => _model.M;

    /// <summary>Gets the per-agent cost pieces.</summary>
    public IMultiAgentCost AgentCosts => _model;

    /// <summary>State index of the price of asset <paramref name="asset"/>.</summary>
    /// <param name="asset">Asset index in [0, N).</param>
    /// <returns>The index.</returns>
    public int PriceIndex(int asset) => CheckAsset(asset);

    /// <summary>State index of agent <paramref name="agent"/>'s holding in asset <paramref name="asset"/>.</summary>
    /// <param name="agent">Agent index in [0, M).</param>
    /// <param name="asset">Asset index in [0, N).</param>
    /// <returns>The index.</returns>
    public int HoldingIndex(int agent, int asset) => _model.N + (CheckAgent(agent) * _model.N) + CheckAsset(asset);

    /// <summary>State index of agent <paramref name="agent"/>'s cash.</summary>
    /// <param name="agent">Agent index in [0, M).</param>
    /// <returns>The index.</returns>
    public int CashIndex(int agent) => _model.N + (_model.M * _model.N) + CheckAgent(agent);

    /// <summary>Control index of agent <paramref name="agent"/>'s rate in asset <paramref name="asset"/>.</summary>
    /// <param name="agent">Agent index in [0, M).</param>
    /// <param name="asset">Asset index in [0, N).</param>
    /// <returns>The index.</returns>
    public int ControlIndex(int agent, int asset) => (CheckAgent(agent) * _model.N) + CheckAsset(asset);

    private int CheckAsset(int asset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(asset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(asset, _model.N);
        return asset;
    }

    private int CheckAgent(int agent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agent);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(agent, _model.M);
        return agent;
    }

    /// <summary>The execution-price factor fⱼ(vᵢⱼ) of every agent and asset.</summary>
    /// <param name="rates">Trade rates [batch, M·N] (agent-major).</param>
    /// <returns>[batch, M, N].</returns>
    public Tensor ExecutionPriceFactor(Tensor rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        return _model.ImpactFactor(rates.Reshape([rates.Size(0), _model.M, _model.N]));
    }

    /// <summary>Each agent's wealth after the forced liquidation at T: Wⱼ = Bⱼ + Σᵢ αᵢⱼ Sᵢ fⱼ(−αᵢⱼ/Δ_L).</summary>
    /// <param name="x">State [batch, d].</param>
    /// <returns>[batch, M].</returns>
    public Tensor TerminalWealth(Tensor x) => _model.TerminalWealth(x);

    /// <summary>Relative wealth Yⱼ = Wⱼ − θⱼ W̄₋ⱼ (W̄₋ⱼ the mean of the other agents; Yⱼ = Wⱼ when M = 1).</summary>
    /// <param name="wealth">Wealth [batch, M].</param>
    /// <returns>[batch, M].</returns>
    public Tensor RelativeWealth(Tensor wealth) => _model.Relative(wealth, _model.Theta.For(wealth.DType));

    /// <summary>Each agent's criterion E − γⱼ (E₂ − E²) from the conditional first and second moments of Yⱼ(T).</summary>
    /// <param name="mean">E_t[Yⱼ(T)], [batch, M].</param>
    /// <param name="secondMoment">E_t[Yⱼ(T)²], [batch, M].</param>
    /// <param name="preferences">Per-sample "gamma" (single agent), or null.</param>
    /// <returns>[batch, M] (to be maximised by agent j).</returns>
    public Tensor Criterion(Tensor mean, Tensor secondMoment, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(secondMoment);
        return mean - (_model.Gamma(preferences, mean.DType) * (secondMoment - mean.Square()));
    }

    private static AlmgrenChrissModel Checked(AlmgrenChrissParameters p)
    {
        p.Validate();
        return new AlmgrenChrissModel(p);
    }

    private sealed class AlmgrenChrissModel : DynamicsBase, IMultiAgentCost
    {
        private const double TinyRate = 1e-20;
        private readonly ConstantTensor _mu;
        private readonly ConstantTensor _sigma;
        private readonly ConstantTensor _permanent;
        private readonly ConstantTensor _temporary;
        private readonly ConstantTensor _gamma;
        private readonly ConstantTensor _cholesky;
        private readonly ConstantTensor _choleskyT;

        public AlmgrenChrissModel(AlmgrenChrissParameters p)
            : base(
                p.Assets.Count + (p.Agents.Count * p.Assets.Count) + p.Agents.Count,
                p.Agents.Count * p.Assets.Count,
                p.Assets.Count,
                BuildDomain(p),
                BuildInitialState(p))
        {
            P = p;
            N = p.Assets.Count;
            M = p.Agents.Count;
            _mu = new ConstantTensor(p.Assets.Select(a => a.Drift).ToArray(), N);
            _sigma = new ConstantTensor(p.Assets.Select(a => a.Volatility).ToArray(), N);
            _permanent = new ConstantTensor(PermanentImpacts(p), M, N);
            _temporary = new ConstantTensor(p.Agents.Select(a => a.TemporaryImpact).ToArray(), M, 1);
            _gamma = new ConstantTensor(p.Agents.Select(a => a.RiskAversion).ToArray(), M);
            Theta = new ConstantTensor(p.Agents.Select(a => a.PerformanceWeight).ToArray(), M);
            ThetaColumn = new ConstantTensor(p.Agents.Select(a => a.PerformanceWeight).ToArray(), M, 1);
            var l = p.Correlation is null ? DenseMath.Identity(N) : Guard.CorrelationCholesky(p.Correlation, N, "correlation");
            _cholesky = new ConstantTensor(l);
            _choleskyT = new ConstantTensor(DenseMath.Transpose(l));
            HasClosedFormMinimizer = p.ImpactModel == TemporaryImpactModel.Linear && p.Agents.All(a => a.TemporaryImpact > 0);
        }

        public AlmgrenChrissParameters P { get; }

        public int N { get; }

        public int M { get; }

        public int AgentCount => M;

        public bool HasClosedFormMinimizer { get; }

        public ConstantTensor Theta { get; }

        public ConstantTensor ThetaColumn { get; }

        public IReadOnlyList<int> ControlIndices(int agent)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(agent);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(agent, M);
            return Enumerable.Range(agent * N, N).ToArray();
        }

        public Tensor Gamma(PreferenceBatch? preferences, DType dtype)
            => M == 1 ? PreferenceBatch.Resolve(preferences, GammaPreference, P.Agents[0].RiskAversion, dtype) : _gamma.For(dtype);

        private Tensor Prices(Tensor x) => x.Slice(1, 0, N);

        private Tensor Holdings(Tensor x) => x.Slice(1, N, M * N).Reshape([x.Size(0), M, N]);

        private Tensor Cash(Tensor x) => x.Slice(1, N + (M * N), M);

        /// <summary>fⱼ(v) for v [batch, M, N].</summary>
        public Tensor ImpactFactor(Tensor v)
        {
            var kt = _temporary.For(v.DType);
            if (P.ImpactModel == TemporaryImpactModel.Linear)
            {
                return (kt * v) + 1.0;
            }

            var sign = v.Sign();
            var magnitude = P.ImpactExponent == 1 ? v.Abs() : v.Abs().Maximum(TinyRate).Pow(P.ImpactExponent);
            var temporary = (kt * sign * magnitude).Exp();
            return P.HalfSpread == 0 ? temporary : ((sign * P.HalfSpread) + 1.0) * temporary;
        }

        public override Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var b = x.Size(0);
            var dtype = x.DType;
            var s = Prices(x);
            var v = u.Reshape([b, M, N]);
            var dS = (_mu.For(dtype) + (_permanent.For(dtype) * v).Sum(1)) * s;
            var spent = (v * ImpactFactor(v) * s.Unsqueeze(1)).Sum(2);
            var cash = Cash(x);
            var dB = P.InterestRate == 0 ? spent.Neg() : (cash * P.InterestRate) - spent;
            return Tensor.Concat([dS, u, dB], 1);
        }

        public override Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var b = x.Size(0);
            var scale = (Prices(x) * _sigma.For(x.DType)).Unsqueeze(2);
            var top = scale * _cholesky.For(x.DType);
            return Tensor.Concat([top, Tensor.Zeros([b, StateDimension - N, N], x.DType)], 1);
        }

        public override Tensor DiffusionTimes(Tensor t, Tensor x, Tensor u, Tensor w, PreferenceBatch? preferences = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(w);
            var correlated = w.MatMul(_choleskyT.For(w.DType));
            var dS = Prices(x) * _sigma.For(x.DType) * correlated;
            return Tensor.Concat([dS, Tensor.Zeros([x.Size(0), StateDimension - N], x.DType)], 1);
        }

        public override Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor u, Tensor y, PreferenceBatch? preferences = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            return (Prices(x) * _sigma.For(x.DType) * y.Slice(1, 0, N)).MatMul(_cholesky.For(x.DType));
        }

        /// <summary>Yⱼ = Zⱼ − θⱼ mean₋ⱼ(Z) along the agent axis (axis 1) of [batch, M] or [batch, M, N].</summary>
        public Tensor Relative(Tensor z, Tensor theta)
        {
            if (M == 1)
            {
                return z;
            }

            var others = (z.Sum(1, keepDim: true) - z) / (M - 1);
            return z - (theta * others);
        }

        public Tensor TerminalWealth(Tensor x)
        {
            ArgumentNullException.ThrowIfNull(x);
            var holdings = Holdings(x);
            var factor = ImpactFactor(holdings * (-1.0 / P.LiquidationTime));
            return Cash(x) + (holdings * factor * Prices(x).Unsqueeze(1)).Sum(2);
        }

        public Tensor AgentRunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var dtype = x.DType;
            var relative = Relative(Holdings(x), ThetaColumn.For(dtype));
            var exposure = relative * (Prices(x) * _sigma.For(dtype)).Unsqueeze(1);
            var variance = exposure.MatMul(_cholesky.For(dtype)).Square().Sum(2);
            return Gamma(preferences, dtype) * variance;
        }

        public Tensor AgentTerminalCost(Tensor x, PreferenceBatch? preferences = null)
            => Relative(TerminalWealth(x), Theta.For(x.DType)).Neg();

        public Tensor RunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
            => AgentRunningCost(t, x, u, preferences).Sum(1, keepDim: true);

        public Tensor TerminalCost(Tensor x, PreferenceBatch? preferences = null)
            => AgentTerminalCost(x, preferences).Sum(1, keepDim: true);

        public Tensor Minimize(Tensor t, Tensor x, Tensor gradient, Tensor? hessian, PreferenceBatch? preferences)
        {
            var b = x.Size(0);
            var dtype = x.DType;
            var s = Prices(x).Unsqueeze(1);
            var vS = gradient.Slice(1, 0, N).Unsqueeze(1);
            var vAlpha = gradient.Slice(1, N, M * N).Reshape([b, M, N]);
            var vB = gradient.Slice(1, N + (M * N), M).Unsqueeze(2);
            var linear = vAlpha + (_permanent.For(dtype) * s * vS) - (s * vB);
            var quadratic = _temporary.For(dtype) * s * vB * 2.0;
            return (linear / quadratic).Reshape([b, M * N]);
        }

        /// <summary>κ_p,ij, [M·N] agent-major: the agent's own permanent impact, or the asset's.</summary>
        private static double[] PermanentImpacts(AlmgrenChrissParameters p)
        {
            var n = p.Assets.Count;
            var kappa = new double[p.Agents.Count * n];
            for (var j = 0; j < p.Agents.Count; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    kappa[(j * n) + i] = p.Agents[j].PermanentImpact ?? p.Assets[i].PermanentImpact;
                }
            }

            return kappa;
        }

        private static StateDomain BuildDomain(AlmgrenChrissParameters p)
        {
            var axes = new List<DomainAxis>();
            var spread = 3 * Math.Sqrt(p.Horizon);
            for (var i = 0; i < p.Assets.Count; i++)
            {
                var a = p.Assets[i];
                var width = Math.Max(spread * a.Volatility, 0.05);
                axes.Add(new DomainAxis($"S{i + 1}", "currency/share", a.InitialPrice * Math.Exp(-width), a.InitialPrice * Math.Exp(width)));
            }

            for (var j = 0; j < p.Agents.Count; j++)
            {
                for (var i = 0; i < p.Assets.Count; i++)
                {
                    var h = p.Agents[j].InitialHoldings[i];
                    var margin = 0.1 * Math.Max(1, Math.Abs(h));
                    axes.Add(new DomainAxis($"alpha{j + 1},{i + 1}", "shares", Math.Min(0, h) - margin, Math.Max(0, h) + margin));
                }
            }

            for (var j = 0; j < p.Agents.Count; j++)
            {
                var notional = 0.0;
                for (var i = 0; i < p.Assets.Count; i++)
                {
                    notional += Math.Abs(p.Agents[j].InitialHoldings[i]) * p.Assets[i].InitialPrice;
                }

                var range = (2 * notional) + 1;
                axes.Add(new DomainAxis($"B{j + 1}", "currency", -range, range));
            }

            return new StateDomain(axes);
        }

        private static double[] BuildInitialState(AlmgrenChrissParameters p)
        {
            var x = new List<double>();
            x.AddRange(p.Assets.Select(a => a.InitialPrice));
            foreach (var agent in p.Agents)
            {
                x.AddRange(agent.InitialHoldings);
            }

            x.AddRange(Enumerable.Repeat(0.0, p.Agents.Count));
            return [.. x];
        }
    }
}
