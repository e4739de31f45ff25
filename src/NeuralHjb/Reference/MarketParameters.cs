namespace NeuralHjb.Reference;

/// <summary>
/// A Black–Scholes market with one risky asset: riskless rate r, stock drift μ and volatility σ, so wealth with
/// fraction π (or amount u) in the stock follows dX = [rX + πX(μ − r)]dt + πXσ dW.
/// </summary>
public sealed record MarketParameters
{
    /// <summary>Creates a validated market.</summary>
    /// <param name="rate">r, the riskless rate; must be finite.</param>
    /// <param name="drift">μ, the stock drift; must be finite.</param>
    /// <param name="sigma">σ, the stock volatility; must be positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    public MarketParameters(double rate, double drift, double sigma)
    {
        Rate = Guard.Finite(rate);
        Drift = Guard.Finite(drift);
        Sigma = Guard.Positive(sigma);
    }

    /// <summary>r, the riskless rate.</summary>
    public double Rate { get; }

    /// <summary>μ, the stock drift.</summary>
    public double Drift { get; }

    /// <summary>σ, the stock volatility.</summary>
    public double Sigma { get; }

    /// <summary>θ = (μ − r)/σ, the market price of risk (Sharpe ratio).</summary>
    public double SharpeRatio => (Drift - Rate) / Sigma;
}
