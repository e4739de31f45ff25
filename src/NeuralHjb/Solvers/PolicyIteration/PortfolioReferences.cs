using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference;
using NeuralHjb.Reference.FiniteDifference;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Compares a policy-iteration result for the portfolio problems with its reference: Merton's closed forms
/// (REFERENCES §4) and the finite-difference solution of the costs-and-liquidity model (REFERENCES §7).
/// Values are compared as expected utility, i.e. −V of the solver's cost convention.
/// </summary>
public static class PortfolioReferences
{
    /// <summary>Errors against Merton's closed form at the given times on a geometric wealth grid over the problem's domain.</summary>
    /// <param name="result">The solve.</param>
    /// <param name="problem">The Merton problem that was solved (fraction control, or amount for exponential utility).</param>
    /// <param name="times">Times in [0, T]; null for {0, T/2}.</param>
    /// <param name="wealthPoints">Grid points in wealth (≥ 2).</param>
    /// <returns>The errors.</returns>
    public static PolicyValueErrors AgainstMertonClosedForm(PolicyIterationResult result, Merton problem, IReadOnlyList<double>? times = null, int wealthPoints = 41)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(wealthPoints, 2);
        var p = problem.Parameters;
        var market = new MarketParameters(p.InterestRate, p.Drift, p.Volatility);
        var acc = new PolicyValueErrors.Accumulator();
        foreach (var t in times ?? [0, p.Horizon / 2])
        {
            foreach (var x in GeometricGrid(p.WealthLow, p.WealthHigh, wealthPoints))
            {
                var (u, v) = MertonReference(market, p, t, x);
                acc.Add(result.Policy.Control(t, x)[0], u, -result.Value.Value(t, x), v);
            }
        }

        return acc.Result();
    }

    /// <summary>Merton's optimal control (in the problem's parameterisation) and value at (t, x).</summary>
    /// <param name="market">r, μ, σ.</param>
    /// <param name="p">The problem's parameters.</param>
    /// <param name="t">Time.</param>
    /// <param name="x">Wealth.</param>
    /// <returns>(u*, V).</returns>
    public static (double Control, double Value) MertonReference(MarketParameters market, MertonParameters p, double t, double x)
    {
        ArgumentNullException.ThrowIfNull(market);
        ArgumentNullException.ThrowIfNull(p);
        var amount = p.Control == PortfolioControl.Amount;
        return p.Utility switch
        {
            UtilityKind.Power => (MertonClosedForm.PowerFraction(market, p.PowerExponent) * (amount ? x : 1), MertonClosedForm.PowerValue(market, p.PowerExponent, p.Horizon, t, x)),
            UtilityKind.Log => (MertonClosedForm.LogFraction(market) * (amount ? x : 1), MertonClosedForm.LogValue(market, p.Horizon, t, x)),
            _ => (MertonClosedForm.CaraAmount(market, p.RiskAversion, p.Horizon, t) / (amount ? 1 : x), MertonClosedForm.CaraValue(market, p.RiskAversion, p.Horizon, t, x)),
        };
    }

    /// <summary>
    /// Solves the costs-and-liquidity model by finite differences: the exact 1-D reduction in l for power and
    /// log utility (fine grid, cheap), the full 2-D (x, l) problem for exponential utility.
    /// </summary>
    /// <param name="p">The problem's parameters.</param>
    /// <returns>A reference that answers π(t, x, l) and the expected utility V(t, x, l).</returns>
    public static LiquidityFdReference SolveLiquidityFd(MertonWithCostsAndLiquidityParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var liquidity = GridAxis.Uniform(p.LiquidityLow, p.LiquidityHigh, 61);
        if (p.Utility == UtilityKind.Exponential)
        {
            var wealth = GridAxis.Geometric(Math.Min(0.05, p.WealthLow / 2), Math.Max(40, 10 * p.WealthHigh), 101);
            var twoD = FiniteDifferenceHjbSolver.Solve(
                LiquidityCostFdProblems.TwoDimensional(p, wealth, GridAxis.Uniform(p.LiquidityLow, p.LiquidityHigh, 31)),
                new FdSolverOptions { TimeSteps = 50 });
            return new LiquidityFdReference(twoD, null, p);
        }

        var reduced = FiniteDifferenceHjbSolver.Solve(
            LiquidityCostFdProblems.Reduced(p, liquidity, controlGridPoints: 41),
            new FdSolverOptions { TimeSteps = 200 });
        return new LiquidityFdReference(null, reduced, p);
    }

    /// <summary>Errors of the policy and value at time <paramref name="t"/> on a (geometric x) × (uniform l) grid over the problem's domain.</summary>
    /// <param name="result">The solve.</param>
    /// <param name="reference">The FD reference of the same parameters.</param>
    /// <param name="t">Time (default 0).</param>
    /// <param name="wealthPoints">Grid points in x.</param>
    /// <param name="liquidityPoints">Grid points in l.</param>
    /// <returns>The errors.</returns>
    public static PolicyValueErrors AgainstFiniteDifference(PolicyIterationResult result, LiquidityFdReference reference, double t = 0, int wealthPoints = 21, int liquidityPoints = 16)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(reference);
        var p = reference.Parameters;
        var acc = new PolicyValueErrors.Accumulator();
        foreach (var x in GeometricGrid(p.WealthLow, p.WealthHigh, wealthPoints))
        {
            for (var j = 0; j < liquidityPoints; j++)
            {
                var l = p.LiquidityLow + ((p.LiquidityHigh - p.LiquidityLow) * j / (liquidityPoints - 1));
                acc.Add(result.Policy.Control(t, x, l)[0], reference.Control(t, x, l), -result.Value.Value(t, x, l), reference.Value(t, x, l));
            }
        }

        return acc.Result();
    }

    /// <summary>A geometric grid from <paramref name="low"/> to <paramref name="high"/>.</summary>
    /// <param name="low">First point (positive).</param>
    /// <param name="high">Last point.</param>
    /// <param name="count">Number of points (≥ 2).</param>
    /// <returns>The points.</returns>
    public static double[] GeometricGrid(double low, double high, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 2);
        var grid = new double[count];
        for (var i = 0; i < count; i++)
        {
            grid[i] = low * Math.Pow(high / low, (double)i / (count - 1));
        }

        return grid;
    }
}
