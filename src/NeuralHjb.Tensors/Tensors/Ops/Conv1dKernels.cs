using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralHjb.Tensors;

/// <summary>Stride, padding, dilation and groups of a 1-D convolution (shared by its backward nodes).</summary>
internal sealed class ConvGeometry(int stride, int padding, int dilation, int groups)
{
    public int Stride { get; } = stride;

    public int Padding { get; } = padding;

    public int Dilation { get; } = dilation;

    public int Groups { get; } = groups;
}

/// <summary>
/// Span kernels of the 1-D convolutions: im2col / col2im and channel packing around the GEMM of
/// <see cref="MatMulKernel"/>. Layouts: activations [N, C, L] row-major; "packed" [C, N·L];
/// columns [C·K, N·Lout] with row (c, k) and column (n, l) holding x[n, c, l·stride + k·dilation − padding].
/// </summary>
internal static class Conv1dKernels
{
    /// <summary>
    /// Fills cols[(c·K + k), n·lout + l] = x[n, c0 + c, l·s + k·d − p] (zero outside [0, len)) for
    /// c in [0, cCount).
    /// </summary>
    public static void Im2Col<T>(ReadOnlySpan<T> x, int batch, int channels, int len, int c0, int cCount, int kernel, ConvGeometry g, int lout, Span<T> cols)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = batch * lout;
        for (var c = 0; c < cCount; c++)
        {
            for (var k = 0; k < kernel; k++)
            {
                var row = cols.Slice(((c * kernel) + k) * width, width);
                var shift = (k * g.Dilation) - g.Padding;
                var (lo, hi) = ValidRange(shift, g.Stride, len, lout);
                for (var n = 0; n < batch; n++)
                {
                    var src = x.Slice(((n * channels) + c0 + c) * len, len);
                    var dst = row.Slice(n * lout, lout);
                    dst[..lo].Clear();
                    dst[hi..].Clear();
                    if (g.Stride == 1)
                    {
                        src.Slice(lo + shift, hi - lo).CopyTo(dst[lo..hi]);
                    }
                    else
                    {
                        for (int l = lo, j = (lo * g.Stride) + shift; l < hi; l++, j += g.Stride)
                        {
                            dst[l] = src[j];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Im2Col{T}"/>: y[n, c0 + c, l·s + k·d − p] += cols[(c·K + k), n·lin + l]
    /// for the positions inside [0, len).
    /// </summary>
    public static void Col2Im<T>(ReadOnlySpan<T> cols, int batch, int channels, int len, int c0, int cCount, int kernel, ConvGeometry g, int lin, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = batch * lin;
        for (var c = 0; c < cCount; c++)
        {
            for (var k = 0; k < kernel; k++)
            {
                var row = cols.Slice(((c * kernel) + k) * width, width);
                var shift = (k * g.Dilation) - g.Padding;
                var (lo, hi) = ValidRange(shift, g.Stride, len, lin);
                if (lo >= hi)
                {
                    continue;
                }

                for (var n = 0; n < batch; n++)
                {
                    var dst = y.Slice(((n * channels) + c0 + c) * len, len);
                    var src = row.Slice(n * lin, lin);
                    if (g.Stride == 1)
                    {
                        var d = dst.Slice(lo + shift, hi - lo);
                        TensorPrimitives.Add(d, src[lo..hi], d);
                    }
                    else
                    {
                        for (int l = lo, j = (lo * g.Stride) + shift; l < hi; l++, j += g.Stride)
                        {
                            dst[j] += src[l];
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output positions l in [lo, hi) with 0 ≤ l·stride + shift &lt; len.</summary>
    private static (int Lo, int Hi) ValidRange(int shift, int stride, int len, int lout)
    {
        var lo = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
        var last = len - 1 - shift;
        var hi = last < 0 ? 0 : Math.Min(lout, (last / stride) + 1);
        lo = Math.Min(lo, lout);
        return (lo, Math.Max(lo, hi));
    }

    /// <summary>[N, C, L] → [C, N·L].</summary>
    public static void Pack<T>(ReadOnlySpan<T> x, int batch, int channels, int len, Span<T> packed)
    {
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                x.Slice(((n * channels) + c) * len, len).CopyTo(packed.Slice((c * batch * len) + (n * len), len));
            }
        }
    }

    /// <summary>[C, N·L] → [N, C, L], adding bias[c] when given.</summary>
    public static void Unpack<T>(ReadOnlySpan<T> packed, int batch, int channels, int len, ReadOnlySpan<T> bias, Span<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (var n = 0; n < batch; n++)
        {
            for (var c = 0; c < channels; c++)
            {
                var src = packed.Slice((c * batch * len) + (n * len), len);
                var dst = y.Slice(((n * channels) + c) * len, len);
                if (bias.IsEmpty)
                {
                    src.CopyTo(dst);
                }
                else
                {
                    TensorPrimitives.Add(src, bias[c], dst);
                }
            }
        }
    }

    /// <summary>y = conv1d(x, w) + b for x [N, Cin, L], w [Cout, Cin/G, K], y [N, Cout, lout].</summary>
    public static void Forward<T>(Tensor x, Tensor w, Tensor? b, ConvGeometry g, int lout, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = x.ShapeRef[0], cin = x.ShapeRef[1], len = x.ShapeRef[2];
        int cout = w.ShapeRef[0], kernel = w.ShapeRef[2];
        int cinG = cin / g.Groups, coutG = cout / g.Groups;
        var width = batch * lout;
        var rows = cinG * kernel;
        var xs = x.Dense().Span<T>();
        var wd = w.Dense();
        var pool = ArrayPool<T>.Shared;
        var cols = pool.Rent(Math.Max(1, rows * width));
        var packed = pool.Rent(Math.Max(1, cout * width));
        try
        {
            for (var grp = 0; grp < g.Groups; grp++)
            {
                Im2Col<T>(xs, batch, cin, len, grp * cinG, cinG, kernel, g, lout, cols);
                MatMulKernel.Multiply(false, false, coutG, width, rows, wd.Array<T>(), wd.Offset + (grp * coutG * rows), Math.Max(rows, 1), cols, 0, Math.Max(width, 1), packed, grp * coutG * width, Math.Max(width, 1), false);
            }

            Unpack<T>(packed.AsSpan(0, cout * width), batch, cout, lout, b is null ? default : b.Dense().Span<T>(), y.Span<T>());
        }
        finally
        {
            pool.Return(cols);
            pool.Return(packed);
        }
    }

    /// <summary>y = conv_transpose1d(x, w) + b for x [N, Cin, L], w [Cin, Cout/G, K], y [N, Cout, lout].</summary>
    public static void Transpose<T>(Tensor x, Tensor w, Tensor? b, ConvGeometry g, int lout, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = x.ShapeRef[0], cin = x.ShapeRef[1], len = x.ShapeRef[2];
        int coutG = w.ShapeRef[1], kernel = w.ShapeRef[2];
        var cinG = cin / g.Groups;
        var cout = coutG * g.Groups;
        var width = batch * len;
        var rows = coutG * kernel;
        var wd = w.Dense();
        var pool = ArrayPool<T>.Shared;
        var packed = pool.Rent(Math.Max(1, cin * width));
        var cols = pool.Rent(Math.Max(1, rows * width));
        var ys = y.Span<T>();
        ys.Clear();
        try
        {
            Pack<T>(x.Dense().Span<T>(), batch, cin, len, packed);
            for (var grp = 0; grp < g.Groups; grp++)
            {
                // cols [Cout_g·K, N·L] = W_gᵀ · X_g, with W_g stored [Cin_g, Cout_g·K].
                MatMulKernel.Multiply(true, false, rows, width, cinG, wd.Array<T>(), wd.Offset + (grp * cinG * rows), Math.Max(rows, 1), packed, grp * cinG * width, Math.Max(width, 1), cols, 0, Math.Max(width, 1), false);
                Col2Im<T>(cols.AsSpan(0, rows * width), batch, cout, lout, grp * coutG, coutG, kernel, g, len, ys);
            }

            if (b is not null)
            {
                var bs = b.Dense().Span<T>();
                for (var n = 0; n < batch; n++)
                {
                    for (var c = 0; c < cout; c++)
                    {
                        var dst = ys.Slice(((n * cout) + c) * lout, lout);
                        TensorPrimitives.Add(dst, bs[c], dst);
                    }
                }
            }
        }
        finally
        {
            pool.Return(packed);
            pool.Return(cols);
        }
    }

    /// <summary>
    /// dw[co, ci, k] = Σ_{n,l} gout[n, co, l] · x[n, grp·Cin_g + ci, l·s + k·d − p] for x [N, Cin, L],
    /// gout [N, Cout, Lg], dw [Cout, Cin/G, K].
    /// </summary>
    public static void WeightGrad<T>(Tensor x, Tensor gout, int kernel, ConvGeometry g, Tensor dw)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = x.ShapeRef[0], cin = x.ShapeRef[1], len = x.ShapeRef[2];
        int cout = gout.ShapeRef[1], lg = gout.ShapeRef[2];
        int cinG = cin / g.Groups, coutG = cout / g.Groups;
        var width = batch * lg;
        var rows = cinG * kernel;
        var pool = ArrayPool<T>.Shared;
        var cols = pool.Rent(Math.Max(1, rows * width));
        var packed = pool.Rent(Math.Max(1, cout * width));
        try
        {
            Pack<T>(gout.Dense().Span<T>(), batch, cout, lg, packed);
            var xs = x.Dense().Span<T>();
            for (var grp = 0; grp < g.Groups; grp++)
            {
                Im2Col<T>(xs, batch, cin, len, grp * cinG, cinG, kernel, g, lg, cols);
                // dW_g [Cout_g, Cin_g·K] = G_g [Cout_g, N·Lg] · colsᵀ.
                MatMulKernel.Multiply(false, true, coutG, rows, width, packed, grp * coutG * width, Math.Max(width, 1), cols, 0, Math.Max(width, 1), dw.Array<T>(), dw.Offset + (grp * coutG * rows), Math.Max(rows, 1), false);
            }
        }
        finally
        {
            pool.Return(cols);
            pool.Return(packed);
        }
    }
}
