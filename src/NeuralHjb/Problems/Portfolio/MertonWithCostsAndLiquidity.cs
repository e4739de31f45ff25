using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Portfolio;

/// <summary>
/// Parameters of <see cref="MertonWithCostsAndLiquidity"/>; every default is REFERENCES section 7's.
/// </summary>
public sealed record MertonWithCostsAndLiquidityParameters
{
    /// <summary>Gets r (1/time). Default 0.02.</summary>
    public double InterestRate { get; init; } = 0.02;

    /// <summary>Gets μ (1/time). Default 0.05.</summary>
    public double Drift { get; init; } = 0.05;

    /// <summary>Gets σ, the stock's own volatility (1/√time). Default 0.2.</summary>
    public double Volatility { get; init; } = 0.2;

    /// <summary>Gets ρ₁ = corr(B^S, B^γ). Default 0.5.</summary>
    public double Rho1 { get; init; } = 0.5;

    /// <summary>Gets ρ₂ = corr(B^S, B^L). Default 0.3.</summary>
    public double Rho2 { get; init; } = 0.3;

    /// <summary>Gets ρ₃ = corr(B^γ, B^L). Default 0.4.</summary>
    public double Rho3 { get; init; } = 0.4;

    /// <summary>Gets T (time). Default 1.</summary>
    public double Horizon { get; init; } = 1;

    /// <summary>Gets θ₀, the base long-run illiquidity level. Default 0.6.</summary>
    public double Theta0 { get; init; } = 0.6;

    /// <summary>Gets λ_TC, the sensitivity of the illiquidity level to the cost rate. Default 5.</summary>
    public double LambdaTc { get; init; } = 5;

    /// <summary>Gets α, the mean-reversion speed of L (1/time). Default 2.</summary>
    public double Alpha { get; init; } = 2;

    /// <summary>Gets β, the loading of the stock on liquidity noise (β L S dB^γ). Default 0.3.</summary>
    public double Beta { get; init; } = 0.3;

    /// <summary>Gets k, the proportional transaction cost rate (fraction of traded value). Default 0.004.</summary>
    public double CostRate { get; init; } = 0.004;

    /// <summary>Gets σ_L, the volatility of L (1/√time). Default 0.2.</summary>
    public double LiquidityVolatility { get; init; } = 0.2;

    /// <summary>Gets δt, the rebalancing interval of Leland's argument (time). Default 1/12.</summary>
    public double RebalanceInterval { get; init; } = 1.0 / 12;

    /// <summary>Gets ξ ∈ (0, 1), the concavity of θ(L) = θ₀ + λ_TC k L^ξ. Default 0.4.</summary>
    public double Xi { get; init; } = 0.4;

    /// <summary>Gets the utility. Default power.</summary>
    public UtilityKind Utility { get; init; } = UtilityKind.Power;

    /// <summary>Gets p of the power utility. Default 0.5.</summary>
    public double PowerExponent { get; init; } = 0.5;

    /// <summary>Gets a of the exponential utility −e^{−ax}/a. Default 0.5.</summary>
    public double RiskAversion { get; init; } = 0.5;

    /// <summary>Gets x₀ (currency). Default 1.</summary>
    public double InitialWealth { get; init; } = 1;

    /// <summary>Gets l₀. Default 0.6 (= θ₀).</summary>
    public double InitialLiquidity { get; init; } = 0.6;

    /// <summary>Gets the wealth domain (lower end). Default 0.1.</summary>
    public double WealthLow { get; init; } = 0.1;

    /// <summary>Gets the wealth domain (upper end). Default 3.</summary>
    public double WealthHigh { get; init; } = 3;

    /// <summary>Gets the liquidity domain (lower end). Default 0.</summary>
    public double LiquidityLow { get; init; }

    /// <summary>Gets the liquidity domain (upper end). Default 1.5.</summary>
    public double LiquidityHigh { get; init; } = 1.5;

    /// <summary>Gets c = k √(2/(π δt)), the Leland cost coefficient.</summary>
    public double LelandCoefficient => CostRate * Math.Sqrt(2 / (Math.PI * RebalanceInterval));

