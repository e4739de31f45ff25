namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// A controlled HJB problem in one or two state dimensions on a rectangular grid:
/// <code>
/// V_t + opt_{u∈U} { b(t,x,u)·∇V + ½ tr(a(t,x,u) ∇²V) + c(t,x,u) V + f(t,x,u) } = 0,   V(T, x) = g(x),
/// </code>
/// with <c>opt = max</c> or <c>min</c> by <see cref="Sense"/> and <c>a = σσᵀ</c>. Time runs forward
/// from 0 to <see cref="Horizon"/>; the solver marches backward from the terminal condition.
/// </summary>
public sealed class HjbProblem
{
    /// <summary>The spatial grid; its dimension is the problem's.</summary>
    public required StateGrid Grid { get; init; }

    /// <summary>Terminal time T &gt; 0.</summary>
    public required double Horizon { get; init; }

    /// <summary>Maximise (default) or minimise the Hamiltonian.</summary>
    public OptimizationSense Sense { get; init; } = OptimizationSense.Maximize;

    /// <summary>The admissible controls and how to search them.</summary>
    public required ControlSet Controls { get; init; }

    /// <summary>Drift, diffusion, zeroth-order and running terms.</summary>
    public required CoefficientFunction Coefficients { get; init; }

    /// <summary>Terminal condition g.</summary>
    public required TerminalFunction Terminal { get; init; }

    /// <summary>Condition at x = x_min.</summary>
    public BoundaryCondition LowerX { get; init; } = BoundaryCondition.LinearExtrapolation;

    /// <summary>Condition at x = x_max.</summary>
    public BoundaryCondition UpperX { get; init; } = BoundaryCondition.LinearExtrapolation;

    /// <summary>Condition at y = y_min (ignored in one dimension).</summary>
    public BoundaryCondition LowerY { get; init; } = BoundaryCondition.LinearExtrapolation;

    /// <summary>Condition at y = y_max (ignored in one dimension).</summary>
    public BoundaryCondition UpperY { get; init; } = BoundaryCondition.LinearExtrapolation;

    /// <summary>Checks the description; the solver calls this before it starts.</summary>
    /// <param name="paramName">The parameter name to report (the caller's name for this problem).</param>
    /// <exception cref="ArgumentException">A member is missing, non-finite or out of range.</exception>
    internal void Validate(string paramName)
    {
        FdGuard.Require(Grid is not null, "HjbProblem.Grid is required.", paramName);
        FdGuard.Positive(Horizon, "HjbProblem.Horizon", paramName);
        FdGuard.Require(Enum.IsDefined(Sense), $"HjbProblem.Sense must be Maximize or Minimize (got {Sense}).", paramName);
        FdGuard.Require(Controls is not null, "HjbProblem.Controls is required.", paramName);
        FdGuard.Require(Coefficients is not null, "HjbProblem.Coefficients is required.", paramName);
        FdGuard.Require(Terminal is not null, "HjbProblem.Terminal is required.", paramName);
        FdGuard.Require(LowerX is not null && UpperX is not null && LowerY is not null && UpperY is not null, "HjbProblem boundary conditions must not be null.", paramName);
    }
}
