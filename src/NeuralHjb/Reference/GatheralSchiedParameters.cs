namespace NeuralHjb.Reference;

/// <summary>
/// Parameters of the Gatheral–Schied execution problem as posed in the MT-PINN paper (REFERENCES §1):
/// minimise E ∫ (v² + κ² X² + λ X S) dt with dS = σ S dW, dX/dt = −v, X_T = 0.
/// </summary>
public sealed record GatheralSchiedParameters
{
    /// <summary>Creates a validated parameter set.</summary>
    /// <param name="kappa">κ, the weight of inventory held (κ² X² per unit time); must be positive and finite.</param>
    /// <param name="sigma">σ, the lognormal volatility of the price; must be non-negative and finite.</param>
    /// <param name="lambda">λ, the weight of the cross term X S (λ = 0 is the risk-neutral case); must be finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    public GatheralSchiedParameters(double kappa, double sigma, double lambda)
    {
        Kappa = Guard.Positive(kappa);
        Sigma = Guard.NonNegative(sigma);
        Lambda = Guard.Finite(lambda);
    }

    /// <summary>κ, the weight of inventory held.</summary>
    public double Kappa { get; }

    /// <summary>σ, the price volatility.</summary>
    public double Sigma { get; }

    /// <summary>λ, the weight of the X S cross term.</summary>
    public double Lambda { get; }
}