    /// <summary>The total stock volatility Σ(l) = √(σ² + β²l² + 2ρ₁σβl).</summary>
    /// <param name="l">Illiquidity level.</param>
    /// <returns>Σ(l) ≥ 0.</returns>
    public double TotalVolatility(double l)
        => Math.Sqrt(Math.Max(0, (Volatility * Volatility) + (Beta * Beta * l * l) + (2 * Rho1 * Volatility * Beta * l)));

    /// <summary>The long-run illiquidity θ(l) = θ₀ + λ_TC k max(l, 0)^ξ.</summary>
    /// <param name="l">Illiquidity level.</param>
    /// <returns>θ(l).</returns>
    public double LongRunLevel(double l) => Theta0 + (LambdaTc * CostRate * Math.Pow(Math.Max(l, 0), Xi));

    /// <summary>The covariance loading D(l) = (ρ₂σ + ρ₃βl)σ_L, so that d⟨x, l⟩ = π x D(l) dt.</summary>
    /// <param name="l">Illiquidity level.</param>
    /// <returns>D(l).</returns>
    public double CrossLoading(double l) => ((Rho2 * Volatility) + (Rho3 * Beta * l)) * LiquidityVolatility;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentException">Naming the parameter and the rule it breaks.</exception>
    public void Validate()
    {
        Guard.Finite(InterestRate, "interestRate");
        Guard.Finite(Drift, "mu");
        Guard.Positive(Volatility, "sigma");
        Guard.InRange(Rho1, -1, 1, "rho1");
        Guard.InRange(Rho2, -1, 1, "rho2");
        Guard.InRange(Rho3, -1, 1, "rho3");
        Guard.CorrelationCholesky(CorrelationMatrix(), 3, "correlation");
        Guard.Positive(Horizon, "horizon");
        Guard.Finite(Theta0, "theta0");
        Guard.NonNegative(LambdaTc, "lambdaTc");
        Guard.NonNegative(Alpha, "alpha");
        Guard.NonNegative(Beta, "beta");
        Guard.NonNegative(CostRate, "k");
        Guard.NonNegative(LiquidityVolatility, "sigmaL");
        Guard.Positive(RebalanceInterval, "rebalanceInterval");
        Guard.InOpenRange(Xi, 0, 1, "xi");
        Portfolio.Utility.Validate(Utility, PowerExponent, RiskAversion);
        Guard.Finite(InitialWealth, "initialWealth");
        Guard.Finite(InitialLiquidity, "initialLiquidity");
        Guard.Interval(WealthLow, WealthHigh, "wealth domain");
        Guard.Interval(LiquidityLow, LiquidityHigh, "liquidity domain");
    }

    /// <summary>The correlation of (B^S, B^γ, B^L).</summary>
    /// <returns>A 3×3 matrix.</returns>
    public double[,] CorrelationMatrix() => new[,] { { 1, Rho1, Rho2 }, { Rho1, 1, Rho3 }, { Rho2, Rho3, 1 } };
}

/// <summary>
/// Merton's problem with proportional transaction costs and stochastic liquidity, as reconstructed in
/// REFERENCES section 7 (the policy-iteration paper's own equations are not available; this is the
/// specification). State (x, l) = (wealth, illiquidity), control π ∈ [0, 1], noise (B^S, B^γ, B^L)
/// correlated through the Cholesky factor of their correlation:
/// dx = [r + (μ − r)π − c π(1 − π) Σ(l)] x dt + π x (σ dB^S + β l dB^γ),
/// dl = α(θ(l) − l) dt + σ_L dB^L, Σ²(l) = σ² + β²l² + 2ρ₁σβl, θ(l) = θ₀ + λ_TC k max(l, 0)^ξ,
/// c = k √(2/(π_c δt)). The cost −U(x_T) (no running cost) is minimised. Closed-form Hamiltonian
/// minimiser: the unconstrained π* = −[(μ − r − cΣ) x V_x + D x V_xl] / [Σ² x² V_xx + 2cΣ x V_x] with
/// D = (ρ₂σ + ρ₃βl)σ_L, clipped to [0, 1], compared with the end points when the quadratic is not
/// convex. Preferences: "beta", "k" and the utility's "p" or "gamma".
/// </summary>
public sealed class MertonWithCostsAndLiquidity : ControlProblem
{
    /// <summary>The preference name of β.</summary>
    public const string BetaPreference = "beta";

