using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// A batch of paths of the forward process dX = μ dt + σ dW of an <see cref="ISemilinearPde"/> on the
/// uniform grid tₙ = n T/N, stepped by the problem's <see cref="ISemilinearPde.ForwardStep"/> from x₀.
/// </summary>
/// <remarks>The paths carry no autodiff graph (the forward process does not depend on trained parameters).</remarks>
public sealed class EulerPaths
{
    private EulerPaths(Tensor states, Tensor increments, double dt)
    {
        States = states;
        Increments = increments;
        Dt = dt;
    }

    /// <summary>Gets X at t₀ … t_M: [M + 1, B, d].</summary>
    public Tensor States { get; }

    /// <summary>Gets the Brownian increments ΔWₙ = W(tₙ₊₁) − W(tₙ), n = 0 … M − 1: [M, B, d].</summary>
    public Tensor Increments { get; }

    /// <summary>Gets the step length T/N.</summary>
    public double Dt { get; }

    /// <summary>Simulates <paramref name="batch"/> paths for the first <paramref name="steps"/> steps of an N-step grid.</summary>
    /// <param name="pde">The problem (its drift, diffusion, x₀ and increment sampler are used).</param>
    /// <param name="timeSteps">N, the number of steps of the grid on [0, T].</param>
    /// <param name="steps">M ≤ N, how many steps to simulate.</param>
    /// <param name="batch">B ≥ 1 paths.</param>
    /// <param name="generator">Random source (all increments are drawn in one call, [M·B, d] in row order).</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>The paths.</returns>
    public static EulerPaths Simulate(ISemilinearPde pde, int timeSteps, int steps, int batch, Philox generator, DType dtype = DType.Float64)
    {
        ArgumentNullException.ThrowIfNull(pde);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, timeSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var dt = pde.Horizon / timeSteps;
        var d = pde.Dimension;
        using var _ = Autograd.NoGrad();
        var increments = pde.SampleIncrements(steps * batch, dt, generator, dtype).Reshape([steps, batch, d]);
        var states = Tensor.Empty([steps + 1, batch, d], dtype);
        var x = pde.InitialStates(batch, dtype);
        states.Select(0, 0).CopyFrom(x);
        for (var n = 0; n < steps; n++)
        {
            x = pde.ForwardStep(Tensor.Scalar(n * dt, dtype), x, dt, increments.Select(0, n));
            states.Select(0, n + 1).CopyFrom(x);
        }

        return new EulerPaths(states, increments, dt);
    }
}
