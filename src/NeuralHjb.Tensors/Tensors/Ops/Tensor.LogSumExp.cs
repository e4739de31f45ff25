using System.Numerics;
using System.Numerics.Tensors;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// <c>log Σ exp(x)</c> along <paramref name="axis"/>, computed as <c>m + log Σ exp(x − m)</c> with
    /// <c>m = max x</c> (no overflow). The gradient is <c>softmax(x)</c>; differentiable to any order.
    /// </summary>
    /// <remarks>
    /// NaN and inf: NaN anywhere in a slice gives NaN; +inf gives +inf; a slice of only −inf (or an
    /// empty slice) gives −inf, as in PyTorch.
    /// </remarks>
    /// <param name="axis">The reduced axis; negative values count from the end.</param>
    /// <param name="keepDim">Keep the reduced axis with size 1.</param>
    public Tensor LogSumExp(int axis, bool keepDim = false)
    {
        var (outer, n, inner) = AxisLayout(axis, nameof(axis));
        var ax = Rank == 0 ? -1 : ShapeMath.NormalizeAxis(axis, Rank, nameof(axis));
        var outShape = (int[])_shape.Clone();
        if (ax >= 0)
        {
            outShape[ax] = 1;
        }

        var result = Empty(outShape, DType);
        var x = Dense();
        if (DType == DType.Float32)
        {
            LogSumExpKernel<float>(x.Span<float>(), result.Span<float>(), outer, n, inner);
        }
        else
        {
            LogSumExpKernel<double>(x.Span<double>(), result.Span<double>(), outer, n, inner);
        }

        if (GradMode.ShouldRecord(this))
        {
            // d/dx = exp(x − lse): a softmax that stays finite where lse is finite.
            GradMode.Attach(result, "logsumexp", [this], static (n, g) => [g * (n.Inputs[0] - n.Output!).Exp()]);
        }

        return keepDim || ax < 0 ? result : result.Squeeze(ax);
    }

    private static void LogSumExpKernel<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int n, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var b = (o * n * inner) + i;
                var m = T.NegativeInfinity;
                var nan = false;
                for (var k = 0; k < n; k++)
                {
                    var v = x[b + (k * inner)];
                    nan |= T.IsNaN(v);
                    m = v > m ? v : m;
                }

                if (nan)
                {
                    y[(o * inner) + i] = T.NaN;
                    continue;
                }

                // An infinite maximum is the answer itself (−inf for all −inf, +inf otherwise).
                if (T.IsInfinity(m))
                {
                    y[(o * inner) + i] = m;
                    continue;
                }

                var s = T.Zero;
                for (var k = 0; k < n; k++)
                {
                    s += T.Exp(x[b + (k * inner)] - m);
                }

                y[(o * inner) + i] = m + T.Log(s);
            }
        }
    }
}
