namespace NeuralHjb.Reference;

/// <summary>
/// Time-consistent mean–variance allocation (Basak–Chabakauri 2010; REFERENCES §5): at every t maximise
/// E_t[X_T] − (γ/2) Var_t[X_T] in the subgame-perfect sense, wealth dX = [rX + u(μ − r)]dt + uσ dW with u the dollar
/// amount in the stock. Note the criterion is E − (γ/2)Var: for E − γVar pass 2γ.
/// </summary>
public static class MeanVarianceClosedForm
{
    /// <summary>The optimal dollar amount u*(t) = (μ − r) e^{−r(T − t)}/(γσ²), independent of wealth.</summary>
    /// <param name="market">The market.</param>
    /// <param name="riskAversion">γ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>u*.</returns>
    public static double Amount(MarketParameters market, double riskAversion, double horizon, double t)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(riskAversion);
        double remaining = MertonClosedForm.Remaining(horizon, t);
        return (market.Drift - market.Rate) * Math.Exp(-market.Rate * remaining) / (riskAversion * market.Sigma * market.Sigma);
    }

    /// <summary>E_t[X_T] = x e^{r(T − t)} + θ²(T − t)/γ under the optimal policy.</summary>
    /// <param name="market">The market.</param>
    /// <param name="riskAversion">γ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <param name="wealth">x (finite).</param>
    /// <returns>The expected terminal wealth.</returns>
    public static double ExpectedTerminalWealth(MarketParameters market, double riskAversion, double horizon, double t, double wealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(riskAversion);
        double remaining = MertonClosedForm.Remaining(horizon, t);
        Guard.Finite(wealth);
        double theta = market.SharpeRatio;
        return (wealth * Math.Exp(market.Rate * remaining)) + (theta * theta * remaining / riskAversion);
    }

    /// <summary>Var_t[X_T] = θ²(T − t)/γ² under the optimal policy (independent of wealth).</summary>
    /// <param name="market">The market.</param>
    /// <param name="riskAversion">γ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>The variance of terminal wealth.</returns>
    public static double TerminalVariance(MarketParameters market, double riskAversion, double horizon, double t)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(riskAversion);
        double remaining = MertonClosedForm.Remaining(horizon, t);
        double theta = market.SharpeRatio;
        return theta * theta * remaining / (riskAversion * riskAversion);
    }

    /// <summary>The equilibrium value V(t, x) = E − (γ/2)Var = x e^{r(T − t)} + θ²(T − t)/(2γ).</summary>
    /// <param name="market">The market.</param>
    /// <param name="riskAversion">γ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <param name="wealth">x (finite).</param>
    /// <returns>V(t, x).</returns>
    public static double Value(MarketParameters market, double riskAversion, double horizon, double t, double wealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(riskAversion);
        double remaining = MertonClosedForm.Remaining(horizon, t);
        Guard.Finite(wealth);
        double theta = market.SharpeRatio;
        return (wealth * Math.Exp(market.Rate * remaining)) + (theta * theta * remaining / (2 * riskAversion));
    }

    /// <summary>Multi-asset: u*(t) = e^{−r(T − t)} Σ⁻¹(μ − r𝟙)/γ, the dollar amount in each asset.</summary>
    /// <param name="market">The multi-asset market (Σ solved through the Cholesky factor of ρ).</param>
    /// <param name="riskAversion">γ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>u*, one amount per asset.</returns>
    public static double[] Amounts(MultiAssetMarket market, double riskAversion, double horizon, double t)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(riskAversion);
        double remaining = MertonClosedForm.Remaining(horizon, t);
        double scale = Math.Exp(-market.Rate * remaining) / riskAversion;
        var w = market.InverseCovarianceTimesExcessDrift();
        for (int i = 0; i < w.Length; i++)
        {
            w[i] *= scale;
        }

        return w;
    }

    /// <summary>Multi-asset value V(t, x) = x e^{r(T − t)} + (μ − r𝟙)ᵀΣ⁻¹(μ − r𝟙)(T − t)/(2γ).</summary>
    /// <param name="market">The multi-asset market.</param>
    /// <param name="riskAversion">γ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <param name="wealth">x (finite).</param>
    /// <returns>V(t, x).</returns>
    public static double Value(MultiAssetMarket market, double riskAversion, double horizon, double t, double wealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(riskAversion);
        double remaining = MertonClosedForm.Remaining(horizon, t);
        Guard.Finite(wealth);
        return (wealth * Math.Exp(market.Rate * remaining)) + (market.SquaredMaximalSharpeRatio() * remaining / (2 * riskAversion));
    }
}
