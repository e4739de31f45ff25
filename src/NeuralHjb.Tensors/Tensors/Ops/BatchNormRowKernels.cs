using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralHjb.Tensors;

/// <summary>
/// Batch-norm kernels for [N, C] inputs (what the deep BSDE subnets run): the channels are contiguous
/// within a row, so every pass walks the rows once with one vector loop over the channels (statistics
/// accumulated into the per-channel outputs, normalisation and gradients fused per element) instead of a
/// library call per row and operation. Every element sees the same IEEE operations in the same order as
/// the general kernels of <c>Tensor.BatchNorm.cs</c> (column sums from zero row by row, products rounded
/// before they are added, no fused multiply-add), so the results are bitwise equal to them; the last
/// C mod W channels of a row run the same expressions one at a time.
/// </summary>
internal static class BatchNormRowKernels
{
    /// <summary>
    /// mean = (Σ_o x[o,·])·invN; variance = (Σ_o (x − mean)²)·invN; std = √(variance + ε);
    /// x̂ = (x − mean) / std (recomputed, not stored); y = x̂·γ (+ β), or y = x̂ without γ (β only with γ).
    /// </summary>
    public static void Forward<T>(ReadOnlySpan<T> x, int n, int c, ReadOnlySpan<T> w, ReadOnlySpan<T> b, bool hasW, bool hasB, T invN, T eps, Span<T> y, Span<T> mean, Span<T> variance, Span<T> std)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vec = Vector.IsHardwareAccelerated && Vector<T>.IsSupported ? c / Vector<T>.Count * Vector<T>.Count : 0;
        var width = Vector<T>.Count;
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var ry = ref MemoryMarshal.GetReference(y);
        ref var rm = ref MemoryMarshal.GetReference(mean);
        ref var rv = ref MemoryMarshal.GetReference(variance);
        ref var rs = ref MemoryMarshal.GetReference(std);

        mean.Clear();
        for (var o = 0; o < n; o++)
        {
            var row = (nuint)(o * c);
            var j = 0;
            for (; j < vec; j += width)
            {
                (Vector.LoadUnsafe(ref rm, (nuint)j) + Vector.LoadUnsafe(ref rx, row + (nuint)j)).StoreUnsafe(ref rm, (nuint)j);
            }

            for (; j < c; j++)
            {
                mean[j] += x[(int)row + j];
            }
        }

        for (var j = 0; j < c; j++)
        {
            mean[j] *= invN;
        }

        variance.Clear();
        for (var o = 0; o < n; o++)
        {
            var row = (nuint)(o * c);
            var j = 0;
            for (; j < vec; j += width)
            {
                var k = row + (nuint)j;
                var d = Vector.LoadUnsafe(ref rx, k) - Vector.LoadUnsafe(ref rm, (nuint)j);
                (Vector.LoadUnsafe(ref rv, (nuint)j) + (d * d)).StoreUnsafe(ref rv, (nuint)j);
            }

            for (; j < c; j++)
            {
                var d = x[(int)row + j] - mean[j];
                variance[j] += d * d;
            }
        }

        for (var j = 0; j < c; j++)
        {
            variance[j] *= invN;
            std[j] = T.Sqrt(variance[j] + eps);
        }

