namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>What the BSDE solvers return: the estimate of u(0, x₀) and of Z₀ = σᵀ∇u(0, x₀), with the training history.</summary>
/// <remarks><see cref="SolverResult.Metrics"/> holds <c>y0</c>, <c>final_loss</c> and <c>iterations</c> (optimiser steps in total);
/// with a re-estimate also <c>y0_trained</c> and <c>y0_standard_error</c>.</remarks>
public sealed class DeepBsdeResult : SolverResult
{
    /// <summary>Gets Y₀, the estimate of u(0, x₀).</summary>
    public required double Y0 { get; init; }

    /// <summary>Gets the trained Y₀ parameter; equal to <see cref="Y0"/> unless the options asked for a re-estimate.</summary>
    public required double TrainedY0 { get; init; }

    /// <summary>Gets the Monte Carlo standard error of <see cref="Y0"/> when it is a re-estimate, else null.</summary>
    public double? Y0StandardError { get; init; }

    /// <summary>Gets Z₀, the estimate of σᵀ∇u(0, x₀) (d values).</summary>
    public required IReadOnlyList<double> Z0 { get; init; }

    /// <summary>
    /// Gets the trained Z on the solver's time grid, Zₙ(x) ≈ σᵀ∇u(tₙ, x) for n = 0 … N − 1 (null only for results built by hand).
    /// For the forward method Z₀ is the trained constant (every path starts at x₀).
    /// </summary>
    public ITrainedZ? ZModel { get; init; }

    /// <summary>Gets the method that produced the result ("deep-bsde", "dbdp" or "dbdp2").</summary>
    public required string Method { get; init; }
}
