using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Execution;

/// <summary>
/// Parameters of <see cref="CarteaJaimungal"/>; κ, α, φ, A and T default to the closed-form check
/// of REFERENCES section 3.
/// </summary>
public sealed record CarteaJaimungalParameters
{
    /// <summary>Gets κ, the temporary impact: cash per share is S + κν (currency·time/share²). Default 0.24.</summary>
    public double Kappa { get; init; } = 0.24;

    /// <summary>Gets α, the permanent impact: dS = αν dt + … (currency·time/share²). Default 0.16.</summary>
    public double Alpha { get; init; } = 0.16;

    /// <summary>Gets σ, the arithmetic price volatility (currency/(share·√time)). Default 0.1 (it does not change the optimal control).</summary>
    public double Sigma { get; init; } = 0.1;

    /// <summary>Gets A, the terminal liquidation penalty A Q_T² (currency/share²). Default 10.</summary>
    public double A { get; init; } = 10;

    /// <summary>Gets φ, the running inventory penalty φ|Q|^γ (currency/(share^γ·time)). Default 0.7.</summary>
    public double Phi { get; init; } = 0.7;

    /// <summary>Gets γ, the exponent of the running penalty: 2 (closed form) or 1.5 (sub-diffusive). Default 2.</summary>
    public double Exponent { get; init; } = 2;

    /// <summary>Gets T (time). Default 1.</summary>
    public double Horizon { get; init; } = 1;

    /// <summary>Gets S₀. Default 10.</summary>
    public double InitialPrice { get; init; } = 10;

    /// <summary>Gets Q₀ (shares; positive = long, to be sold). Default 1.</summary>
    public double InitialInventory { get; init; } = 1;

    /// <summary>Gets X₀, the initial cash. Default 0.</summary>
    public double InitialCash { get; init; }

    /// <summary>
    /// Gets an optional drift profile μ(t) added to dS (tensor in, tensor out, broadcastable to
    /// [batch, 1]); null for none (then h₁ ≡ 0 in the closed form).
    /// </summary>
    public Func<Tensor, Tensor>? DriftProfile { get; init; }

    /// <summary>Gets the price domain (lower end). Default 9.</summary>
    public double PriceLow { get; init; } = 9;

    /// <summary>Gets the price domain (upper end). Default 11.</summary>
    public double PriceHigh { get; init; } = 11;

    /// <summary>Gets the inventory domain (lower end, shares). Default −0.5.</summary>
    public double InventoryLow { get; init; } = -0.5;

    /// <summary>Gets the inventory domain (upper end, shares). Default 1.5.</summary>
    public double InventoryHigh { get; init; } = 1.5;

    /// <summary>Gets the cash domain (lower end). Default −5.</summary>
    public double CashLow { get; init; } = -5;

    /// <summary>Gets the cash domain (upper end). Default 15.</summary>
    public double CashHigh { get; init; } = 15;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the parameter and the rule it breaks.</exception>
    public void Validate()
    {
        Guard.Positive(Kappa, "kappa");
        Guard.NonNegative(Alpha, "alpha");
        Guard.NonNegative(Sigma, "sigma");
        Guard.NonNegative(A, "A");
        Guard.NonNegative(Phi, "phi");
        if (Exponent is not (2.0 or 1.5))
        {
            throw Guard.OutOfRange("exponent", Exponent, $"exponent must be 2 or 1.5 (got {Guard.Format(Exponent)}).");
        }

        Guard.Positive(Horizon, "horizon");
        Guard.Finite(InitialPrice, "initialPrice");
        Guard.Finite(InitialInventory, "initialInventory");
        Guard.Finite(InitialCash, "initialCash");
        Guard.Interval(PriceLow, PriceHigh, "price domain");
        Guard.Interval(InventoryLow, InventoryHigh, "inventory domain");
        Guard.Interval(CashLow, CashHigh, "cash domain");
    }
}

/// <summary>
/// Cartea–Jaimungal optimal execution as learned by Leal–Laurière–Lehalle: state (S, Q, X) = (price,
/// inventory, cash), control the trading speed ν (buying when positive),
/// dS = (αν + μ(t)) dt + σ dW, dQ = ν dt, dX = −ν(S + κν) dt. The reward
/// X_T + Q_T(S_T − A Q_T) − φ∫|Q|^γ dt is maximised, i.e. the cost
/// f = φ|Q|^γ, g = −(X + Q S − A Q²) is minimised. Closed-form Hamiltonian minimiser
/// ν* = (α V_S + V_Q − S V_X)/(2κ V_X) (a minimum where V_X &lt; 0, as for every value of this cost).
/// Preferences: "A" and "phi".
/// </summary>
public sealed class CarteaJaimungal : ControlProblem
{
    /// <summary>The preference name of A.</summary>
    public const string APreference = "A";

