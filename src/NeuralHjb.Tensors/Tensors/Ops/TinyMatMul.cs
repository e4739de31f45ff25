using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralHjb.Tensors;

/// <summary>
/// C (+)= op(A)·op(B) for products too small for the blocked GEMM (the 4–5-wide layers of policy networks),
/// vectorised across the columns of C: op(B) is copied once into a row-major scratch panel padded to whole
/// vectors, then each row of C is accumulated as Σ_p a(i,p)·B[p, :] with one vector per column chunk.
/// </summary>
/// <remarks>
/// Every element of C is the same sum as in the scalar kernel, in the same order: 0 + a(i,0)·b(0,j), then
/// + a(i,p)·b(p,j) for p = 1, 2, …, each product rounded before the add (no fused multiply-add), and with
/// accumulation c + sum. Results are therefore bitwise equal to <see cref="MatMulKernel.Tiny{T}"/>'s,
/// independent of the vector width and of the number of threads.
/// </remarks>
internal static class TinyMatMul
{
    [ThreadStatic] private static float[]? t_panel32;
    [ThreadStatic] private static double[]? t_panel64;

    public static unsafe void Multiply<T>(bool transA, bool transB, int m, int n, int k, T[] a, int aOff, int lda, T[] b, int bOff, int ldb, T[] c, int cOff, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector256<T>.Count;
        var nPad = (n + w - 1) / w * w;
        var (ar, ak) = transA ? (1, lda) : (lda, 1);
        var (bk, bc) = transB ? (1, ldb) : (ldb, 1);

        // Bounds are checked once here; the loops below use pointers.
        _ = a.AsSpan(aOff, MatMulKernel.Extent(transA ? k : m, transA ? m : k, lda));
        _ = b.AsSpan(bOff, MatMulKernel.Extent(transB ? n : k, transB ? k : n, ldb));
        _ = c.AsSpan(cOff, MatMulKernel.Extent(m, n, ldc));
        // Rows of op(B) are read in place when they are rows of B and a whole vector from their start stays inside
        // the array (lanes past n are computed but never kept); the others (all of them for a transposed B, the
        // last one or two otherwise) are packed into a zero-padded panel and read after the direct ones.
        var room = (long)b.Length - bOff - nPad;
        var kDirect = transB || room < 0 || ldb <= 0 ? 0 : (int)Math.Min((room / ldb) + 1, k);
        var panel = Panel<T>(Math.Max(1, (k - kDirect) * nPad));
        Pack(b, bOff + (kDirect * bk), bk, bc, k - kDirect, n, nPad, panel);

        // With C dense (ldc = n) and no accumulation, a full vector may spill into the next row's first
        // elements, which that row then overwrites; only the end of C needs a partial store.
        var spill = !accumulate && ldc == n;
        var cEnd = cOff + MatMulKernel.Extent(m, n, ldc);
        var tail = stackalloc T[w];
        fixed (T* pa0 = a, pb0 = b, pp = panel, pc0 = c)
        {
            var i = 0;
            if (n <= w)
            {
                // One vector per row of C: four rows at a time, so that four independent sums are in flight
                // (each row alone is a chain of dependent adds, k long). Every sum keeps its order.
                for (; i + 4 <= m; i += 4)
                {
                    FourRows(pa0 + aOff + ((nint)i * ar), ar, ak, pb0 + bOff, ldb, kDirect, pp, nPad, k, pc0, cOff + (i * ldc), ldc, n, spill, cEnd, accumulate, tail);
                }
            }

            for (; i < m; i++)
            {
                var arow = pa0 + aOff + ((nint)i * ar);
                var rowStart = cOff + (i * ldc);
                for (var j = 0; j < n; j += w)
                {
                    var acc = Vector256<T>.Zero;
                    var pa = arow;
                    var pb = pb0 + bOff + j;
                    for (var p = 0; p < kDirect; p++, pa += ak, pb += ldb)
                    {
                        acc += Vector256.Create(*pa) * Vector256.Load(pb);
                    }

                    pb = pp + j;
                    for (var p = kDirect; p < k; p++, pa += ak, pb += nPad)
                    {
                        acc += Vector256.Create(*pa) * Vector256.Load(pb);
                    }

                    var count = spill && rowStart + j + w <= cEnd ? w : Math.Min(w, n - j);
                    Store(acc, pc0 + rowStart + j, count, accumulate, tail);
                }
            }
        }
    }

