using NeuralHjb.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace NeuralHjb.Autodiff;

/// <summary>
/// Gradients kept in place across steps (<c>Optimizer.ZeroGrad(setToNone: false)</c>): the optimizer zeroes a
/// parameter's existing <see cref="Tensor.Grad"/> instead of dropping it and marks it on the parameter; the next
/// backward pass writes into that tensor (the first time after the zeroing as if it had been null, later times
/// adding to it) instead of handing the pass's gradient buffer to the parameter, which then goes back to the
/// backward buffer pool. The values are those of the default path bit for bit; what differs is that the same tensor
/// object is reused, which the caller asked for.
/// </summary>
internal static class ReusedGradient
{
    /// <summary>
    /// Zeroes <paramref name="parameter"/>'s gradient in place and marks it for reuse; returns false (marking nothing)
    /// when it cannot be reused: no gradient, a graph tensor, or not a dense tensor of the parameter's shape that owns
    /// its whole storage.
    /// </summary>
    public static bool Zero(Tensor parameter)
    {
        parameter.ZeroedGrad = null;
        var grad = parameter.Grad;
        if (grad is null || grad.GradFn is not null || grad.RequiresGrad || grad.DType != parameter.DType
            || !grad.IsContiguous || grad.Offset != 0 || grad.Storage.Length != grad.Count
            || !ShapeMath.SameShape(grad.Shape, parameter.Shape) || grad.ForwardPooled)
        {
            return false;
        }

        Array.Clear(grad.Storage);
        parameter.ZeroedGrad = grad;
        parameter.ZeroedGradFresh = true;
        return true;
    }

    /// <summary>
    /// Writes <paramref name="gradient"/> into <paramref name="leaf"/>'s reused gradient and returns true, or returns
    /// false when the leaf has none (its <see cref="Tensor.Grad"/> is no longer the tensor <see cref="Zero"/> marked).
    /// </summary>
    public static bool TryAccumulate(Tensor leaf, Tensor gradient)
    {
        var target = leaf.ZeroedGrad;
        if (target is null || !ReferenceEquals(leaf.Grad, target) || !ShapeMath.SameShape(gradient.Shape, target.Shape) || gradient.DType != target.DType)
        {
            return false;
        }

        var source = gradient.Dense();
        if (target.DType == DType.Float32)
        {
            Write(source.Span<float>(), target.Span<float>(), leaf.ZeroedGradFresh);
        }
        else
        {
            Write(source.Span<double>(), target.Span<double>(), leaf.ZeroedGradFresh);
        }

        leaf.ZeroedGradFresh = false;
        return true;
    }

    private static void Write<T>(ReadOnlySpan<T> source, Span<T> target, bool fresh)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (fresh)
        {
            // As if Grad had been null: the pass's gradient itself (a copy keeps −0 and every bit).
            source.CopyTo(target);
        }
        else
        {
            // As Grad.Add(gradient) computes it.
            TensorPrimitives.Add(target, source, target);
        }
    }
}
