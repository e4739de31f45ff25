namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>How the regression targets average over the next step's Brownian increment.</summary>
public enum OneStepExpectation
{
    /// <summary>
    /// A cubature rule replaces the increment: 3-point Gauss–Hermite for one noise dimension (exact for polynomials of
    /// degree 5), the symmetric 2m-point rule ±√(m dt) eᵢ otherwise (exact to degree 3). The targets are then
    /// conditional expectations already and the least squares only interpolates across states; this removes the
    /// sampling noise that otherwise dominates the drift (the default).
    /// </summary>
    Cubature,

    /// <summary>The path's own increment and its negative, averaged (odd terms cancel).</summary>
    Antithetic,

    /// <summary>The path's own increment only: plain least-squares Monte Carlo, as published.</summary>
    Sampled,
}
