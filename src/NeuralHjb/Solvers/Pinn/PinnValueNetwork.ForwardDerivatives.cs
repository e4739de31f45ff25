using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>V and its input derivatives by forward propagation through <see cref="Core"/> (the fast path of the PINN residual).</summary>
public sealed partial class PinnValueNetwork
{
    /// <summary>
    /// Whether V is exactly a multiple of <see cref="Core"/>'s output at (t, x restricted to the active coordinates):
    /// a <see cref="ScaledAnsatz"/>, no hard symmetry and no output transform on the core. Then V_t, ∇V and the Hessian
    /// diagonal are those of the core, scaled, and <see cref="ForwardDerivatives"/> computes them in one forward pass.
    /// </summary>
    internal bool SupportsForwardDerivatives => Ansatz is ScaledAnsatz && Symmetry is null && Core.OutputTransform is null;

    /// <summary>
    /// V, ∂V/∂t, ∇V [batch, d] and the requested diagonal entries of ∇²V [batch, d] (zero elsewhere) by
    /// <see cref="Nn.Mlp.ForwardWithInputDerivatives"/>; coordinates the network does not read have zero derivatives.
    /// Only when <see cref="SupportsForwardDerivatives"/>.
    /// </summary>
    /// <param name="t">Time [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="includeTime">Compute ∂V/∂t.</param>
    /// <param name="diagonal">State coordinates whose ∂²V/∂x_c² to compute (empty for none).</param>
    /// <returns>The value and its derivatives, differentiable in the parameters, t and x.</returns>
    internal (Tensor Value, Tensor? TimeDerivative, Tensor Gradient, Tensor? SecondDiagonal) ForwardDerivatives(Tensor t, Tensor x, bool includeTime, IReadOnlyList<int> diagonal)
    {
        if (!SupportsForwardDerivatives)
        {
            throw new InvalidOperationException($"V = {Ansatz.Description}{(Symmetry is null ? string.Empty : " with a hard symmetry")} is not a multiple of the core network: differentiate Value instead.");
        }

        var features = _active.Length == StateDimension ? Tensor.Concat([t, x], 1)
            : _active.Length == 0 ? t
            : Tensor.Concat([t, x.IndexSelect(1, _active)], 1);

        // Core input column of the time is 0, of active coordinate _active[p] 1 + p; the gradient columns are
        // requested as [time?, active coordinates…], the second-diagonal ones for the requested active coordinates.
        var first = includeTime ? 1 : 0;
        var gradientColumns = new int[first + _active.Length];
        for (var p = 0; p < _active.Length; p++)
        {
            gradientColumns[first + p] = 1 + p;
        }

        var secondState = diagonal.Where(c => Array.IndexOf(_active, c) >= 0).ToArray();
        var secondColumns = secondState.Select(c => 1 + Array.IndexOf(_active, c)).ToArray();
        var d = Core.ForwardWithInputDerivatives(features, gradientColumns, secondColumns);

        var scale = ((ScaledAnsatz)Ansatz).Scale;
        Tensor Scaled(Tensor a) => scale == 1 ? a : a * scale;
        var batch = x.Size(0);
        var gradient = new Tensor[StateDimension];
        var second = new Tensor[StateDimension];
        for (var c = 0; c < StateDimension; c++)
        {
            var p = Array.IndexOf(_active, c);
            gradient[c] = p >= 0 ? d.Gradient.Slice(1, first + p, 1) : Tensor.Zeros([batch, 1], x.DType);
            var s = Array.IndexOf(secondState, c);
            second[c] = s >= 0 ? d.SecondDiagonal.Slice(1, s, 1) : Tensor.Zeros([batch, 1], x.DType);
        }

        return (
            Scaled(d.Value),
            includeTime ? Scaled(d.Gradient.Slice(1, 0, 1)) : null,
            Scaled(StateDimension == 1 ? gradient[0] : Tensor.Concat(gradient, 1)),
            diagonal.Count == 0 ? null : Scaled(StateDimension == 1 ? second[0] : Tensor.Concat(second, 1)));
    }
}
