using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>Z_N = σᵀ∇g(X_N) by differentiating the terminal condition (no trained parameters involved).</summary>
internal static class TerminalZ
{
    /// <summary>Evaluates σᵀ(T, x)∇g(x) at a batch of states.</summary>
    /// <param name="pde">The problem.</param>
    /// <param name="endTime">T as a tensor of the states' element type.</param>
    /// <param name="states">[B, d].</param>
    /// <returns>[B, d], detached.</returns>
    public static Tensor Evaluate(ISemilinearPde pde, Tensor endTime, Tensor states)
    {
        var xs = states.Detach().Clone().RequireGrad();
        var g = pde.Terminal(xs);
        var gradient = Autograd.Grad(g, xs, Tensor.OnesLike(g));
        using var _ = Autograd.NoGrad();
        return pde.DiffusionTransposeTimes(endTime, states, gradient).Detach();
    }
}
