namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// Parameters of Merton's problem with proportional transaction costs and stochastic liquidity, as
/// reconstructed in REFERENCES §7 (the policy-iteration paper's own equations are not available; the model is
/// rebuilt from Pasricha–Zhu–He (2022) and a companion paper, and is a reconstruction, not a quotation).
/// Defaults are the paper's.
/// </summary>
/// <remarks>
/// <code>
/// dS = μS dt + σS dB^S + βLS dB^γ,   dL = α(θ(L) − L) dt + σ_L dB^L,
/// corr(B^S,B^γ) = ρ₁, corr(B^S,B^L) = ρ₂, corr(B^γ,B^L) = ρ₃,
/// Σ²(l) = σ² + β²l² + 2ρ₁σβl,   θ(l) = θ₀ + λ_TC k l^ξ,   c = k √(2/(π δt)),
/// dX = [r + (μ−r)π − cπ(1−π)Σ(L)] X dt + πX(σ dB^S + βL dB^γ).
/// </code>
/// For l &lt; 0 (the Ornstein–Uhlenbeck liquidity can cross zero) <c>l^ξ</c> is read as <c>max(l, 0)^ξ</c>.
/// </remarks>
public sealed record LiquidityCostParameters
{
    /// <summary>Risk-free rate r.</summary>
    public double RiskFreeRate { get; init; } = 0.02;

    /// <summary>Stock drift μ.</summary>
    public double Drift { get; init; } = 0.05;

    /// <summary>Stock volatility σ.</summary>
    public double Volatility { get; init; } = 0.2;

    /// <summary>ρ₁ = corr(B^S, B^γ).</summary>
    public double Rho1 { get; init; } = 0.5;

    /// <summary>ρ₂ = corr(B^S, B^L).</summary>
    public double Rho2 { get; init; } = 0.3;

    /// <summary>ρ₃ = corr(B^γ, B^L).</summary>
    public double Rho3 { get; init; } = 0.4;

    /// <summary>Horizon T.</summary>
    public double Horizon { get; init; } = 1.0;

    /// <summary>Base long-run illiquidity θ₀.</summary>
    public double Theta0 { get; init; } = 0.6;

    /// <summary>Link λ_TC between the cost rate and long-run illiquidity.</summary>
    public double LambdaTc { get; init; } = 5.0;

    /// <summary>Mean-reversion speed α of liquidity.</summary>
    public double Alpha { get; init; } = 2.0;

    /// <summary>Loading β of liquidity on stock variance.</summary>
    public double Beta { get; init; } = 0.3;

    /// <summary>Proportional cost k (0.004 = 0.4%).</summary>
    public double Cost { get; init; } = 0.004;

    /// <summary>Volatility σ_L of liquidity.</summary>
    public double LiquidityVolatility { get; init; } = 0.2;

    /// <summary>Rebalancing interval δt of Leland's argument.</summary>
    public double RebalanceInterval { get; init; } = 1.0 / 12.0;

    /// <summary>Concavity ξ ∈ (0, 1) of θ in l.</summary>
    public double Xi { get; init; } = 0.4;

    /// <summary>Leland's cost rate <c>c = k √(2/(π δt))</c>.</summary>
    public double CostRate => Cost * Math.Sqrt(2 / (Math.PI * RebalanceInterval));

    /// <summary>Total stock volatility <c>Σ(l) = √(σ² + β²l² + 2ρ₁σβl)</c>.</summary>
    /// <param name="l">Illiquidity level.</param>
    public double TotalVolatility(double l)
        => Math.Sqrt(Math.Max(0, (Volatility * Volatility) + (Beta * Beta * l * l) + (2 * Rho1 * Volatility * Beta * l)));

    /// <summary>Long-run illiquidity <c>θ(l) = θ₀ + λ_TC k max(l, 0)^ξ</c>.</summary>
    /// <param name="l">Illiquidity level.</param>
    public double LongRunLevel(double l) => Theta0 + (LambdaTc * Cost * Math.Pow(Math.Max(l, 0), Xi));

    /// <summary>Covariance loading <c>D(l) = (ρ₂σ + ρ₃βl)σ_L</c>: <c>d⟨X, L⟩ = π X D(l) dt</c>.</summary>
    /// <param name="l">Illiquidity level.</param>
    public double CrossLoading(double l) => ((Rho2 * Volatility) + (Rho3 * Beta * l)) * LiquidityVolatility;

    /// <summary>Checks every parameter and that the correlation matrix is positive semi-definite.</summary>
    /// <param name="paramName">The caller's name for these parameters.</param>
    internal void Validate(string paramName)
    {
        FdGuard.Finite(RiskFreeRate, "LiquidityCostParameters.RiskFreeRate", paramName);
        FdGuard.Finite(Drift, "LiquidityCostParameters.Drift", paramName);
        FdGuard.Positive(Volatility, "LiquidityCostParameters.Volatility", paramName);
        FdGuard.InRange(Rho1, -1, 1, "LiquidityCostParameters.Rho1", paramName);
        FdGuard.InRange(Rho2, -1, 1, "LiquidityCostParameters.Rho2", paramName);
        FdGuard.InRange(Rho3, -1, 1, "LiquidityCostParameters.Rho3", paramName);
        double det = 1 + (2 * Rho1 * Rho2 * Rho3) - (Rho1 * Rho1) - (Rho2 * Rho2) - (Rho3 * Rho3);
        FdGuard.Require(det >= -1e-12, $"the correlations (ρ₁, ρ₂, ρ₃) must form a positive semi-definite matrix (determinant {det}).", paramName);
        FdGuard.Positive(Horizon, "LiquidityCostParameters.Horizon", paramName);
        FdGuard.Finite(Theta0, "LiquidityCostParameters.Theta0", paramName);
        FdGuard.NonNegative(LambdaTc, "LiquidityCostParameters.LambdaTc", paramName);
        FdGuard.NonNegative(Alpha, "LiquidityCostParameters.Alpha", paramName);
        FdGuard.NonNegative(Beta, "LiquidityCostParameters.Beta", paramName);
        FdGuard.NonNegative(Cost, "LiquidityCostParameters.Cost", paramName);
        FdGuard.Positive(LiquidityVolatility, "LiquidityCostParameters.LiquidityVolatility", paramName);
        FdGuard.Positive(RebalanceInterval, "LiquidityCostParameters.RebalanceInterval", paramName);
        FdGuard.Require(Xi > 0 && Xi < 1, $"LiquidityCostParameters.Xi must lie in (0, 1) (got {Xi}).", paramName);
    }
}