    /// <summary>The preference name of φ.</summary>
    public const string PhiPreference = "phi";

    /// <summary>Creates the problem.</summary>
    /// <param name="parameters">The parameters, or null for the defaults.</param>
    public CarteaJaimungal(CarteaJaimungalParameters? parameters = null)
        : this(Checked(parameters ?? new CarteaJaimungalParameters()))
    {
    }

    private CarteaJaimungal(CarteaJaimungalModel model)
        : base(
            "cartea-jaimungal",
            model,
            model,
            model.P.Horizon,
            new HamiltonianMinimizer(model.Minimize, needsHessian: false, "ν* = (α V_S + V_Q − S V_X) / (2κ V_X)"),
            preferences:
            [
                new PreferenceSpec(APreference, 0, 0.01, "A, terminal penalty A Q_T² (currency/share²); the paper's multi-preference domain"),
                new PreferenceSpec(PhiPreference, 0, 0.007, "φ, running penalty φ|Q|^γ; the paper's multi-preference domain"),
            ])
    {
        Parameters = model.P;
    }

    /// <summary>Gets the parameters.</summary>
    public CarteaJaimungalParameters Parameters { get; }

    private static CarteaJaimungalModel Checked(CarteaJaimungalParameters p)
    {
        p.Validate();
        return new CarteaJaimungalModel(p);
    }

    private sealed class CarteaJaimungalModel : DynamicsBase, ICost
    {
        public CarteaJaimungalModel(CarteaJaimungalParameters p)
            : base(
                3,
                1,
                1,
                new StateDomain(
                [
                    new DomainAxis("S", "currency/share", p.PriceLow, p.PriceHigh),
                    new DomainAxis("Q", "shares", p.InventoryLow, p.InventoryHigh),
                    new DomainAxis("X", "currency", p.CashLow, p.CashHigh),
                ]),
                [p.InitialPrice, p.InitialInventory, p.InitialCash])
        {
            P = p;
        }

        public CarteaJaimungalParameters P { get; }

        public override Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var dS = u * P.Alpha;
            if (P.DriftProfile is not null)
            {
                dS = dS + P.DriftProfile(t).To(x.DType);
            }

            var dX = (u * (Column(x, 0) + (u * P.Kappa))).Neg();
            return Tensor.Concat([dS, u, dX], 1);
        }

        public override Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var zeros = Tensor.Zeros([x.Size(0), 1], x.DType);
            return Tensor.Concat([Tensor.Full([x.Size(0), 1], P.Sigma, x.DType), zeros, zeros], 1).Unsqueeze(2);
        }

        public override Tensor DiffusionTimes(Tensor t, Tensor x, Tensor u, Tensor w, PreferenceBatch? preferences = null)
        {
            ArgumentNullException.ThrowIfNull(w);
            var zeros = Tensor.Zeros([w.Size(0), 2], w.DType);
            return Tensor.Concat([w * P.Sigma, zeros], 1);
        }

        public override Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor u, Tensor y, PreferenceBatch? preferences = null)
            => Column(y, 0) * P.Sigma;

        public Tensor RunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            var q = Column(x, 1);
            var penalty = P.Exponent == 2 ? q.Square() : q.Abs().Pow(P.Exponent);
            return penalty * PreferenceBatch.Resolve(preferences, PhiPreference, P.Phi, x.DType);
        }

        public Tensor TerminalCost(Tensor x, PreferenceBatch? preferences = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            var s = Column(x, 0);
            var q = Column(x, 1);
            var cash = Column(x, 2);
            var a = PreferenceBatch.Resolve(preferences, APreference, P.A, x.DType);
            return (a * q.Square()) - cash - (q * s);
        }

        public Tensor Minimize(Tensor t, Tensor x, Tensor gradient, Tensor? hessian, PreferenceBatch? preferences)
        {
            var vs = Column(gradient, 0);
            var vq = Column(gradient, 1);
            var vx = Column(gradient, 2);
            return ((vs * P.Alpha) + vq - (Column(x, 0) * vx)) / (vx * (2 * P.Kappa));
        }
    }
}
