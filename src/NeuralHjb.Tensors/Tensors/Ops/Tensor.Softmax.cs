using System.Numerics;
using System.Numerics.Tensors;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Softmax along <paramref name="axis"/>: <c>y_i = exp(x_i − m) / Σ_j exp(x_j − m)</c> with
    /// <c>m = max_j x_j</c>, so large inputs do not overflow. Differentiable to any order
    /// (<c>dx = y·(g − Σ g·y)</c> is written with ops).
    /// </summary>
    /// <remarks>
    /// NaN and inf: a slice containing NaN or +inf gives NaN in that whole slice; −inf entries get
    /// probability 0; a slice of only −inf gives NaN (as in PyTorch). A scalar (rank 0) accepts axis 0
    /// or −1 and gives 1.
    /// </remarks>
    /// <param name="axis">The axis that sums to one; negative values count from the end.</param>
    public Tensor Softmax(int axis)
    {
        var result = SoftmaxForward(axis, log: false);
        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(result, "softmax", [this], static (n, g) =>
            {
                var y = n.Output!;
                var ax = (int)n.S0;
                var dot = ax < 0 ? (g * y) : (g * y).Sum(ax, keepDim: true);
                return [y * (g - dot)];
            });
            node.S0 = Rank == 0 ? -1 : ShapeMath.NormalizeAxis(axis, Rank, nameof(axis));
        }

        return result;
    }

    /// <summary>
    /// Log-softmax along <paramref name="axis"/>: <c>y_i = x_i − m − log Σ_j exp(x_j − m)</c> with
    /// <c>m = max_j x_j</c> (no overflow, and no log of an underflowed zero). Differentiable to any
    /// order (<c>dx = g − exp(y)·Σ g</c>).
    /// </summary>
    /// <remarks>
    /// NaN and inf: a slice containing NaN or +inf gives NaN in that whole slice; −inf entries give
    /// −inf; a slice of only −inf gives NaN. A scalar (rank 0) accepts axis 0 or −1 and gives 0.
    /// </remarks>
    /// <param name="axis">The normalised axis; negative values count from the end.</param>
    public Tensor LogSoftmax(int axis)
    {
        var result = SoftmaxForward(axis, log: true);
        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(result, "log_softmax", [this], static (n, g) =>
            {
                var y = n.Output!;
                var ax = (int)n.S0;
                var total = ax < 0 ? g : g.Sum(ax, keepDim: true);
                return [g - (y.Exp() * total)];
            });
            node.S0 = Rank == 0 ? -1 : ShapeMath.NormalizeAxis(axis, Rank, nameof(axis));
        }

        return result;
    }

    private Tensor SoftmaxForward(int axis, bool log)
    {
        var (outer, n, inner) = AxisLayout(axis, nameof(axis));
        var result = Uninitialized(_shape, DType);
        if (result.Count == 0)
        {
            return result;
        }

        var x = Dense();
        if (DType == DType.Float32)
        {
            SoftmaxKernel<float>(x.Span<float>(), result.Span<float>(), outer, n, inner, log);
        }
        else
        {
            SoftmaxKernel<double>(x.Span<double>(), result.Span<double>(), outer, n, inner, log);
        }

        return result;
    }

    /// <summary>
    /// Splits the shape around <paramref name="axis"/> into (outer, size, inner) for axis kernels. A
    /// scalar accepts axis 0 or −1 and is treated as one slice of one element.
    /// </summary>
    internal (int Outer, int N, int Inner) AxisLayout(int axis, string paramName)
    {
        if (Rank == 0)
        {
            _ = ShapeMath.NormalizeAxis(axis, 1, paramName);
            return (1, 1, 1);
        }

        var ax = ShapeMath.NormalizeAxis(axis, Rank, paramName);
        return (ShapeMath.Product(_shape.AsSpan(0, ax)), _shape[ax], ShapeMath.Product(_shape.AsSpan(ax + 1)));
    }

    private static void SoftmaxKernel<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0)
        {
            return;
        }

        if (inner == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                var src = x.Slice(o * n, n);
                var dst = y.Slice(o * n, n);
                var m = TensorPrimitives.Max(src);
                TensorPrimitives.Subtract(src, m, dst);
                TensorPrimitives.Exp(dst, dst);
                var s = TensorPrimitives.Sum<T>(dst);
                if (log)
                {
                    TensorPrimitives.Subtract(src, m + T.Log(s), dst);
                }
                else
                {
                    TensorPrimitives.Divide(dst, s, dst);
                }
            }

            return;
        }

        // Strided axis: work on whole inner rows at a time so that every step is a SIMD span op.
        var max = new T[inner];
        var sum = new T[inner];
        var tmp = new T[inner];
        for (var o = 0; o < outer; o++)
        {
            var b = o * n * inner;
            x.Slice(b, inner).CopyTo(max);
            for (var k = 1; k < n; k++)
            {
                TensorPrimitives.Max(max, x.Slice(b + (k * inner), inner), max);
            }

            System.Array.Clear(sum);
            for (var k = 0; k < n; k++)
            {
                var dst = y.Slice(b + (k * inner), inner);
                TensorPrimitives.Subtract(x.Slice(b + (k * inner), inner), max, dst);
                TensorPrimitives.Exp(dst, dst);
                TensorPrimitives.Add(sum, dst, sum);
            }

            if (log)
            {
                TensorPrimitives.Log(sum, tmp);
                TensorPrimitives.Add(tmp, max, tmp);
                for (var k = 0; k < n; k++)
                {
                    TensorPrimitives.Subtract(x.Slice(b + (k * inner), inner), tmp, y.Slice(b + (k * inner), inner));
                }
            }
            else
            {
                for (var k = 0; k < n; k++)
                {
                    var dst = y.Slice(b + (k * inner), inner);
                    TensorPrimitives.Divide(dst, sum, dst);
                }
            }
        }
    }
}
