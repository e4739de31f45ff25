using NeuralHjb.Control;
using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>V and the input derivatives the HJB generator needs, over a batch.</summary>
/// <param name="Value">V [batch, 1].</param>
/// <param name="TimeDerivative">V_t [batch, 1].</param>
/// <param name="Gradient">∇V [batch, d].</param>
/// <param name="Hessian">∇²V as [batch, d, d], or its diagonal [batch, d] when the diffusion is diagonal.</param>
internal sealed record ValueDerivatives(Tensor Value, Tensor TimeDerivative, Tensor Gradient, Tensor Hessian)
{
    /// <summary>
    /// Differentiates the value network at (t, x) by reverse mode: one pass for (V_t, ∇V) and one per
    /// state coordinate for the Hessian rows (only the diagonal entries are kept for a diagonal diffusion).
    /// </summary>
    /// <param name="value">The network.</param>
    /// <param name="problem">The problem (its diffusion form decides full or diagonal Hessian).</param>
    /// <param name="t">Time [batch, 1] (no graph).</param>
    /// <param name="x">State [batch, d] (no graph).</param>
    /// <param name="preferences">Per-sample preferences, or null.</param>
    /// <param name="createGraph">Keep the result differentiable with respect to the parameters (evaluation); false detaches (improvement, sampling).</param>
    public static ValueDerivatives Compute(ValueNetwork value, ControlProblem problem, Tensor t, Tensor x, PreferenceBatch? preferences, bool createGraph)
    {
        var d = problem.StateDimension;
        var input = Tensor.Concat([t.Detach(), x.Detach()], 1).Contiguous().RequireGrad();
        var v = value.Value(input.Slice(1, 0, 1), input.Slice(1, 1, d), preferences);
        var first = Autograd.Grad(v.Sum(), input, createGraph: true);
        var gradient = first.Slice(1, 1, d);
        var diagonal = problem.Dynamics.DiffusionForm == DiffusionForm.Diagonal;
        var rows = new Tensor[d];
        for (var i = 0; i < d; i++)
        {
            var row = Autograd.Grad(gradient.Slice(1, i, 1).Sum(), input, createGraph: createGraph, retainGraph: true, allowUnused: true);
            rows[i] = diagonal ? row.Slice(1, 1 + i, 1) : row.Slice(1, 1, d);
        }

        var hessian = diagonal
            ? (d == 1 ? rows[0] : Tensor.Concat(rows, 1))
            : Tensor.Stack(rows, 1);
        var result = new ValueDerivatives(v, first.Slice(1, 0, 1), gradient, hessian);
        return createGraph ? result : result.Detached();
    }

    /// <summary>The same tensors cut from the graph.</summary>
    public ValueDerivatives Detached() => new(Value.Detach(), TimeDerivative.Detach(), Gradient.Detach(), Hessian.Detach());

    /// <summary>The HJB residual under control u: V_t + b·∇V + ½ tr(σσᵀ∇²V) + f.</summary>
    public Tensor Residual(ControlProblem problem, Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences)
        => TimeDerivative + problem.Hamiltonian(t, x, u, Gradient, Hessian, preferences);
}
