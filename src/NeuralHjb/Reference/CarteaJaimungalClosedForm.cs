namespace NeuralHjb.Reference;

/// <summary>
/// Closed-form optimal execution of the Cartea–Jaimungal problem (REFERENCES §3). The optimal trading rate is
/// ν*(t, q) = (h₁(t) + (α + h₂(t)) q)/(2κ) with h₁ ≡ 0 (no drift in S) and h₂ solving
/// h₂′ = 2φ − (α + h₂)²/(2κ), h₂(T) = −2A.
/// </summary>
/// <remarks>
/// REFERENCES writes h₂ and Q* through ζ = (2A − α + 2√(κφ))/(2A − α − 2√(κφ)), which is infinite when
/// 2A − α = 2√(κφ) and undefined for A = ∞ or φ = 0. With s = T − t, γ_c = √(φ/κ) and P = 2A − α the same
/// functions are, after multiplying through by the denominator of ζ,
/// α + h₂ = −2κ (P + 2κγ_c tanh(γ_c s))/(2κ + P tanh(γ_c s)/γ_c) and
/// Q*(t)/Q₀ = (2κ cosh(γ_c s) + P sinh(γ_c s)/γ_c)/(2κ cosh(γ_c T) + P sinh(γ_c T)/γ_c),
/// which is what is evaluated: it is finite for every admissible parameter set, gives the linear (φ = 0) limit
/// through tanh(γ s)/γ → s, and for A = +∞ (P → ∞) gives α + h₂ = −2κγ_c coth(γ_c s) and the sinh profile
/// Q*(t) = Q₀ sinh(γ_c(T − t))/sinh(γ_c T).
/// </remarks>
public sealed class CarteaJaimungalClosedForm
{
    /// <summary>Creates the closed form for a parameter set.</summary>
    /// <param name="parameters">The model parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public CarteaJaimungalClosedForm(CarteaJaimungalParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    /// <summary>The model parameters.</summary>
    public CarteaJaimungalParameters Parameters { get; }

    /// <summary>h₁(t) ≡ 0: the intercept of the optimal control when S has no drift.</summary>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>0.</returns>
    public double H1(double t)
    {
        Guard.TimeInHorizon(t, Parameters.Horizon);
        return 0;
    }

    /// <summary>h₂(t), the solution of h₂′ = 2φ − (α + h₂)²/(2κ), h₂(T) = −2A (−∞ at t = T when A = ∞).</summary>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>h₂(t).</returns>
    public double H2(double t) => Slope(t) - Parameters.Alpha;

    /// <summary>The slope (α + h₂(t))/(2κ) of the optimal control in q, so ν* = slope · q.</summary>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>ν*/q (negative: a long position is sold).</returns>
    public double RatePerShare(double t) => Slope(t) / (2 * Parameters.Kappa);

    /// <summary>The optimal trading rate ν*(t, q) = (α + h₂(t)) q/(2κ) (dQ = ν dt).</summary>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <param name="inventory">Current inventory q (finite).</param>
    /// <returns>ν*.</returns>
    public double Rate(double t, double inventory)
    {
        Guard.Finite(inventory);
        return inventory == 0 ? 0 : RatePerShare(t) * inventory;
    }

    /// <summary>The optimal inventory Q*(t) along the optimal path started from Q₀ (deterministic: S does not enter).</summary>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <param name="initialInventory">Q₀ (finite).</param>
    /// <returns>Q*(t); exactly 0 at T when A = ∞.</returns>
    public double Inventory(double t, double initialInventory)
    {
        var p = Parameters;
        Guard.TimeInHorizon(t, p.Horizon);
        Guard.Finite(initialInventory);
        double s = p.Horizon - t;
        double g = p.Rate;
        double kappa2 = 2 * p.Kappa;
        if (double.IsPositiveInfinity(p.TerminalPenalty))
        {
            return initialInventory * Hyperbolic.SinhRatio(g, s, p.Horizon);
        }

        double big = (2 * p.TerminalPenalty) - p.Alpha;
        if (g == 0)
        {
            return initialInventory * (kappa2 + (big * s)) / (kappa2 + (big * p.Horizon));
        }

        // (2κ cosh(gs) + P sinh(gs)/g) = ½ e^{gs} [2κ(1 + e^{−2gs}) + (P/g)(1 − e^{−2gs})]: no overflow for large gT.
        double numerator = (kappa2 * (1 + Math.Exp(-2 * g * s))) + (big / g * -Hyperbolic.ExpM1(-2 * g * s));
        double denominator = (kappa2 * (1 + Math.Exp(-2 * g * p.Horizon))) + (big / g * -Hyperbolic.ExpM1(-2 * g * p.Horizon));
        return initialInventory * Math.Exp(g * (s - p.Horizon)) * numerator / denominator;
    }

    /// <summary>α + h₂(t) in the overflow-free form given in the remarks.</summary>
    private double Slope(double t)
    {
        var p = Parameters;
        Guard.TimeInHorizon(t, p.Horizon);
        double s = p.Horizon - t;
        double g = p.Rate;
        double kappa2 = 2 * p.Kappa;
        double tanhOverRate = Hyperbolic.TanhOverRate(g, s);
        if (double.IsPositiveInfinity(p.TerminalPenalty))
        {
            return s == 0 ? double.NegativeInfinity : -kappa2 / tanhOverRate;
        }

        double big = (2 * p.TerminalPenalty) - p.Alpha;
        return -kappa2 * (big + (kappa2 * g * Math.Tanh(g * s))) / (kappa2 + (big * tanhOverRate));
    }
}
