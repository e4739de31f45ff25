namespace NeuralHjb.Reference;

/// <summary>
/// The discrete Almgren–Chriss (2000) optimal liquidation (REFERENCES §2). For min E + λV the optimal holdings are
/// x_j = X sinh(κ(T − t_j))/sinh(κT), κ = τ⁻¹ arccosh(1 + ½ κ̃² τ²), κ̃² = λσ²/η̃, with closed-form cost and variance.
/// λ = 0 (κ = 0) is TWAP, x_j = X (1 − j/N); every formula takes that limit without dividing by zero.
/// </summary>
public sealed class AlmgrenChrissClosedForm
{
    /// <summary>Below this κT the closed-form variance loses accuracy to cancellation (relative error ~ 1e-16/(κT)²),
    /// so the same quantity is evaluated as the finite sum σ²τ Σ x_k² it equals.</summary>
    private const double SmallKappaT = 1e-3;

    /// <summary>Creates the closed form for a parameter set.</summary>
    /// <param name="parameters">The model parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public AlmgrenChrissClosedForm(AlmgrenChrissParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    /// <summary>The model parameters.</summary>
    public AlmgrenChrissParameters Parameters { get; }

    /// <summary>
    /// κ = τ⁻¹ arccosh(1 + ½ κ̃² τ²), evaluated as (2/τ) asinh(κ̃τ/2) (the same number, since cosh 2y = 1 + 2 sinh² y,
    /// but without the cancellation of arccosh near 1).
    /// </summary>
    /// <param name="lambda">λ ≥ 0, the risk aversion.</param>
    /// <returns>κ ≥ 0 (0 exactly when λσ² = 0).</returns>
    public double Kappa(double lambda)
    {
        Guard.NonNegative(lambda);
        var p = Parameters;
        double kappaTilde = Math.Sqrt(lambda * p.Sigma * p.Sigma / p.EtaTilde);
        return 2 / p.Tau * Math.Asinh(kappaTilde * p.Tau / 2);
    }

    /// <summary>The optimal holdings x_0 = X, …, x_N = 0 at t_j = jτ for risk aversion λ.</summary>
    /// <param name="lambda">λ ≥ 0, the risk aversion.</param>
    /// <returns>N + 1 holdings.</returns>
    public double[] Trajectory(double lambda)
    {
        double kappa = Kappa(lambda);
        var p = Parameters;
        var x = new double[p.Steps + 1];
        for (int j = 0; j <= p.Steps; j++)
        {
            double remaining = p.Horizon - (j * p.Tau);
            x[j] = j == p.Steps ? 0 : p.InitialHoldings * Hyperbolic.SinhRatio(kappa, remaining, p.Horizon);
        }

        return x;
    }

    /// <summary>
    /// Closed-form expected cost of the optimal trajectory:
    /// E = ½γX² + ε|X| + η̃X² tanh(½κτ)[τ sinh(2κT) + 2T sinh(κτ)]/(2τ² sinh²(κT)), and ½γX² + ε|X| + η̃X²/T at κ = 0.
    /// Evaluated as η̃X² tanh(½κτ)[τ coth(κT) + T sinh(κτ)/sinh²(κT)]/τ² so large κT does not overflow.
    /// </summary>
    /// <param name="lambda">λ ≥ 0, the risk aversion.</param>
    /// <returns>E, the expected implementation shortfall.</returns>
    public double ExpectedCost(double lambda)
    {
        double kappa = Kappa(lambda);
        var p = Parameters;
        double x = p.InitialHoldings;
        double fixedPart = (0.5 * p.Gamma * x * x) + (p.Epsilon * Math.Abs(x));
        if (kappa == 0)
        {
            return fixedPart + (p.EtaTilde * x * x / p.Horizon);
        }

        double tau = p.Tau;
        double kT = kappa * p.Horizon;
        double bracket = (tau / Math.Tanh(kT)) + (p.Horizon * Hyperbolic.SinhRatio(kappa, tau, p.Horizon) / Math.Sinh(kT));
        return fixedPart + (p.EtaTilde * x * x * Math.Tanh(0.5 * kappa * tau) * bracket / (tau * tau));
    }

