namespace NeuralHjb.Reference;

/// <summary>One point of the Almgren–Chriss efficient frontier: the optimal trajectory for a risk aversion λ.</summary>
/// <param name="Lambda">λ, the risk aversion of the criterion E + λ V.</param>
/// <param name="Kappa">κ, the urgency of the optimal trajectory (0 for TWAP).</param>
/// <param name="ExpectedCost">E, the expected implementation shortfall.</param>
/// <param name="Variance">V, the variance of the implementation shortfall.</param>
public sealed record AlmgrenChrissFrontierPoint(double Lambda, double Kappa, double ExpectedCost, double Variance);
