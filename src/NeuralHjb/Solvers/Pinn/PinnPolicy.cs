using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// The feedback control implied by a value function: u*(t, x, ∇V(t, x)[, ∇²V]) from the problem's
/// closed-form Hamiltonian minimiser, with ∇V by automatic differentiation (so call it outside
/// <c>Autograd.NoGrad()</c>). Results are detached.
/// </summary>
public sealed class PinnPolicy : IPolicy
{
    private readonly Func<Tensor, Tensor, Tensor> _value;
    private readonly HjbResidual _hjb;

    /// <summary>Creates the policy.</summary>
    /// <param name="value">V(t [batch, 1], x [batch, d]) → [batch, 1].</param>
    /// <param name="residual">The residual machinery of the problem (its minimiser and Hessian layout).</param>
    public PinnPolicy(Func<Tensor, Tensor, Tensor> value, HjbResidual residual)
    {
        _value = value ?? throw new ArgumentNullException(nameof(value));
        _hjb = residual ?? throw new ArgumentNullException(nameof(residual));
    }

    /// <inheritdoc />
    public Tensor Control(Tensor t, Tensor x, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        var tt = t.Rank == 0 ? Tensor.Full([x.Size(0), 1], t.Item(), x.DType) : t;
        var needsHessian = _hjb.Problem.HamiltonianMinimizer?.NeedsHessian == true;
        var d = _hjb.Derivatives(_value, tt, x, includeTime: false, includeSecondOrder: needsHessian, createGraph: false);
        return _hjb.OptimalControl(d, preferences).Detach();
    }
}
