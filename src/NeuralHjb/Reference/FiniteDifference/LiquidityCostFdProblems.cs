using NeuralHjb.Problems.Portfolio;

namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// Merton with proportional costs and stochastic liquidity (REFERENCES §7, a reconstruction — see
/// <see cref="MertonWithCostsAndLiquidity"/>) for the finite-difference solver, from the same
/// <see cref="MertonWithCostsAndLiquidityParameters"/> the neural solvers use: the full 2-D problem in (x, l)
/// and, for power and log utility, its exact 1-D reduction in l. Fraction π ∈ [0, 1], maximise
/// <c>E U(X_T)</c>; Leland's cost coefficient is c = <see cref="MertonWithCostsAndLiquidityParameters.LelandCoefficient"/>.
/// </summary>
/// <remarks>
/// <para>2-D HJB, state (x, y) = (wealth, illiquidity):</para>
/// <code>
/// V_t + max_π { [r + (μ−r)π − cπ(1−π)Σ] x V_x + ½Σ²π²x² V_xx + π x D V_xl } + α(θ(l) − l) V_l + ½σ_L² V_ll = 0.
/// </code>
/// <para>Wealth dynamics are homogeneous in x, so for power utility <c>V = x^p ψ(t, l)</c> with
/// <c>ψ(T) = 1/p</c> and, dividing by <c>x^p &gt; 0</c> (which keeps the max a max for either sign of p),</para>
/// <code>
/// ψ_t + max_π { [α(θ−l) + pDπ] ψ_l + ( p[r + (μ−r)π − cπ(1−π)Σ] + ½p(p−1)Σ²π² ) ψ } + ½σ_L² ψ_ll = 0;
/// </code>
/// <para>for log utility <c>V = ln x + ψ(t, l)</c>, <c>ψ(T) = 0</c>, and π drops out of the derivatives:</para>
/// <code>
/// ψ_t + α(θ−l) ψ_l + ½σ_L² ψ_ll + max_π { r + (μ−r)π − cπ(1−π)Σ − ½Σ²π² } = 0.
/// </code>
/// <para>Both reductions are 1-D problems in l (passed as the solver's x coordinate) and cross-check the 2-D
/// solver, whose optimal π must then not depend on x. Exponential utility has no such reduction.</para>
/// </remarks>
public static class LiquidityCostFdProblems
{
    /// <summary>The 2-D problem on (wealth, illiquidity).</summary>
    /// <param name="parameters">Model parameters; the terminal utility is theirs (<see cref="MertonWithCostsAndLiquidityParameters.Utility"/>
    /// with its exponent or risk aversion). The domain fields are not used: the grids below are.</param>
    /// <param name="wealth">Wealth grid (positive lower end for log utility and p &lt; 0; a geometric grid suits the
    /// x-proportional dynamics and keeps the cross-derivative stencil equally monotone at every wealth level).</param>
    /// <param name="liquidity">Illiquidity grid; linear extrapolation at both ends, where the mean reversion points inward.</param>
    /// <param name="closedFormControl">True: the quadratic bracket's maximiser
    /// <c>π* = [(μ−r−cΣ)xV_x + D xV_xl] / [−Σ²x²V_xx − 2cΣ xV_x]</c> from central differences, clipped to [0, 1];
    /// false: a grid + golden-section search of the discrete Hamiltonian (slower, exactly Howard's algorithm).</param>
    /// <returns>The problem for <see cref="FiniteDifferenceHjbSolver"/>.</returns>
    /// <exception cref="ArgumentException">A parameter breaks its rule (the message names it), or a grid does not suit the utility.</exception>
    public static HjbProblem TwoDimensional(MertonWithCostsAndLiquidityParameters parameters, GridAxis wealth, GridAxis liquidity, bool closedFormControl = true)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(wealth);
        ArgumentNullException.ThrowIfNull(liquidity);
        parameters.Validate();
        var terminal = TerminalUtility(parameters, wealth);
        var m = parameters;
        double r = m.InterestRate, excess = m.Drift - m.InterestRate, cr = m.LelandCoefficient, sl2 = m.LiquidityVolatility * m.LiquidityVolatility;

        ControlSet controls = closedFormControl
            ? ControlSet.ClosedForm(
                (in ControlContext c) =>
                {
                    double sig = m.TotalVolatility(c.Y), xVx = c.X * c.Vx;
                    double den = (-sig * sig * c.X * c.X * c.Vxx) - (2 * cr * sig * xVx);
                    return den > 0 ? (((excess - (cr * sig)) * xVx) + (m.CrossLoading(c.Y) * c.X * c.Vxy)) / den : double.NaN;
                },
                0,
                1,
                0.5)
            : ControlSet.Box(0, 1, 11);

