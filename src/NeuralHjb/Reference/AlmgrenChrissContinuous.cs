namespace NeuralHjb.Reference;

/// <summary>
/// The continuous-time limit (τ → 0) of the Almgren–Chriss problem (REFERENCES §2): κ² = λσ²/η, feedback selling rate
/// v = κ coth(κ(T − t)) x, holdings x(t) = X sinh(κ(T − t))/sinh(κT), and
/// E + λV = ½γX² + ε|X| + ηκX² coth(κT). The number of steps N of the parameter set is not used.
/// </summary>
/// <remarks>
/// REFERENCES writes E + λV = ½γX² + ηκX² coth(κT), without the spread term; the spread cost ε|X| of a monotone
/// liquidation does not depend on the schedule, and it is included here so that the discrete objective converges to
/// this one as N → ∞. The two agree when ε = 0. At λ = 0 (κ = 0) everything takes its TWAP limit (κ coth(κT) → 1/T).
/// </remarks>
public sealed class AlmgrenChrissContinuous
{
    /// <summary>Creates the continuous limit for a parameter set.</summary>
    /// <param name="parameters">The model parameters (N ignored).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public AlmgrenChrissContinuous(AlmgrenChrissParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    /// <summary>The model parameters.</summary>
    public AlmgrenChrissParameters Parameters { get; }

    /// <summary>κ = √(λσ²/η).</summary>
    /// <param name="lambda">λ ≥ 0, the risk aversion.</param>
    /// <returns>κ ≥ 0.</returns>
    public double Kappa(double lambda)
    {
        Guard.NonNegative(lambda);
        return Parameters.Sigma * Math.Sqrt(lambda / Parameters.Eta);
    }

    /// <summary>The optimal holdings x(t) = X sinh(κ(T − t))/sinh(κT) (X(1 − t/T) at κ = 0).</summary>
    /// <param name="lambda">λ ≥ 0, the risk aversion.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>x(t).</returns>
    public double Holdings(double lambda, double t)
    {
        double kappa = Kappa(lambda);
        Guard.TimeInHorizon(t, Parameters.Horizon);
        return Parameters.InitialHoldings * Hyperbolic.SinhRatio(kappa, Parameters.Horizon - t, Parameters.Horizon);
    }

    /// <summary>The optimal feedback selling rate v = κ coth(κ(T − t)) x (x/(T − t) at κ = 0), dx/dt = −v.</summary>
    /// <param name="lambda">λ ≥ 0, the risk aversion.</param>
    /// <param name="t">Time 0 ≤ t &lt; T.</param>
    /// <param name="holdings">Current holdings x (finite).</param>
    /// <returns>v.</returns>
    public double Rate(double lambda, double t, double holdings)
    {
        double kappa = Kappa(lambda);
        Guard.TimeInHorizon(t, Parameters.Horizon);
        Guard.Finite(holdings);
        double remaining = Parameters.Horizon - t;
        if (remaining == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, "t must be before the horizon (the rate is infinite at T).");
        }

        return Hyperbolic.XCothX(kappa * remaining) / remaining * holdings;
    }

    /// <summary>The optimal criterion E + λV = ½γX² + ε|X| + ηκX² coth(κT) (ηX²/T for the κ coth term at κ = 0).</summary>
    /// <param name="lambda">λ ≥ 0, the risk aversion.</param>
    /// <returns>E + λV.</returns>
    public double Objective(double lambda)
    {
        double kappa = Kappa(lambda);
        var p = Parameters;
        double x = p.InitialHoldings;
        return (0.5 * p.Gamma * x * x) + (p.Epsilon * Math.Abs(x))
            + (p.Eta * x * x * Hyperbolic.XCothX(kappa * p.Horizon) / p.Horizon);
    }
}
