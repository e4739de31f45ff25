namespace NeuralHjb.Reference;

/// <summary>
/// Parameters of the single-asset Almgren–Chriss (2000) liquidation problem (REFERENCES §2): sell X shares over
/// [0, T] in N equal intervals τ = T/N, arithmetic price noise σ, permanent impact γ v, temporary impact
/// ε sgn(v) + (η/τ) n_k.
/// </summary>
public sealed record AlmgrenChrissParameters
{
    /// <summary>Creates a validated parameter set.</summary>
    /// <param name="initialHoldings">X, the shares held at t = 0; must be finite.</param>
    /// <param name="horizon">T, the liquidation horizon; must be positive and finite.</param>
    /// <param name="steps">N, the number of trading intervals; must be at least 1.</param>
    /// <param name="sigma">σ, the price volatility (price units per √time); must be non-negative and finite.</param>
    /// <param name="epsilon">ε, the fixed cost per share traded (half-spread); must be non-negative and finite.</param>
    /// <param name="gamma">γ, the permanent impact coefficient; must be non-negative and finite.</param>
    /// <param name="eta">η, the temporary impact coefficient; must be positive, finite and exceed γτ/2 so η̃ &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    public AlmgrenChrissParameters(double initialHoldings, double horizon, int steps, double sigma, double epsilon, double gamma, double eta)
    {
        InitialHoldings = Guard.Finite(initialHoldings);
        Horizon = Guard.Positive(horizon);
        Steps = Guard.PositiveCount(steps);
        Sigma = Guard.NonNegative(sigma);
        Epsilon = Guard.NonNegative(epsilon);
        Gamma = Guard.NonNegative(gamma);
        Eta = Guard.Positive(eta);
        if (!(EtaTilde > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(eta), eta, $"eta must exceed gamma*tau/2 = {0.5 * gamma * Tau} so that eta tilde = eta - gamma*tau/2 is positive.");
        }
    }

    /// <summary>X, the initial holdings.</summary>
    public double InitialHoldings { get; }

    /// <summary>T, the horizon.</summary>
    public double Horizon { get; }

    /// <summary>N, the number of trading intervals.</summary>
    public int Steps { get; }

    /// <summary>σ, the price volatility.</summary>
    public double Sigma { get; }

    /// <summary>ε, the fixed cost per share.</summary>
    public double Epsilon { get; }

    /// <summary>γ, the permanent impact coefficient.</summary>
    public double Gamma { get; }

    /// <summary>η, the temporary impact coefficient.</summary>
    public double Eta { get; }

    /// <summary>τ = T/N, the interval length.</summary>
    public double Tau => Horizon / Steps;

    /// <summary>η̃ = η − ½ γ τ, the effective temporary impact of the discrete problem.</summary>
    public double EtaTilde => Eta - (0.5 * Gamma * Tau);
}
