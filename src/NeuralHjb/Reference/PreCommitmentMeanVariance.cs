namespace NeuralHjb.Reference;

/// <summary>
/// Pre-commitment mean–variance allocation (Zhou–Li 2000; REFERENCES §5, derived): the investor commits at t = 0 to
/// the policy that minimises E[(X_T − γ̂)²] for a target γ̂, u*(t, x) = −((μ − r)/σ²)(x − γ̂ e^{−r(T − t)}), which traces
/// the efficient frontier Var X_T = (E X_T − x₀e^{rT})²/(e^{θ²T} − 1). Under it Y = X − γ̂e^{−r(T−t)} is a geometric
/// Brownian motion with drift r − θ² and volatility −θ, which gives the moments below.
/// </summary>
public static class PreCommitmentMeanVariance
{
    /// <summary>The optimal dollar amount u*(t, x) = −((μ − r)/σ²)(x − γ̂ e^{−r(T − t)}).</summary>
    /// <param name="market">The market.</param>
    /// <param name="target">γ̂, the target terminal wealth (finite).</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <param name="wealth">x (finite).</param>
    /// <returns>u*.</returns>
    public static double Amount(MarketParameters market, double target, double horizon, double t, double wealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Finite(target);
        double remaining = MertonClosedForm.Remaining(horizon, t);
        Guard.Finite(wealth);
        double slope = (market.Drift - market.Rate) / (market.Sigma * market.Sigma);
        return -slope * (wealth - (target * Math.Exp(-market.Rate * remaining)));
    }

    /// <summary>
    /// The target that solves max E X_T − (γ/2) Var X_T at t = 0 (the pre-commitment version of the criterion):
    /// γ̂ = x₀e^{rT} + e^{θ²T}/γ.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="riskAversion">γ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="initialWealth">x₀ (finite).</param>
    /// <returns>γ̂.</returns>
    public static double TargetForRiskAversion(MarketParameters market, double riskAversion, double horizon, double initialWealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(riskAversion);
        Guard.Positive(horizon);
        Guard.Finite(initialWealth);
        double theta = market.SharpeRatio;
        return (initialWealth * Math.Exp(market.Rate * horizon)) + (Math.Exp(theta * theta * horizon) / riskAversion);
    }

    /// <summary>E X_T = γ̂ + (x₀ − γ̂e^{−rT}) e^{(r − θ²)T} under the policy with target γ̂.</summary>
    /// <param name="market">The market.</param>
    /// <param name="target">γ̂ (finite).</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="initialWealth">x₀ (finite).</param>
    /// <returns>The expected terminal wealth.</returns>
    public static double ExpectedTerminalWealth(MarketParameters market, double target, double horizon, double initialWealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Finite(target);
        Guard.Positive(horizon);
        Guard.Finite(initialWealth);
        double theta = market.SharpeRatio;
        double y0 = initialWealth - (target * Math.Exp(-market.Rate * horizon));
        return target + (y0 * Math.Exp((market.Rate - (theta * theta)) * horizon));
    }

    /// <summary>Var X_T = (x₀ − γ̂e^{−rT})² e^{2(r − θ²)T}(e^{θ²T} − 1) under the policy with target γ̂.</summary>
    /// <param name="market">The market.</param>
    /// <param name="target">γ̂ (finite).</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="initialWealth">x₀ (finite).</param>
    /// <returns>The variance of terminal wealth.</returns>
    public static double TerminalVariance(MarketParameters market, double target, double horizon, double initialWealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Finite(target);
        Guard.Positive(horizon);
        Guard.Finite(initialWealth);
        double theta2 = market.SharpeRatio * market.SharpeRatio;
        double y0 = initialWealth - (target * Math.Exp(-market.Rate * horizon));
        return y0 * y0 * Math.Exp(2 * (market.Rate - theta2) * horizon) * Hyperbolic.ExpM1(theta2 * horizon);
    }

    /// <summary>
    /// The efficient frontier Var X_T = (E X_T − x₀e^{rT})²/(e^{θ²T} − 1). When θ = 0 the frontier is degenerate:
    /// 0 at E = x₀e^{rT} and +∞ elsewhere.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="initialWealth">x₀ (finite).</param>
    /// <param name="expectedWealth">The expected terminal wealth E X_T (finite).</param>
    /// <returns>The minimal variance for that expectation.</returns>
    public static double FrontierVariance(MarketParameters market, double horizon, double initialWealth, double expectedWealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(horizon);
        Guard.Finite(initialWealth);
        Guard.Finite(expectedWealth);
        double excess = expectedWealth - (initialWealth * Math.Exp(market.Rate * horizon));
        double denominator = Hyperbolic.ExpM1(market.SharpeRatio * market.SharpeRatio * horizon);
        if (denominator == 0)
        {
            return excess == 0 ? 0 : double.PositiveInfinity;
        }

        return excess * excess / denominator;
    }
}
