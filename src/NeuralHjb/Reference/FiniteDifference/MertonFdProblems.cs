namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// Merton's portfolio problem as a 1-D finite-difference problem in wealth x: fraction π of wealth in the
/// stock, <c>dX = [r + π(μ − r)] X dt + π σ X dW</c>, maximise <c>E U(X_T)</c>.
/// </summary>
/// <remarks>
/// <para>The grid is in wealth itself (not log-wealth): drift and volatility vanish at x = 0, so a node there
/// needs no boundary condition — its row reduces to <c>V_t = 0</c> and keeps <c>U(0)</c>, the correct value
/// since zero wealth is absorbing. Power utility with 0 &lt; p &lt; 1 may therefore start the grid at 0 (the
/// x^{p−1} singularity of V_x only costs accuracy in the first few cells); log utility and p &lt; 0 need a
/// positive lower end, where the drift points inward and linear extrapolation is monotone.</para>
/// <para>At x_max the default linear extrapolation (V_xx = 0) is wrong for a concave utility and the drift
/// points outward there (one non-monotone row per step, reported in the diagnostics); the error it makes
/// travels inward only through diffusion, so put x_max several standard deviations of ln X above the region
/// of interest (x_max ≈ 8–10 × the wealth you read off is plenty for σπ ≈ 0.3, T = 1).</para>
/// </remarks>
public static class MertonFdProblems
{
    /// <summary>Power utility <c>U(x) = x^p/p</c>, π searched in the box [minFraction, maxFraction].</summary>
    /// <param name="riskFreeRate">r.</param>
    /// <param name="drift">μ.</param>
    /// <param name="volatility">σ &gt; 0.</param>
    /// <param name="exponent">p &lt; 1, p ≠ 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="wealth">Wealth grid, lower end ≥ 0 (&gt; 0 when p &lt; 0).</param>
    /// <param name="minFraction">Lower bound on π.</param>
    /// <param name="maxFraction">Upper bound on π (a box wide enough to contain (μ−r)/((1−p)σ²) makes the problem unconstrained).</param>
    /// <param name="controlGridPoints">Points of the coarse control search.</param>
    public static HjbProblem Power(double riskFreeRate, double drift, double volatility, double exponent, double horizon, GridAxis wealth, double minFraction = 0, double maxFraction = 3, int controlGridPoints = 11)
    {
        CheckMarket(riskFreeRate, drift, volatility, wealth, horizon, minFraction, maxFraction);
        FdGuard.Require(double.IsFinite(exponent) && exponent < 1 && exponent != 0, $"the power-utility exponent must be finite, < 1 and != 0 (got {exponent}).", nameof(exponent));
        FdGuard.Require(exponent > 0 ? wealth.Lower >= 0 : wealth.Lower > 0, $"the wealth grid must start at >= 0 (> 0 for a negative exponent) (got {wealth.Lower}).", nameof(wealth));
        double p = exponent;
        return Build(riskFreeRate, drift, volatility, horizon, wealth, minFraction, maxFraction, controlGridPoints, x => Math.Pow(x, p) / p);
    }

    /// <summary>Log utility <c>U(x) = ln x</c>, π searched in the box [minFraction, maxFraction].</summary>
    /// <param name="riskFreeRate">r.</param>
    /// <param name="drift">μ.</param>
    /// <param name="volatility">σ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="wealth">Wealth grid with a positive lower end.</param>
    /// <param name="minFraction">Lower bound on π.</param>
    /// <param name="maxFraction">Upper bound on π.</param>
    /// <param name="controlGridPoints">Points of the coarse control search.</param>
    public static HjbProblem Log(double riskFreeRate, double drift, double volatility, double horizon, GridAxis wealth, double minFraction = 0, double maxFraction = 3, int controlGridPoints = 11)
    {
        CheckMarket(riskFreeRate, drift, volatility, wealth, horizon, minFraction, maxFraction);
        FdGuard.Require(wealth.Lower > 0, $"log utility needs a wealth grid with a positive lower end (got {wealth.Lower}).", nameof(wealth));
        return Build(riskFreeRate, drift, volatility, horizon, wealth, minFraction, maxFraction, controlGridPoints, Math.Log);
    }

    private static HjbProblem Build(double r, double mu, double sigma, double horizon, GridAxis wealth, double lo, double hi, int gridPoints, Func<double, double> utility)
    {
        double s2 = sigma * sigma;
        return new HjbProblem
        {
            Grid = new StateGrid(wealth),
            Horizon = horizon,
            Sense = OptimizationSense.Maximize,
            Controls = ControlSet.Box(lo, hi, gridPoints),
            Coefficients = (t, x, y, pi) => new HjbCoefficients
            {
                DriftX = (r + (pi * (mu - r))) * x,
                Axx = s2 * pi * pi * x * x,
            },
            Terminal = (x, y) => utility(x),
        };
    }

    private static void CheckMarket(double riskFreeRate, double drift, double volatility, GridAxis wealth, double horizon, double minFraction, double maxFraction)
    {
        // Parameter names here are the public factories' names, so the exceptions point at the caller's argument.
        FdGuard.Finite(riskFreeRate, "the risk-free rate", nameof(riskFreeRate));
        FdGuard.Finite(drift, "the stock drift", nameof(drift));
        FdGuard.Positive(volatility, "the volatility", nameof(volatility));
        FdGuard.Positive(horizon, "the horizon", nameof(horizon));
        FdGuard.Finite(minFraction, "the lower bound on the stock fraction", nameof(minFraction));
        FdGuard.Finite(maxFraction, "the upper bound on the stock fraction", nameof(maxFraction));
        FdGuard.Require(maxFraction >= minFraction, $"maxFraction must be >= minFraction (got [{minFraction}, {maxFraction}]).", nameof(maxFraction));
        ArgumentNullException.ThrowIfNull(wealth);
    }
}
