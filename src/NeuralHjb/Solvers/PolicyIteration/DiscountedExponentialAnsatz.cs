using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// For exponential utility U(x) = −e^{−a x}/a (cost g = e^{−a x}/a): V = e^{−a x e^{r(T − t)}}/a · exp((T − t)·n).
/// Merton's CARA value has exactly this shape with n = −θ²/2; with n free it is only a rescaling by the
/// discounted wealth, so costs and liquidity effects are still learned by the network.
/// </summary>
public sealed class DiscountedExponentialAnsatz : ValueAnsatz
{
    /// <summary>Creates the ansatz.</summary>
    /// <param name="rate">r, the riskless rate.</param>
    /// <param name="riskAversion">a &gt; 0.</param>
    /// <param name="wealthCoordinate">The state coordinate holding wealth.</param>
    public DiscountedExponentialAnsatz(double rate, double riskAversion, int wealthCoordinate = 0)
    {
        if (!double.IsFinite(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must be finite.");
        }

        if (!(riskAversion > 0) || !double.IsFinite(riskAversion))
        {
            throw new ArgumentOutOfRangeException(nameof(riskAversion), riskAversion, "riskAversion must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(wealthCoordinate);
        Rate = rate;
        RiskAversion = riskAversion;
        WealthCoordinate = wealthCoordinate;
    }

    /// <summary>Gets r.</summary>
    public double Rate { get; }

    /// <summary>Gets a.</summary>
    public double RiskAversion { get; }

    /// <summary>Gets the wealth coordinate.</summary>
    public int WealthCoordinate { get; }

    /// <inheritdoc />
    public override string Description => $"V = exp(−{RiskAversion:G4}·x·e^(r(T − t)))/{RiskAversion:G4} · exp((T − t)·n)";

    /// <inheritdoc />
    public override bool EnforcesTerminalCondition => true;

    /// <inheritdoc />
    public override Tensor Apply(Tensor t, Tensor x, Tensor raw, double horizon)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(raw);
        var remaining = t.RSub(horizon);
        var wealth = x.Size(1) == 1 ? x : x.Slice(1, WealthCoordinate, 1);
        var discounted = wealth * (remaining * Rate).Exp();
        return ((discounted * -RiskAversion).Exp() * (1 / RiskAversion)) * (remaining * raw).Exp();
    }
}
