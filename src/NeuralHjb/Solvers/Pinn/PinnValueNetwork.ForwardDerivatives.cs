using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>V and its input derivatives by forward propagation through <see cref="Core"/> (the fast path of the PINN residual).</summary>
public sealed partial class PinnValueNetwork
{
    /// <summary>
    /// Whether V is an affine function of <see cref="Core"/>'s output n at (t, x restricted to the active coordinates)
    /// whose other parts are cheap to differentiate: a <see cref="ScaledAnsatz"/> (V = s·n) or a
    /// <see cref="TerminalValueAnsatz"/> (V = g(x) + (T − t)·s·n), no hard symmetry and no output transform on the core.
    /// Then <see cref="ForwardDerivatives"/> takes n's derivatives in one forward pass.
    /// </summary>
    internal bool SupportsForwardDerivatives => Ansatz is (ScaledAnsatz or TerminalValueAnsatz) && Symmetry is null && Core.OutputTransform is null;

    /// <summary>
    /// V, ∂V/∂t, ∇V [batch, d] and the requested diagonal entries of ∇²V [batch, d] (zero elsewhere): the core's by
    /// <see cref="Nn.Mlp.ForwardWithInputDerivatives"/> (coordinates the network does not read have zero derivatives),
    /// combined with the ansatz by the product rule; g of a terminal-value ansatz is differentiated by reverse mode
    /// (so <paramref name="x"/> must then require gradients). Only when <see cref="SupportsForwardDerivatives"/>.
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
            throw new InvalidOperationException($"V = {Ansatz.Description}{(Symmetry is null ? string.Empty : " with a hard symmetry")} is not handled by forward propagation: differentiate Value instead.");
        }

        var (n, nt, ng, nh) = CoreDerivatives(t, x, includeTime || Ansatz is TerminalValueAnsatz, diagonal);
        if (Ansatz is ScaledAnsatz { Scale: var scale })
        {
            Tensor Scaled(Tensor a) => scale == 1 ? a : a * scale;
            return (Scaled(n), nt is null ? null : Scaled(nt), Scaled(ng), nh is null ? null : Scaled(nh));
        }

        // V = g(x) + w·n with w = (T − t)·s: V_t = −s·n + w·n_t, ∇V = ∇g + w·∇n, V_cc = g_cc + w·n_cc.
        var terminal = (TerminalValueAnsatz)Ansatz;
        var w = (Horizon - t) * terminal.Scale;
        var (g, gg, gh) = TerminalDerivatives(terminal.Terminal, x, diagonal);
        return (
            g + (w * n),
            includeTime ? (w * nt!) - (n * terminal.Scale) : null,
            gg + (w * ng),
            nh is null ? null : gh! + (w * nh));
    }

    /// <summary>n, n_t, ∇n [batch, d] and the requested diagonal of ∇²n [batch, d] of the core network.</summary>
    private (Tensor Value, Tensor? TimeDerivative, Tensor Gradient, Tensor? SecondDiagonal) CoreDerivatives(Tensor t, Tensor x, bool includeTime, IReadOnlyList<int> diagonal)
    {
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
            d.Value,
            includeTime ? d.Gradient.Slice(1, 0, 1) : null,
            Columns(gradient),
            diagonal.Count == 0 ? null : Columns(second));
    }

    /// <summary>g(x), ∇g and the requested diagonal of ∇²g (zero elsewhere), by reverse mode with createGraph.</summary>
    private (Tensor Value, Tensor Gradient, Tensor? SecondDiagonal) TerminalDerivatives(Func<Tensor, Tensor> terminal, Tensor x, IReadOnlyList<int> diagonal)
    {
        if (!x.RequiresGrad)
        {
            throw new ArgumentException("x must require gradients to differentiate the terminal value g.", nameof(x));
        }

        var g = terminal(x);
        var batch = x.Size(0);
        if (!g.RequiresGrad)
        {
            // g does not depend on x: its derivatives vanish.
            var zeros = Tensor.Zeros([batch, StateDimension], x.DType);
            return (g, zeros, diagonal.Count == 0 ? null : zeros);
        }

        var gradient = Autograd.Grad([g], [x], [Tensor.OnesLike(g)], createGraph: true, retainGraph: true, allowUnused: true)[0];
        if (diagonal.Count == 0)
        {
            return (g, gradient, null);
        }

        var second = new Tensor[StateDimension];
        for (var c = 0; c < StateDimension; c++)
        {
            var gc = gradient.Slice(1, c, 1);
            second[c] = diagonal.Contains(c) && gc.RequiresGrad
                ? Autograd.Grad([gc], [x], [Tensor.Ones([batch, 1], x.DType)], createGraph: true, retainGraph: true, allowUnused: true)[0].Slice(1, c, 1)
                : Tensor.Zeros([batch, 1], x.DType);
        }

        return (g, gradient, Columns(second));
    }

    private static Tensor Columns(Tensor[] columns) => columns.Length == 1 ? columns[0] : Tensor.Concat(columns, 1);
}
