namespace NeuralHjb.Reference;

/// <summary>
/// Closed forms of Merton's portfolio problem (REFERENCES §4), maximise E U(X_T) with
/// dX = [rX + πX(μ − r)]dt + πXσ dW, for power, log and exponential (CARA) utility. The value functions solve
/// V_t + max_π { (r + π(μ − r)) x V_x + ½ π² σ² x² V_xx } = 0 (CARA: in the amount u = πx).
/// </summary>
public static class MertonClosedForm
{
    /// <summary>Power utility U(x) = x^p/p: the optimal fraction π* = (μ − r)/((1 − p)σ²), constant in t and x.</summary>
    /// <param name="market">The market.</param>
    /// <param name="exponent">p &lt; 1, p ≠ 0 (p → 0 is log utility, see <see cref="LogFraction"/>).</param>
    /// <returns>π*.</returns>
    public static double PowerFraction(MarketParameters market, double exponent)
    {
        ArgumentNullException.ThrowIfNull(market);
        CheckExponent(exponent);
        return (market.Drift - market.Rate) / ((1 - exponent) * market.Sigma * market.Sigma);
    }

    /// <summary>
    /// Power utility: V(t, x) = (x^p/p) e^{ν(T − t)}, ν = p r + p(μ − r)²/(2σ²(1 − p)).
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="exponent">p &lt; 1, p ≠ 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <param name="wealth">x &gt; 0.</param>
    /// <returns>V(t, x).</returns>
    public static double PowerValue(MarketParameters market, double exponent, double horizon, double t, double wealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        CheckExponent(exponent);
        double remaining = Remaining(horizon, t);
        Guard.Positive(wealth);
        double excess = market.Drift - market.Rate;
        double nu = (exponent * market.Rate) + (exponent * excess * excess / (2 * market.Sigma * market.Sigma * (1 - exponent)));
        return Math.Pow(wealth, exponent) / exponent * Math.Exp(nu * remaining);
    }

    /// <summary>Log utility: the optimal fraction π* = (μ − r)/σ².</summary>
    /// <param name="market">The market.</param>
    /// <returns>π*.</returns>
    public static double LogFraction(MarketParameters market)
    {
        ArgumentNullException.ThrowIfNull(market);
        return (market.Drift - market.Rate) / (market.Sigma * market.Sigma);
    }

    /// <summary>Log utility: V(t, x) = ln x + [r + (μ − r)²/(2σ²)](T − t).</summary>
    /// <param name="market">The market.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <param name="wealth">x &gt; 0.</param>
    /// <returns>V(t, x).</returns>
    public static double LogValue(MarketParameters market, double horizon, double t, double wealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        double remaining = Remaining(horizon, t);
        Guard.Positive(wealth);
        double theta = market.SharpeRatio;
        return Math.Log(wealth) + ((market.Rate + (theta * theta / 2)) * remaining);
    }

    /// <summary>
    /// Exponential utility U(x) = −e^{−γx}/γ: the optimal dollar amount in the stock u* = (μ − r) e^{−r(T − t)}/(γσ²),
    /// independent of wealth.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="riskAversion">γ &gt; 0, the absolute risk aversion.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>u*.</returns>
    public static double CaraAmount(MarketParameters market, double riskAversion, double horizon, double t)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(riskAversion);
        double remaining = Remaining(horizon, t);
        return (market.Drift - market.Rate) * Math.Exp(-market.Rate * remaining) / (riskAversion * market.Sigma * market.Sigma);
    }

    /// <summary>
    /// Exponential utility: V(t, x) = −(1/γ) exp(−γ x e^{r(T − t)} − θ²(T − t)/2), θ = (μ − r)/σ.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="riskAversion">γ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <param name="wealth">x (any finite value).</param>
    /// <returns>V(t, x).</returns>
    public static double CaraValue(MarketParameters market, double riskAversion, double horizon, double t, double wealth)
    {
        ArgumentNullException.ThrowIfNull(market);
        Guard.Positive(riskAversion);
        double remaining = Remaining(horizon, t);
        Guard.Finite(wealth);
        double theta = market.SharpeRatio;
        return -Math.Exp((-riskAversion * wealth * Math.Exp(market.Rate * remaining)) - (theta * theta * remaining / 2)) / riskAversion;
    }

    private static void CheckExponent(double exponent)
    {
        if (!(exponent < 1) || exponent == 0 || !double.IsFinite(exponent))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "exponent must be finite, below 1 and non-zero (use log utility for 0).");
        }
    }

    /// <summary>Validates T and t and returns T − t.</summary>
    internal static double Remaining(double horizon, double t)
    {
        Guard.Positive(horizon);
        Guard.TimeInHorizon(t, horizon);
        return horizon - t;
    }
}
