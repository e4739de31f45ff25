namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>Coefficients of the generator at time t, state (x, y) and control u (y = 0 in one dimension).</summary>
/// <param name="t">Calendar time in [0, T].</param>
/// <param name="x">First state coordinate.</param>
/// <param name="y">Second state coordinate; 0 for one-dimensional problems.</param>
/// <param name="u">The control.</param>
/// <returns>Drift, diffusion, zeroth-order and running terms.</returns>
public delegate HjbCoefficients CoefficientFunction(double t, double x, double y, double u);

/// <summary>Terminal condition <c>V(T, x, y) = g(x, y)</c> (y = 0 in one dimension).</summary>
/// <param name="x">First state coordinate.</param>
/// <param name="y">Second state coordinate; 0 in one dimension.</param>
/// <returns>The terminal value.</returns>
public delegate double TerminalFunction(double x, double y);

/// <summary>A Dirichlet value <c>V(t, x, y)</c> on a boundary (y = 0 in one dimension).</summary>
/// <param name="t">Calendar time.</param>
/// <param name="x">First state coordinate.</param>
/// <param name="y">Second state coordinate; 0 in one dimension.</param>
/// <returns>The prescribed value.</returns>
public delegate double BoundaryValueFunction(double t, double x, double y);

/// <summary>
/// A user maximiser/minimiser of the Hamiltonian from derivative estimates at one node (for problems whose
/// Hamiltonian is optimised in closed form, e.g. quadratic in the control).
/// </summary>
/// <param name="context">Time, state, value and central finite-difference derivatives at the node.</param>
/// <returns>The optimal control, or NaN to let the solver fall back to the ends of the box and the current control.</returns>
public delegate double ControlOptimizer(in ControlContext context);
