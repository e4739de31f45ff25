using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Execution;

/// <summary>
/// Parameters of <see cref="GatheralSchied"/>; the defaults are the MT-PINN paper's set-up
/// (REFERENCES section 1).
/// </summary>
public sealed record GatheralSchiedParameters
{
    /// <summary>Gets κ, the weight of the inventory penalty κ²X² (1/time). Default 0.1.</summary>
    public double Kappa { get; init; } = 0.1;

    /// <summary>Gets σ, the relative price volatility of dS = σ S dW (1/√time). Default 0.1.</summary>
    public double Sigma { get; init; } = 0.1;

    /// <summary>Gets λ, the weight of the cross term λ X S (1/time). Default 0.1 (the paper's largest λ*).</summary>
    public double Lambda { get; init; } = 0.1;

    /// <summary>Gets T, the horizon (time). Default 5.</summary>
    public double Horizon { get; init; } = 5;

    /// <summary>Gets the lower end of the inventory domain (shares). Default −10.</summary>
    public double InventoryLow { get; init; } = -10;

    /// <summary>Gets the upper end of the inventory domain (shares). Default 10.</summary>
    public double InventoryHigh { get; init; } = 10;

    /// <summary>Gets the lower end of the price domain (currency per share). Default 10.</summary>
    public double PriceLow { get; init; } = 10;

    /// <summary>Gets the upper end of the price domain (currency per share). Default 100.</summary>
    public double PriceHigh { get; init; } = 100;

    /// <summary>Gets X₀ (shares). Default 10.</summary>
    public double InitialInventory { get; init; } = 10;

    /// <summary>Gets S₀ (currency per share). Default 55.</summary>
    public double InitialPrice { get; init; } = 55;

    /// <summary>
    /// Gets the weight c of the soft terminal cost g = c X_T² that stands in for the hard constraint
    /// X_T = 0 (the limit c → ∞). Default 100, the paper's vanilla-PINN terminal target.
    /// </summary>
    public double TerminalPenalty { get; init; } = 100;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the parameter and the rule it breaks.</exception>
    public void Validate()
    {
        Guard.Positive(Kappa, "kappa");
        Guard.NonNegative(Sigma, "sigma");
        Guard.Finite(Lambda, "lambda");
        Guard.Positive(Horizon, "horizon");
        Guard.Interval(InventoryLow, InventoryHigh, "inventory domain");
        Guard.Interval(PriceLow, PriceHigh, "price domain");
        Guard.Finite(InitialInventory, "initialInventory");
        Guard.Positive(InitialPrice, "initialPrice");
        Guard.Positive(TerminalPenalty, "terminalPenalty");
    }
}

/// <summary>
/// Gatheral–Schied optimal execution as solved by the MT-PINN paper: state (X, S), control the
/// selling rate v, dX = −v dt, dS = σ S dW, minimise E[∫₀ᵀ (v² + κ²X² + λ X S) dt + c X_T²].
/// Closed-form Hamiltonian minimiser v* = ½ ∂V/∂X; symmetry V(t, X, S) = V(t, −X, −S).
/// Preferences: "lambda" and "kappa".
/// </summary>
public sealed class GatheralSchied : ControlProblem
{
    /// <summary>The preference name of λ.</summary>
    public const string LambdaPreference = "lambda";

    /// <summary>The preference name of κ.</summary>
    public const string KappaPreference = "kappa";

    /// <summary>Creates the problem.</summary>
    /// <param name="parameters">The parameters, or null for the defaults.</param>
    public GatheralSchied(GatheralSchiedParameters? parameters = null)
        : this(Checked(parameters ?? new GatheralSchiedParameters()))
    {
    }

    private GatheralSchied(GatheralSchiedModel model)
        : base(
            "gatheral-schied",
            model,
            model,
            model.P.Horizon,
            new HamiltonianMinimizer(
                static (t, x, gradient, hessian, p) => gradient.Slice(1, 0, 1) * 0.5,
                needsHessian: false,
                "v* = ½ ∂V/∂X"),
            new ReflectionSymmetry([-1.0, -1.0], "V(t, X, S) = V(t, −X, −S)"),
            [
                new PreferenceSpec(LambdaPreference, 0, 0.1, "λ, weight of λXS (1/time)"),
                new PreferenceSpec(KappaPreference, 0.05, 0.5, "κ, inventory penalty κ²X² (1/time)"),
            ])
    {
        Parameters = model.P;
    }

    /// <summary>Gets the parameters.</summary>
    public GatheralSchiedParameters Parameters { get; }

    private static GatheralSchiedModel Checked(GatheralSchiedParameters p)
    {
        p.Validate();
        return new GatheralSchiedModel(p);
    }

    private sealed class GatheralSchiedModel : DynamicsBase, ICost
    {
        public GatheralSchiedModel(GatheralSchiedParameters p)
            : base(
                2,
                1,
                1,
                new StateDomain([new DomainAxis("X", "shares", p.InventoryLow, p.InventoryHigh), new DomainAxis("S", "currency/share", p.PriceLow, p.PriceHigh)]),
                [p.InitialInventory, p.InitialPrice])
        {
            P = p;
        }

        public GatheralSchiedParameters P { get; }

        public override Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            return Tensor.Concat([u.Neg(), Tensor.Zeros([x.Size(0), 1], x.DType)], 1);
        }

        public override Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            return Tensor.Concat([Tensor.Zeros([x.Size(0), 1], x.DType), Column(x, 1) * P.Sigma], 1).Unsqueeze(2);
        }

        public override Tensor DiffusionTimes(Tensor t, Tensor x, Tensor u, Tensor w, PreferenceBatch? preferences = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Tensor.Concat([Tensor.Zeros([x.Size(0), 1], x.DType), Column(x, 1) * w * P.Sigma], 1);
        }

        public override Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor u, Tensor y, PreferenceBatch? preferences = null)
            => Column(x, 1) * Column(y, 1) * P.Sigma;

        public Tensor RunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var inventory = Column(x, 0);
            var price = Column(x, 1);
            var kappa = PreferenceBatch.Resolve(preferences, KappaPreference, P.Kappa, x.DType);
            var lambda = PreferenceBatch.Resolve(preferences, LambdaPreference, P.Lambda, x.DType);
            return u.Square() + ((kappa * inventory).Square()) + (lambda * inventory * price);
        }

        public Tensor TerminalCost(Tensor x, PreferenceBatch? preferences = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Column(x, 0).Square() * P.TerminalPenalty;
        }
    }
}