    /// <summary>The preference name of the cost rate k.</summary>
    public const string CostRatePreference = "k";

    /// <summary>Creates the problem.</summary>
    /// <param name="parameters">The parameters, or null for the defaults.</param>
    public MertonWithCostsAndLiquidity(MertonWithCostsAndLiquidityParameters? parameters = null)
        : this(Checked(parameters ?? new MertonWithCostsAndLiquidityParameters()))
    {
    }

    private MertonWithCostsAndLiquidity(Model model)
        : base(
            "merton-costs-liquidity",
            model,
            model,
            model.P.Horizon,
            new HamiltonianMinimizer(model.Minimize, needsHessian: true, "π* = clip(−[(μ − r − cΣ) x V_x + D x V_xl] / [Σ² x² V_xx + 2cΣ x V_x], 0, 1)"),
            preferences: DeclaredPreferences(model.P.Utility),
            controlBounds: new ControlBounds([0.0], [1.0]))
    {
        Parameters = model.P;
    }

    /// <summary>Gets the parameters.</summary>
    public MertonWithCostsAndLiquidityParameters Parameters { get; }

    private static PreferenceSpec[] DeclaredPreferences(UtilityKind utility)
    {
        var list = new List<PreferenceSpec>
        {
            new(BetaPreference, 0, 0.6, "β, loading on liquidity noise"),
            new(CostRatePreference, 0, 0.01, "k, proportional cost rate"),
        };
        list.AddRange(Utility.Preferences(utility) ?? []);
        return [.. list];
    }

    private static Model Checked(MertonWithCostsAndLiquidityParameters p)
    {
        p.Validate();
        return new Model(p);
    }

    private sealed class Model : DynamicsBase, ICost
    {
        private const double TinyLiquidity = 1e-12;
        private readonly ConstantTensor _cholesky;
        private readonly ConstantTensor _choleskyT;
        private readonly ConstantTensor _liquidityRow;

        public Model(MertonWithCostsAndLiquidityParameters p)
            : base(
                2,
                1,
                3,
                new StateDomain([new DomainAxis("x", "currency", p.WealthLow, p.WealthHigh), new DomainAxis("l", "illiquidity", p.LiquidityLow, p.LiquidityHigh)]),
                [p.InitialWealth, p.InitialLiquidity])
        {
            P = p;
            var l = Guard.CorrelationCholesky(p.CorrelationMatrix(), 3, "correlation");
            _cholesky = new ConstantTensor(l);
            _choleskyT = new ConstantTensor(DenseMath.Transpose(l));
            _liquidityRow = new ConstantTensor([p.LiquidityVolatility * l[2, 0], p.LiquidityVolatility * l[2, 1], p.LiquidityVolatility * l[2, 2]], 1, 3);
        }

        public MertonWithCostsAndLiquidityParameters P { get; }

        private (Tensor Beta, Tensor K) Read(PreferenceBatch? preferences, DType dtype)
            => (PreferenceBatch.Resolve(preferences, BetaPreference, P.Beta, dtype), PreferenceBatch.Resolve(preferences, CostRatePreference, P.CostRate, dtype));

        /// <summary>Σ(l) = √(σ² + β²l² + 2ρ₁σβl).</summary>
        private Tensor TotalVolatility(Tensor l, Tensor beta)
        {
            var bl = beta * l;
            return ((bl.Square() + (bl * (2 * P.Rho1 * P.Volatility))) + (P.Volatility * P.Volatility)).Sqrt();
        }

        private double Leland(double k) => k * Math.Sqrt(2 / (Math.PI * P.RebalanceInterval));

        public override Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var (beta, k) = Read(preferences, x.DType);
            var wealth = Column(x, 0);
            var l = Column(x, 1);
            var c = k * Leland(1);
            var cost = c * u * u.RSub(1.0) * TotalVolatility(l, beta);
            var rate = ((u * (P.Drift - P.InterestRate)) + P.InterestRate) - cost;
            var theta = (k * l.Maximum(TinyLiquidity).Pow(P.Xi) * P.LambdaTc) + P.Theta0;
            var dl = (theta - l) * P.Alpha;
            return Tensor.Concat([rate * wealth, dl], 1);
        }

