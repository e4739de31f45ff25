using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralHjb.Tensors;

/// <summary>
/// Batch-norm kernels for [N, C] inputs (what the deep BSDE subnets run): the channels are contiguous
/// within a row, so each block of <see cref="Vector{T}"/> channels is carried down the N rows in registers
/// (statistics, normalisation and gradients each in one sweep) instead of a library call per row and
/// operation. Every element sees the same IEEE operations in the same order as the general kernels of
/// <c>Tensor.BatchNorm.cs</c> (column sums from zero row by row, products rounded before they are added,
/// no fused multiply-add), so the results are bitwise equal to them; the last C mod W channels run the same
/// expressions one lane at a time.
/// </summary>
internal static class BatchNormRowKernels
{
    /// <summary>
    /// mean = (Σ_o x[o,·])·invN; x̂ = x − mean; variance = (Σ_o x̂²)·invN; std = √(variance + ε);
    /// x̂ ← x̂ / std; y = x̂·γ (+ β), or y = x̂ without γ (β only with γ).
    /// </summary>
    public static void Forward<T>(ReadOnlySpan<T> x, int n, int c, ReadOnlySpan<T> w, ReadOnlySpan<T> b, bool hasW, bool hasB, T invN, T eps, Span<T> y, Span<T> xhat, Span<T> mean, Span<T> variance, Span<T> std)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = Vector<T>.Count;
        var j = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            ref var rx = ref MemoryMarshal.GetReference(x);
            ref var rh = ref MemoryMarshal.GetReference(xhat);
            ref var ry = ref MemoryMarshal.GetReference(y);
            var vInvN = new Vector<T>(invN);
            var vEps = new Vector<T>(eps);
            for (; j <= c - width; j += width)
            {
                var sum = Vector<T>.Zero;
                for (var o = 0; o < n; o++)
                {
                    sum += Vector.LoadUnsafe(ref rx, (nuint)((o * c) + j));
                }

                var mu = sum * vInvN;
                var sq = Vector<T>.Zero;
                for (var o = 0; o < n; o++)
                {
                    var k = (nuint)((o * c) + j);
                    var d = Vector.LoadUnsafe(ref rx, k) - mu;
                    d.StoreUnsafe(ref rh, k);
                    sq += d * d;
                }

                var va = sq * vInvN;
                var sd = Vector.SquareRoot(va + vEps);
                var gamma = hasW ? Vector.LoadUnsafe(ref MemoryMarshal.GetReference(w), (nuint)j) : Vector<T>.One;
                var beta = hasB ? Vector.LoadUnsafe(ref MemoryMarshal.GetReference(b), (nuint)j) : Vector<T>.Zero;
                for (var o = 0; o < n; o++)
                {
                    var k = (nuint)((o * c) + j);
                    var h = Vector.LoadUnsafe(ref rh, k) / sd;
                    h.StoreUnsafe(ref rh, k);
                    var outv = hasW ? h * gamma : h;
                    if (hasW && hasB)
                    {
                        outv += beta;
                    }

                    outv.StoreUnsafe(ref ry, k);
                }

                mu.CopyTo(mean.Slice(j));
                va.CopyTo(variance.Slice(j));
                sd.CopyTo(std.Slice(j));
            }
        }

        for (; j < c; j++)
        {
            var sum = T.Zero;
            for (var o = 0; o < n; o++)
            {
                sum += x[(o * c) + j];
            }

            var mu = sum * invN;
            var sq = T.Zero;
            for (var o = 0; o < n; o++)
            {
                var d = x[(o * c) + j] - mu;
                xhat[(o * c) + j] = d;
                sq += d * d;
            }

            var va = sq * invN;
            var sd = T.Sqrt(va + eps);
            for (var o = 0; o < n; o++)
            {
                var k = (o * c) + j;
                var h = xhat[k] / sd;
                xhat[k] = h;
                var outv = hasW ? h * w[j] : h;
                if (hasW && hasB)
                {
                    outv += b[j];
                }

                y[k] = outv;
            }

            mean[j] = mu;
            variance[j] = va;
            std[j] = sd;
        }
    }

    /// <summary>
    /// Per channel Σdy and Σdy·x̂ (from zero, row by row) into <paramref name="sumG"/> and <paramref name="sumGh"/>;
    /// when <paramref name="dx"/> is not empty also dx = (γ/σ)·((dy − Σdy/m) − x̂·(Σdy·x̂/m)).
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> xhat, ReadOnlySpan<T> std, ReadOnlySpan<T> w, bool hasW, int n, int c, T m, Span<T> sumG, Span<T> sumGh, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var width = Vector<T>.Count;
        var wantDx = !dx.IsEmpty;
        var j = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            ref var rg = ref MemoryMarshal.GetReference(g);
            ref var rh = ref MemoryMarshal.GetReference(xhat);
            ref var rd = ref MemoryMarshal.GetReference(dx);
            var vm = new Vector<T>(m);
            for (; j <= c - width; j += width)
            {
                var sg = Vector<T>.Zero;
                var sgh = Vector<T>.Zero;
                for (var o = 0; o < n; o++)
                {
                    var k = (nuint)((o * c) + j);
                    var gv = Vector.LoadUnsafe(ref rg, k);
                    sg += gv;
                    sgh += gv * Vector.LoadUnsafe(ref rh, k);
                }

                sg.CopyTo(sumG.Slice(j));
                sgh.CopyTo(sumGh.Slice(j));
                if (!wantDx)
                {
                    continue;
                }

                var gamma = hasW ? Vector.LoadUnsafe(ref MemoryMarshal.GetReference(w), (nuint)j) : Vector<T>.One;
                var scale = gamma / Vector.LoadUnsafe(ref MemoryMarshal.GetReference(std), (nuint)j);
                var a = sg / vm;
                var bc = sgh / vm;
                for (var o = 0; o < n; o++)
                {
                    var k = (nuint)((o * c) + j);
                    var d = scale * ((Vector.LoadUnsafe(ref rg, k) - a) - (Vector.LoadUnsafe(ref rh, k) * bc));
                    d.StoreUnsafe(ref rd, k);
                }
            }
        }

        for (; j < c; j++)
        {
            var sg = T.Zero;
            var sgh = T.Zero;
            for (var o = 0; o < n; o++)
            {
                var gv = g[(o * c) + j];
                sg += gv;
                sgh += gv * xhat[(o * c) + j];
            }

            sumG[j] = sg;
            sumGh[j] = sgh;
            if (!wantDx)
            {
                continue;
            }

            var scale = (hasW ? w[j] : T.One) / std[j];
            var a = sg / m;
            var bc = sgh / m;
            for (var o = 0; o < n; o++)
            {
                var k = (o * c) + j;
                dx[k] = scale * ((g[k] - a) - (xhat[k] * bc));
            }
        }
    }
}