    /// <summary>Rows i … i+3 of C when n fits one vector: the same sums as the row loop, interleaved.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void FourRows<T>(T* a0, nint ar, nint ak, T* b, int ldb, int kDirect, T* panel, int nPad, int k, T* c, int rowStart, int ldc, int n, bool spill, int cEnd, bool accumulate, T* tail)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a1 = a0 + ar;
        var a2 = a1 + ar;
        var a3 = a2 + ar;
        Vector256<T> c0 = Vector256<T>.Zero, c1 = Vector256<T>.Zero, c2 = Vector256<T>.Zero, c3 = Vector256<T>.Zero;
        nint o = 0;
        var pb = b;
        var p = 0;
        for (; p < kDirect; p++, o += ak, pb += ldb)
        {
            var bv = Vector256.Load(pb);
            c0 += Vector256.Create(a0[o]) * bv;
            c1 += Vector256.Create(a1[o]) * bv;
            c2 += Vector256.Create(a2[o]) * bv;
            c3 += Vector256.Create(a3[o]) * bv;
        }

        pb = panel;
        for (; p < k; p++, o += ak, pb += nPad)
        {
            var bv = Vector256.Load(pb);
            c0 += Vector256.Create(a0[o]) * bv;
            c1 += Vector256.Create(a1[o]) * bv;
            c2 += Vector256.Create(a2[o]) * bv;
            c3 += Vector256.Create(a3[o]) * bv;
        }

        // In row order, so that a full-vector store spilling into the next row is overwritten by that row.
        var w = Vector256<T>.Count;
        Store(c0, c + rowStart, spill && rowStart + w <= cEnd ? w : n, accumulate, tail);
        rowStart += ldc;
        Store(c1, c + rowStart, spill && rowStart + w <= cEnd ? w : n, accumulate, tail);
        rowStart += ldc;
        Store(c2, c + rowStart, spill && rowStart + w <= cEnd ? w : n, accumulate, tail);
        rowStart += ldc;
        Store(c3, c + rowStart, spill && rowStart + w <= cEnd ? w : n, accumulate, tail);
    }

    /// <summary>op(B) (k × n, element strides bk along k and bc along n) into a row-major k × nPad panel, zero-padded.</summary>
    private static unsafe void Pack<T>(T[] b, int bOff, int bk, int bc, int k, int n, int nPad, T[] panel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        fixed (T* pp = panel, pb0 = b)
        {
            for (var p = 0; p < k; p++)
            {
                var row = pp + ((nint)p * nPad);
                var src = pb0 + bOff + ((nint)p * bk);
                for (var j = 0; j < n; j++)
                {
                    row[j] = src[(nint)j * bc];
                }

                for (var j = n; j < nPad; j++)
                {
                    row[j] = T.Zero;
                }
            }
        }
    }

    /// <summary>Writes (or adds) the first <paramref name="count"/> lanes of <paramref name="acc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store<T>(Vector256<T> acc, T* dst, int count, bool accumulate, T* tail)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (count == Vector256<T>.Count)
        {
            (accumulate ? Vector256.Load(dst) + acc : acc).Store(dst);
            return;
        }

        acc.Store(tail);
        for (var j = 0; j < count; j++)
        {
            dst[j] = accumulate ? dst[j] + tail[j] : tail[j];
        }
    }

    /// <summary>This thread's scratch panel, grown as needed (never shared across threads).</summary>
    private static T[] Panel<T>(int length)
    {
        if (typeof(T) == typeof(float))
        {
            if (t_panel32 is null || t_panel32.Length < length)
            {
                t_panel32 = new float[Math.Max(length, 256)];
            }

            return Unsafe.As<T[]>(t_panel32);
        }

        if (t_panel64 is null || t_panel64.Length < length)
        {
            t_panel64 = new double[Math.Max(length, 256)];
        }

        return Unsafe.As<T[]>(t_panel64);
    }
}
