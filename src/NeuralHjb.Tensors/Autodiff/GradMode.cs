using NeuralHjb.Tensors;

namespace NeuralHjb.Autodiff;

/// <summary>Per-thread switch for graph recording (so concurrent solves on other threads are unaffected).</summary>
internal static class GradMode
{
    [ThreadStatic]
    private static int _disabledDepth;

    public static bool Enabled => _disabledDepth == 0;

    public static void Disable() => _disabledDepth++;

    public static void Restore() => _disabledDepth--;

    public static bool ShouldRecord(Tensor a) => _disabledDepth == 0 && a.RequiresGrad;

    public static bool ShouldRecord(Tensor a, Tensor b) => _disabledDepth == 0 && (a.RequiresGrad || b.RequiresGrad);

    public static bool ShouldRecord(ReadOnlySpan<Tensor> inputs)
    {
        if (_disabledDepth != 0)
        {
            return false;
        }

        foreach (var t in inputs)
        {
            if (t.RequiresGrad)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Attaches a new node to <paramref name="output"/> and marks it as requiring gradients.</summary>
    /// <remarks>
    /// Pooled forward tensors (<see cref="Tensor.ForwardPooled"/>) among the inputs lose their mark: this op
    /// may keep them alive beyond the nodes their pool count tracks. Only the fused linear op, whose node is
    /// counted, uses <see cref="AttachCounted"/> instead.
    /// </remarks>
    public static Node Attach(Tensor output, string op, Tensor[] inputs, BackwardRule rule)
    {
        foreach (var t in inputs)
        {
            if (t.ForwardPooled)
            {
                Pin(t);
            }
        }

        var node = new Node(op, inputs, rule) { Output = output };
        output.GradFn = node;
        output.RequiresGrad = true;
        return node;
    }

    /// <summary>
    /// As <see cref="Attach"/>, but pooled forward tensors among the inputs and the output count the node as a
    /// holder (released by the backward pass that releases the node) instead of losing their mark.
    /// </summary>
    public static Node AttachCounted(Tensor output, string op, Tensor[] inputs, BackwardRule rule)
    {
        foreach (var t in inputs)
        {
            if (t.ForwardPooled)
            {
                t.NodeRefs++;
            }
        }

        if (output.ForwardPooled)
        {
            output.NodeRefs++;
        }

        var node = new Node(op, inputs, rule) { Output = output };
        output.GradFn = node;
        output.RequiresGrad = true;
        return node;
    }

    /// <summary>Takes a tensor out of the forward pool's rule for good: its storage is then never recycled.</summary>
    private static void Pin(Tensor t)
    {
        t.ForwardPooled = false;
        t.NodeRefs = 0;
    }
}

/// <summary>A scope in which ops record no graph; dispose it to restore the previous mode.</summary>
public readonly struct NoGradScope : IDisposable
{
    private readonly bool _active;

    internal NoGradScope(bool active)
    {
        _active = active;
        if (active)
        {
            GradMode.Disable();
        }
    }

    /// <summary>Restores gradient recording.</summary>
    public void Dispose()
    {
        if (_active)
        {
            GradMode.Restore();
        }
    }
}
