using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Problems.Portfolio;

/// <summary>What the control of <see cref="Merton"/> and <see cref="MeanVariance"/> measures.</summary>
public enum PortfolioControl
{
    /// <summary>π, the fraction of wealth in the stock.</summary>
    Fraction,

    /// <summary>u, the amount of currency in the stock.</summary>
    Amount,
}

/// <summary>Parameters of <see cref="Merton"/>; market defaults follow REFERENCES section 7.</summary>
public sealed record MertonParameters
{
    /// <summary>Gets r, the riskless rate (1/time). Default 0.02.</summary>
    public double InterestRate { get; init; } = 0.02;

    /// <summary>Gets μ, the stock's drift (1/time). Default 0.05.</summary>
    public double Drift { get; init; } = 0.05;

    /// <summary>Gets σ, the stock's volatility (1/√time), positive. Default 0.2.</summary>
    public double Volatility { get; init; } = 0.2;

    /// <summary>Gets T (time). Default 1.</summary>
    public double Horizon { get; init; } = 1;

    /// <summary>Gets the utility. Default power.</summary>
    public UtilityKind Utility { get; init; } = UtilityKind.Power;

    /// <summary>Gets p of the power utility x^p/p (below 1, non-zero). Default 0.5.</summary>
    public double PowerExponent { get; init; } = 0.5;

    /// <summary>Gets γ of the exponential utility −e^{−γx}/γ (1/currency). Default 0.5.</summary>
    public double RiskAversion { get; init; } = 0.5;

    /// <summary>Gets the control parameterisation. Default the fraction π.</summary>
    public PortfolioControl Control { get; init; } = PortfolioControl.Fraction;

    /// <summary>Gets X₀ (currency). Default 1.</summary>
    public double InitialWealth { get; init; } = 1;

    /// <summary>Gets the wealth domain (lower end). Default 0.1.</summary>
    public double WealthLow { get; init; } = 0.1;

    /// <summary>Gets the wealth domain (upper end). Default 3.</summary>
    public double WealthHigh { get; init; } = 3;

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the parameter and the rule it breaks.</exception>
    public void Validate()
    {
        Guard.Finite(InterestRate, "interestRate");
        Guard.Finite(Drift, "mu");
        Guard.Positive(Volatility, "sigma");
        Guard.Positive(Horizon, "horizon");
        Portfolio.Utility.Validate(Utility, PowerExponent, RiskAversion);
        if (!Enum.IsDefined(Control))
        {
            throw Guard.OutOfRange("control", Control, "control must be Fraction or Amount.");
        }

        Guard.Finite(InitialWealth, "initialWealth");
        Guard.Interval(WealthLow, WealthHigh, "wealth domain");
    }
}

/// <summary>
/// Merton's portfolio problem: one riskless asset at rate r, one stock dS/S = μ dt + σ dW, wealth
/// dX = [rX + πX(μ − r)] dt + πXσ dW (fraction π) or dX = [rX + u(μ − r)] dt + uσ dW (amount u).
/// Expected utility E U(X_T) is maximised, i.e. the cost g = −U(X_T) (no running cost) is minimised.
/// Closed-form Hamiltonian minimiser (where V_xx &gt; 0): π* = −(μ − r)V_x/(σ² x V_xx), u* = −(μ − r)V_x/(σ² V_xx).
/// Preferences: "p" (power utility) or "gamma" (exponential utility).
/// </summary>
public sealed class Merton : ControlProblem
{
    /// <summary>Creates the problem.</summary>
    /// <param name="parameters">The parameters, or null for the defaults.</param>
    public Merton(MertonParameters? parameters = null)
        : this(Checked(parameters ?? new MertonParameters()))
    {
    }

    private Merton(MertonModel model)
        : base(
            "merton",
            model,
            model,
            model.P.Horizon,
            new HamiltonianMinimizer(
                model.Minimize,
                needsHessian: true,
                model.P.Control == PortfolioControl.Fraction ? "π* = −(μ − r) V_x / (σ² x V_xx)" : "u* = −(μ − r) V_x / (σ² V_xx)"),
            preferences: Utility.Preferences(model.P.Utility))
    {
        Parameters = model.P;
    }

    /// <summary>Gets the parameters.</summary>
    public MertonParameters Parameters { get; }

    private static MertonModel Checked(MertonParameters p)
    {
        p.Validate();
        return new MertonModel(p);
    }

    private sealed class MertonModel : DynamicsBase, ICost
    {
        public MertonModel(MertonParameters p)
            : base(1, 1, 1, new StateDomain([new DomainAxis("x", "currency", p.WealthLow, p.WealthHigh)]), [p.InitialWealth])
        {
            P = p;
        }

        public MertonParameters P { get; }

        public override DiffusionForm DiffusionForm => DiffusionForm.Diagonal;

        private Tensor Exposure(Tensor x, Tensor u) => P.Control == PortfolioControl.Fraction ? u * x : u;

        public override Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            return (x * P.InterestRate) + (Exposure(x, u) * (P.Drift - P.InterestRate));
        }

        public override Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            return Exposure(x, u) * P.Volatility;
        }

        public Tensor RunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
        {
            CheckBatch(x, u);
            return Tensor.Zeros([x.Size(0), 1], x.DType);
        }

        public Tensor TerminalCost(Tensor x, PreferenceBatch? preferences = null)
        {
            ArgumentNullException.ThrowIfNull(x);
            return Utility.Evaluate(P.Utility, x, P.PowerExponent, P.RiskAversion, preferences).Neg();
        }

        public Tensor Minimize(Tensor t, Tensor x, Tensor gradient, Tensor? hessian, PreferenceBatch? preferences)
        {
            var vx = gradient;
            var vxx = hessian!.Rank == 3 ? hessian.Reshape([hessian.Size(0), 1]) : hessian;
            var amount = (vx / vxx) * (-(P.Drift - P.InterestRate) / (P.Volatility * P.Volatility));
            return P.Control == PortfolioControl.Fraction ? amount / x : amount;
        }
    }
}
