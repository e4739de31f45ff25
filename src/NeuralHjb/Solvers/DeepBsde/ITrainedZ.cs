using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// The Z a BSDE solver learnt, on its time grid tₙ = nT/N: Zₙ(x) ≈ σᵀ∇u(tₙ, x) for n = 0 … N − 1 (the control-relevant
/// part of the solution: for HJB-LQ the optimal control is −λ√2 ∇u = −λ Z).
/// </summary>
public interface ITrainedZ
{
    /// <summary>Gets N, the number of time steps of the grid.</summary>
    int TimeSteps { get; }

    /// <summary>Gets the horizon T.</summary>
    double Horizon { get; }

    /// <summary>Evaluates Zₙ at a batch of states.</summary>
    /// <param name="timeIndex">n, 0 ≤ n &lt; N.</param>
    /// <param name="states">[B, d] states (of the solver's element type).</param>
    /// <returns>[B, d] values of Zₙ (no autodiff graph).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time index is outside [0, N).</exception>
    /// <exception cref="ArgumentException">The states are not [B, d].</exception>
    Tensor Evaluate(int timeIndex, Tensor states);
}