        var scaled = hasW;
        var shifted = hasW && hasB;
        ref var rw = ref MemoryMarshal.GetReference(w);
        ref var rb = ref MemoryMarshal.GetReference(b);
        for (var o = 0; o < n; o++)
        {
            var row = (nuint)(o * c);
            var j = 0;
            for (; j < vec; j += width)
            {
                var k = row + (nuint)j;
                var h = (Vector.LoadUnsafe(ref rx, k) - Vector.LoadUnsafe(ref rm, (nuint)j)) / Vector.LoadUnsafe(ref rs, (nuint)j);
                var outv = scaled ? h * Vector.LoadUnsafe(ref rw, (nuint)j) : h;
                if (shifted)
                {
                    outv += Vector.LoadUnsafe(ref rb, (nuint)j);
                }

                outv.StoreUnsafe(ref ry, k);
            }

            for (; j < c; j++)
            {
                var k = (int)row + j;
                var h = (x[k] - mean[j]) / std[j];
                var outv = scaled ? h * w[j] : h;
                if (shifted)
                {
                    outv += b[j];
                }

                y[k] = outv;
            }
        }
    }

    /// <summary>x̂ = (x − mean) / std per element, as <see cref="Forward{T}"/> computes it.</summary>
    public static void Normalize<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> std, int n, int c, Span<T> xhat)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vec = Vector.IsHardwareAccelerated && Vector<T>.IsSupported ? c / Vector<T>.Count * Vector<T>.Count : 0;
        var width = Vector<T>.Count;
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var rm = ref MemoryMarshal.GetReference(mean);
        ref var rs = ref MemoryMarshal.GetReference(std);
        ref var rh = ref MemoryMarshal.GetReference(xhat);
        for (var o = 0; o < n; o++)
        {
            var row = (nuint)(o * c);
            var j = 0;
            for (; j < vec; j += width)
            {
                var k = row + (nuint)j;
                ((Vector.LoadUnsafe(ref rx, k) - Vector.LoadUnsafe(ref rm, (nuint)j)) / Vector.LoadUnsafe(ref rs, (nuint)j)).StoreUnsafe(ref rh, k);
            }

            for (; j < c; j++)
            {
                xhat[(int)row + j] = (x[(int)row + j] - mean[j]) / std[j];
            }
        }
    }

    /// <summary>
    /// Per channel Σdy and Σdy·x̂ (from zero, row by row) into <paramref name="sumG"/> and <paramref name="sumGh"/>;
    /// when <paramref name="dx"/> is not empty also dx = (γ/σ)·((dy − Σdy/m) − x̂·(Σdy·x̂/m)), with the three
    /// per-channel coefficients in <paramref name="scratch"/> (3·C elements).
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> std, ReadOnlySpan<T> w, bool hasW, int n, int c, T m, Span<T> sumG, Span<T> sumGh, Span<T> dx, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var vec = Vector.IsHardwareAccelerated && Vector<T>.IsSupported ? c / Vector<T>.Count * Vector<T>.Count : 0;
        var width = Vector<T>.Count;
        ref var rg = ref MemoryMarshal.GetReference(g);
        ref var rh = ref MemoryMarshal.GetReference(xhat);
        ref var r1 = ref MemoryMarshal.GetReference(sumG);
        ref var r2 = ref MemoryMarshal.GetReference(sumGh);
        sumG.Clear();
        sumGh.Clear();
        for (var o = 0; o < n; o++)
        {
            var row = (nuint)(o * c);
            var j = 0;
            for (; j < vec; j += width)
            {
                var k = row + (nuint)j;
                var gv = Vector.LoadUnsafe(ref rg, k);
                (Vector.LoadUnsafe(ref r1, (nuint)j) + gv).StoreUnsafe(ref r1, (nuint)j);
                (Vector.LoadUnsafe(ref r2, (nuint)j) + (gv * Vector.LoadUnsafe(ref rh, k))).StoreUnsafe(ref r2, (nuint)j);
            }

            for (; j < c; j++)
            {
                var gv = g[(int)row + j];
                sumG[j] += gv;
                sumGh[j] += gv * xhat[(int)row + j];
            }
        }

        if (dx.IsEmpty)
        {
            return;
        }

        var scale = scratch.Slice(0, c);
        var a = scratch.Slice(c, c);
        var bc = scratch.Slice(2 * c, c);
        for (var j = 0; j < c; j++)
        {
            scale[j] = (hasW ? w[j] : T.One) / std[j];
            a[j] = sumG[j] / m;
            bc[j] = sumGh[j] / m;
        }

        ref var rd = ref MemoryMarshal.GetReference(dx);
        ref var rsc = ref MemoryMarshal.GetReference(scale);
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(bc);
        for (var o = 0; o < n; o++)
        {
            var row = (nuint)(o * c);
            var j = 0;
            for (; j < vec; j += width)
            {
                var k = row + (nuint)j;
                var d = Vector.LoadUnsafe(ref rsc, (nuint)j) * ((Vector.LoadUnsafe(ref rg, k) - Vector.LoadUnsafe(ref ra, (nuint)j)) - (Vector.LoadUnsafe(ref rh, k) * Vector.LoadUnsafe(ref rb, (nuint)j)));
                d.StoreUnsafe(ref rd, k);
            }

            for (; j < c; j++)
            {
                var k = (int)row + j;
                dx[k] = scale[j] * ((g[k] - a[j]) - (xhat[k] * bc[j]));
            }
        }
    }
}
