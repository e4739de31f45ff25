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
    public static Node Attach(Tensor output, string op, Tensor[] inputs, BackwardRule rule)
    {
        var node = new Node(op, inputs, rule) { Output = output };
        output.GradFn = node;
        output.RequiresGrad = true;
        return node;
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
