namespace NeuralHjb.Solvers.Pinn;

/// <summary>Which entries of ∇²V the residual computes (each needed row costs one more backward pass).</summary>
public enum SecondOrderEntries
{
    /// <summary>
    /// Decide from the problem: probe σ on a sample of the domain and compute only the rows of
    /// coordinates that carry noise (the diagonal alone when each noise source moves one coordinate);
    /// the full Hessian when the Hamiltonian minimiser reads it.
    /// </summary>
    Auto,

    /// <summary>The full d × d Hessian.</summary>
    Full,

    /// <summary>The diagonal only (off-diagonal entries taken as zero).</summary>
    Diagonal,

    /// <summary>No second derivatives (first-order HJB, or a deterministic problem).</summary>
    None,
}
