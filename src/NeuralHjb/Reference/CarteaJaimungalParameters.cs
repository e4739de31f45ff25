namespace NeuralHjb.Reference;

/// <summary>
/// Parameters of the Cartea–Jaimungal execution problem as learned by Leal–Laurière–Lehalle (REFERENCES §3):
/// dS = α ν dt + σ dW, dQ = ν dt, dX = −ν(S + κν) dt; maximise E[X_T + Q_T(S_T − A Q_T) − φ ∫ Q_t² dt].
/// The volatility σ does not enter the optimal control, so it is not a parameter here.
/// </summary>
public sealed record CarteaJaimungalParameters
{
    /// <summary>Creates a validated parameter set.</summary>
    /// <param name="kappa">κ, the temporary impact; must be positive and finite.</param>
    /// <param name="alpha">α, the permanent impact; must be non-negative and finite.</param>
    /// <param name="phi">φ, the running inventory penalty; must be non-negative and finite.</param>
    /// <param name="terminalPenalty">A, the terminal inventory penalty; must be non-negative (+∞ allowed: forced liquidation).</param>
    /// <param name="horizon">T, the horizon; must be positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A parameter breaks the rule stated for it, or α − 2A is so large that the Riccati solution h₂ blows up before T.
    /// </exception>
    public CarteaJaimungalParameters(double kappa, double alpha, double phi, double terminalPenalty, double horizon)
    {
        Kappa = Guard.Positive(kappa);
        Alpha = Guard.NonNegative(alpha);
        Phi = Guard.NonNegative(phi);
        if (!(terminalPenalty >= 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(terminalPenalty), terminalPenalty, "terminalPenalty must be non-negative (positive infinity is allowed).");
        }

        TerminalPenalty = terminalPenalty;
        Horizon = Guard.Positive(horizon);
        if (!double.IsPositiveInfinity(terminalPenalty))
        {
            double p = (2 * terminalPenalty) - alpha;
            if (!((2 * kappa) + (p * Hyperbolic.TanhOverRate(Rate, horizon)) > 0))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(terminalPenalty),
                    terminalPenalty,
                    "terminalPenalty is too small for alpha: with 2A - alpha this negative the Riccati solution h2 blows up before the horizon.");
            }
        }
    }

    /// <summary>κ, the temporary impact.</summary>
    public double Kappa { get; }

    /// <summary>α, the permanent impact.</summary>
    public double Alpha { get; }

    /// <summary>φ, the running inventory penalty.</summary>
    public double Phi { get; }

    /// <summary>A, the terminal inventory penalty (+∞ forces Q_T = 0).</summary>
    public double TerminalPenalty { get; }

    /// <summary>T, the horizon.</summary>
    public double Horizon { get; }

    /// <summary>γ_c = √(φ/κ), the decay rate of the optimal inventory.</summary>
    public double Rate => Math.Sqrt(Phi / Kappa);
}
