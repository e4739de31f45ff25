namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// The set U the Hamiltonian is optimised over (one scalar control). Three kinds: a finite list
/// (<see cref="Finite"/>), an interval searched on a grid then refined by golden section (<see cref="Box"/>),
/// and a user closed-form optimiser (<see cref="ClosedForm"/>).
/// </summary>
/// <remarks>
/// Finite and box searches optimise the <em>discrete</em> Hamiltonian — the very upwind stencil the linear
/// solve uses — so policy iteration is Howard's algorithm and improves monotonically. A closed-form optimiser
/// sees central derivative estimates instead, which is cheaper but only approximately consistent with the
/// upwind stencil; policy iteration then stops on the value tolerance.
/// </remarks>
public abstract class ControlSet
{
    /// <summary>Relative margin a candidate must beat the current control by before the policy changes; it
    /// keeps round-off from flipping controls back and forth between equally good choices.</summary>
    private protected const double ImprovementMargin = 1e-13;

    private protected ControlSet()
    {
    }

    /// <summary>The control used before any policy improvement (at the terminal time).</summary>
    public abstract double InitialGuess { get; }

    /// <summary>A finite set of admissible controls, searched exhaustively.</summary>
    /// <param name="controls">At least one finite value.</param>
    public static ControlSet Finite(params double[] controls) => new FiniteControlSet(controls);

    /// <summary>An interval [lo, hi], searched on a uniform grid and refined by golden section around the best grid point.</summary>
    /// <param name="lower">Lower end.</param>
    /// <param name="upper">Upper end, ≥ <paramref name="lower"/>.</param>
    /// <param name="gridPoints">Points of the coarse search, at least 3 (more guards against several local optima).</param>
    /// <param name="tolerance">Width, relative to the box, at which the golden-section refinement stops.</param>
    public static ControlSet Box(double lower, double upper, int gridPoints = 21, double tolerance = 1e-9)
        => new BoxControlSet(lower, upper, gridPoints, tolerance);

    /// <summary>
    /// A user optimiser of the Hamiltonian, its result clipped to [lo, hi]. When it returns NaN the solver
    /// takes the best of lo, hi and the current control (where those are finite).
    /// </summary>
    /// <param name="optimizer">Maps derivative estimates at a node to the optimal control.</param>
    /// <param name="lower">Lower clip (may be −∞).</param>
    /// <param name="upper">Upper clip (may be +∞).</param>
    /// <param name="initialGuess">Control before the first improvement.</param>
    public static ControlSet ClosedForm(ControlOptimizer optimizer, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity, double initialGuess = 0)
        => new ClosedFormControlSet(optimizer, lower, upper, initialGuess);

    /// <summary>
    /// Returns the control to use at one node: the best candidate if it beats <paramref name="current"/> by the
    /// improvement margin, otherwise <paramref name="current"/>.
    /// </summary>
    internal abstract double Improve(INodeHamiltonian hamiltonian, double current);

    /// <summary>True when <paramref name="candidate"/> beats <paramref name="incumbent"/> by more than round-off.</summary>
    private protected static bool Beats(double candidate, double incumbent)
        => candidate > incumbent + (ImprovementMargin * (1 + Math.Abs(incumbent)));
}

/// <summary>The sense-adjusted discrete Hamiltonian at one node, as the control searches see it (always maximised).</summary>
internal interface INodeHamiltonian
{
    /// <summary><c>s·(Σ_k w_k(u) V_k + f(u))</c>, s = ±1 by the optimisation sense.</summary>
    double Evaluate(double u);

    /// <summary>Derivative estimates for closed-form optimisers.</summary>
    ControlContext Context(double currentControl);
}