    /// <summary>
    /// Closed-form variance of the optimal trajectory:
    /// V = ½σ²X² [τ sinh(κT) cosh(κ(T−τ)) − T sinh(κτ)]/(sinh²(κT) sinh(κτ)), and σ²X²τ Σ_k (1 − k/N)² at κ = 0.
    /// For κT &lt; 1e-3 the bracket cancels catastrophically, so there the equal finite sum σ²τ Σ x_k² is returned.
    /// </summary>
    /// <param name="lambda">λ ≥ 0, the risk aversion.</param>
    /// <returns>V, the variance of the implementation shortfall.</returns>
    public double Variance(double lambda)
    {
        double kappa = Kappa(lambda);
        var p = Parameters;
        if (kappa * p.Horizon < SmallKappaT)
        {
            return VarianceOf(Trajectory(lambda));
        }

        double x = p.InitialHoldings;
        double tau = p.Tau;
        double kT = kappa * p.Horizon;

        // cosh(a)/sinh(b) = e^{a−b}(1 + e^{−2a})/(1 − e^{−2b}) and 1/sinh(b) = 2e^{−b}/(1 − e^{−2b}), overflow-free.
        double a = kappa * (p.Horizon - tau);
        double oneMinus = -Hyperbolic.ExpM1(-2 * kT);
        double coshOverSinh = Math.Exp(a - kT) * (1 + Math.Exp(-2 * a)) / oneMinus;
        double inverseSinh = 2 * Math.Exp(-kT) / oneMinus;
        double bracket = (tau * coshOverSinh / Math.Sinh(kappa * tau)) - (p.Horizon * inverseSinh * inverseSinh);
        return 0.5 * p.Sigma * p.Sigma * x * x * bracket;
    }

    /// <summary>The criterion E + λV of the optimal trajectory.</summary>
    /// <param name="lambda">λ ≥ 0, the risk aversion.</param>
    /// <returns>E + λV.</returns>
    public double Objective(double lambda) => ExpectedCost(lambda) + (lambda * Variance(lambda));

    /// <summary>
    /// Expected cost of any trajectory by the defining sum E = ½γX² + ε Σ|n_k| + (η̃/τ) Σ n_k², n_k = x_{k−1} − x_k.
    /// </summary>
    /// <param name="holdings">x_0 = X, …, x_N = 0 (N + 1 finite values).</param>
    /// <returns>E.</returns>
    /// <exception cref="ArgumentException">The holdings do not have N + 1 entries, do not start at X or do not end at 0.</exception>
    public double ExpectedCostOf(IReadOnlyList<double> holdings)
    {
        CheckHoldings(holdings);
        var p = Parameters;
        double absSum = 0;
        double squareSum = 0;
        for (int k = 1; k < holdings.Count; k++)
        {
            double n = holdings[k - 1] - holdings[k];
            absSum += Math.Abs(n);
            squareSum += n * n;
        }

        double x = p.InitialHoldings;
        return (0.5 * p.Gamma * x * x) + (p.Epsilon * absSum) + (p.EtaTilde / p.Tau * squareSum);
    }

    /// <summary>Variance of any trajectory by the defining sum V = σ²τ Σ_{k=1}^{N} x_k².</summary>
    /// <param name="holdings">x_0 = X, …, x_N = 0 (N + 1 finite values).</param>
    /// <returns>V.</returns>
    /// <exception cref="ArgumentException">The holdings do not have N + 1 entries, do not start at X or do not end at 0.</exception>
    public double VarianceOf(IReadOnlyList<double> holdings)
    {
        CheckHoldings(holdings);
        double sum = 0;
        for (int k = 1; k < holdings.Count; k++)
        {
            sum += holdings[k] * holdings[k];
        }

        return Parameters.Sigma * Parameters.Sigma * Parameters.Tau * sum;
    }

    /// <summary>The efficient frontier: (λ, κ, E, V) of the optimal trajectory for each risk aversion given.</summary>
    /// <param name="lambdas">Risk aversions λ ≥ 0.</param>
    /// <returns>One point per λ, in the order given.</returns>
    public IReadOnlyList<AlmgrenChrissFrontierPoint> Frontier(IEnumerable<double> lambdas)
    {
        ArgumentNullException.ThrowIfNull(lambdas);
        var points = new List<AlmgrenChrissFrontierPoint>();
        foreach (double lambda in lambdas)
        {
            points.Add(new AlmgrenChrissFrontierPoint(lambda, Kappa(lambda), ExpectedCost(lambda), Variance(lambda)));
        }

        return points;
    }

    private void CheckHoldings(IReadOnlyList<double> holdings)
    {
        ArgumentNullException.ThrowIfNull(holdings);
        var p = Parameters;
        if (holdings.Count != p.Steps + 1)
        {
            throw new ArgumentException($"holdings must have N + 1 = {p.Steps + 1} entries, not {holdings.Count}.", nameof(holdings));
        }

        if (holdings[0] != p.InitialHoldings || holdings[^1] != 0)
        {
            throw new ArgumentException("holdings must start at the initial holdings X and end at 0.", nameof(holdings));
        }

        foreach (double h in holdings)
        {
            if (!double.IsFinite(h))
            {
                throw new ArgumentException("holdings must be finite.", nameof(holdings));
            }
        }
    }
}