        return new HjbProblem
        {
            Grid = new StateGrid(wealth, liquidity),
            Horizon = m.Horizon,
            Sense = OptimizationSense.Maximize,
            Controls = controls,
            Coefficients = (t, x, l, pi) =>
            {
                double sig = m.TotalVolatility(l);
                return new HjbCoefficients
                {
                    DriftX = (r + (excess * pi) - (cr * pi * (1 - pi) * sig)) * x,
                    DriftY = m.Alpha * (m.LongRunLevel(l) - l),
                    Axx = sig * sig * pi * pi * x * x,
                    Ayy = sl2,
                    Axy = pi * x * m.CrossLoading(l),
                };
            },
            Terminal = (x, l) => terminal(x),
        };
    }

    /// <summary>
    /// The exact 1-D reduction in l for power or log utility (see the type's remarks); the solver's x coordinate
    /// is l. Recover V with <see cref="ValueFromReduced"/>.
    /// </summary>
    /// <param name="parameters">Model parameters with power or log utility (power: its exponent p).</param>
    /// <param name="liquidity">Illiquidity grid.</param>
    /// <param name="controlGridPoints">Points of the coarse search over π ∈ [0, 1] before golden-section refinement.</param>
    /// <returns>The problem for <see cref="FiniteDifferenceHjbSolver"/>.</returns>
    /// <exception cref="ArgumentException">A parameter breaks its rule (the message names it), or the utility is exponential.</exception>
    public static HjbProblem Reduced(MertonWithCostsAndLiquidityParameters parameters, GridAxis liquidity, int controlGridPoints = 21)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(liquidity);
        parameters.Validate();
        FdGuard.Require(parameters.Utility is UtilityKind.Power or UtilityKind.Log, $"only power and log utility reduce to one dimension (got {parameters.Utility}).", nameof(parameters));
        var m = parameters;
        double r = m.InterestRate, excess = m.Drift - m.InterestRate, cr = m.LelandCoefficient, sl2 = m.LiquidityVolatility * m.LiquidityVolatility;
        var controls = ControlSet.Box(0, 1, controlGridPoints);
        var grid = new StateGrid(liquidity);

        if (m.Utility == UtilityKind.Log)
        {
            return new HjbProblem
            {
                Grid = grid,
                Horizon = m.Horizon,
                Controls = controls,
                Coefficients = (t, l, unused, pi) =>
                {
                    double sig = m.TotalVolatility(l);
                    return new HjbCoefficients
                    {
                        DriftX = m.Alpha * (m.LongRunLevel(l) - l),
                        Axx = sl2,
                        Reward = r + (excess * pi) - (cr * pi * (1 - pi) * sig) - (0.5 * sig * sig * pi * pi),
                    };
                },
                Terminal = static (l, unused) => 0.0,
            };
        }

        double p = m.PowerExponent;
        return new HjbProblem
        {
            Grid = grid,
            Horizon = m.Horizon,
            Controls = controls,
            Coefficients = (t, l, unused, pi) =>
            {
                double sig = m.TotalVolatility(l);
                return new HjbCoefficients
                {
                    DriftX = (m.Alpha * (m.LongRunLevel(l) - l)) + (p * m.CrossLoading(l) * pi),
                    Axx = sl2,
                    ZerothOrder = (p * (r + (excess * pi) - (cr * pi * (1 - pi) * sig))) + (0.5 * p * (p - 1) * sig * sig * pi * pi),
                };
            },
            Terminal = (l, unused) => 1.0 / p,
        };
    }

    /// <summary>V(t, x, l) from the reduced solution ψ(t, l): <c>x^p ψ</c> (power) or <c>ln x + ψ</c> (log).</summary>
    /// <param name="utility">Power or log.</param>
    /// <param name="exponent">p for power utility; ignored for log.</param>
    /// <param name="wealth">x &gt; 0.</param>
    /// <param name="psi">ψ(t, l).</param>
    public static double ValueFromReduced(UtilityKind utility, double exponent, double wealth, double psi)
    {
        FdGuard.Positive(wealth, "wealth", nameof(wealth));
        return utility switch
        {
            UtilityKind.Power => Math.Pow(wealth, exponent) * psi,
            UtilityKind.Log => Math.Log(wealth) + psi,
            _ => throw new ArgumentException($"only power and log utility have a reduced form (got {utility}).", nameof(utility)),
        };
    }

    private static Func<double, double> TerminalUtility(MertonWithCostsAndLiquidityParameters parameters, GridAxis wealth)
    {
        switch (parameters.Utility)
        {
            case UtilityKind.Power:
                double p = parameters.PowerExponent;
                FdGuard.Require(p > 0 ? wealth.Lower >= 0 : wealth.Lower > 0, $"the wealth grid must start at >= 0 (> 0 for a negative exponent) (got {wealth.Lower}).", nameof(wealth));
                return x => Math.Pow(x, p) / p;
            case UtilityKind.Log:
                FdGuard.Require(wealth.Lower > 0, $"log utility needs a wealth grid with a positive lower end (got {wealth.Lower}).", nameof(wealth));
                return Math.Log;
            default:
                double a = parameters.RiskAversion;
                return x => -Math.Exp(-a * x) / a;
        }
    }
}