        /// <summary>The x-row loadings on (B^S, B^γ, B^L) before correlation: π x (σ, β l, 0).</summary>
        private Tensor WealthLoadings(Tensor x, Tensor u, Tensor beta)
        {
            var exposure = u * Column(x, 0);
            return Tensor.Concat([exposure * P.Volatility, exposure * beta * Column(x, 1), Tensor.Zeros([x.Size(0), 1], x.DType)], 1);
        }

        public override Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var (beta, _) = Read(preferences, x.DType);
            var wealthRow = WealthLoadings(x, u, beta).MatMul(_cholesky.For(x.DType));
            var liquidityRow = _liquidityRow.For(x.DType).Expand([x.Size(0), 3]);
            return Tensor.Stack([wealthRow, liquidityRow], 1);
        }

        public override Tensor DiffusionTimes(Tensor t, Tensor x, Tensor u, Tensor w, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            ArgumentNullException.ThrowIfNull(w);
            var (beta, _) = Read(preferences, x.DType);
            var correlated = w.MatMul(_choleskyT.For(x.DType));
            var dx = (WealthLoadings(x, u, beta) * correlated).Sum(1, keepDim: true);
            var dl = Column(correlated, 2) * P.LiquidityVolatility;
            return Tensor.Concat([dx, dl], 1);
        }

        public override Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor u, Tensor y, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            ArgumentNullException.ThrowIfNull(y);
            var (beta, _) = Read(preferences, x.DType);
            var loadings = WealthLoadings(x, u, beta) * Column(y, 0);
            var liquidity = Column(y, 1) * P.LiquidityVolatility;
            var zeros = Tensor.Zeros([x.Size(0), 2], x.DType);
            return (loadings + Tensor.Concat([zeros, liquidity], 1)).MatMul(_cholesky.For(x.DType));
        }

        public Tensor RunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            return Tensor.Zeros([x.Size(0), 1], x.DType);
        }

        public Tensor TerminalCost(Tensor x, PreferenceBatch? preferences = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Utility.Evaluate(P.Utility, Column(x, 0), P.PowerExponent, P.RiskAversion, preferences).Neg();
        }

        public Tensor Minimize(Tensor t, Tensor x, Tensor gradient, Tensor? hessian, PreferenceBatch? preferences)
        {
            var dtype = x.DType;
            var (beta, k) = Read(preferences, dtype);
            var wealth = Column(x, 0);
            var l = Column(x, 1);
            var vx = Column(gradient, 0);
            var b = x.Size(0);
            var h = hessian!.Contiguous().Reshape([b, 4]);
            var vxx = Column(h, 0);
            var vxl = Column(h, 1);
            var sigmaL = TotalVolatility(l, beta);
            var c = k * Leland(1);
            var d = ((beta * l * P.Rho3) + (P.Rho2 * P.Volatility)) * P.LiquidityVolatility;

            // The π-dependent part of the Hamiltonian is q(π) = a₁π + a₂π².
            var a1 = ((c * sigmaL).RSub(P.Drift - P.InterestRate) * wealth * vx) + (d * wealth * vxl);
            var a2 = (c * sigmaL * wealth * vx) + (sigmaL.Square() * wealth.Square() * vxx * 0.5);
            var convex = Tensor.Compare(a2, Tensor.Zeros([], dtype), CompareOp.Greater);
            var safe = Tensor.Where(convex, a2, Tensor.Ones([], dtype));
            var interior = Tensor.Where(convex, (a1 / safe * -0.5).Clamp(0, 1), Tensor.Zeros([], dtype));
            var qInterior = (a1 * interior) + (a2 * interior.Square());
            var qOne = a1 + a2;
            var best = Tensor.Where(Tensor.Compare(qOne, qInterior, CompareOp.Less), Tensor.OnesLike(interior), interior);
            var qBest = qInterior.Minimum(qOne);
            return Tensor.Where(Tensor.Compare(qBest, Tensor.Zeros([], dtype), CompareOp.Greater), Tensor.ZerosLike(interior), best);
        }
    }
}
