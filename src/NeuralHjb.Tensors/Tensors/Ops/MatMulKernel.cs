using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralHjb.Tensors;

/// <summary>
/// Row-major matrix product C (+)= op(A)·op(B) on raw arrays with offsets, generic over float/double,
/// forwarding to the blocked GEMM kernel.
/// </summary>
internal static class MatMulKernel
{
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k, T[] a, int aOff, int lda, T[] b, int bOff, int ldb, T[] c, int cOff, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if ((long)m * n * k <= TinyWork)
        {
            if (Vector256.IsHardwareAccelerated && k > 0)
            {
                TinyMatMul.Multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
                return;
            }

            Tiny(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }

        var aLen = Extent(transA ? k : m, transA ? m : k, lda);
        var bLen = Extent(transB ? n : k, transB ? k : n, ldb);
        var cLen = Extent(m, n, ldc);
        if (typeof(T) == typeof(float))
        {
            Kernels.Gemm.Multiply(transA, transB, m, n, k, MemoryMarshal.Cast<T, float>(a.AsSpan(aOff, aLen)), lda, MemoryMarshal.Cast<T, float>(b.AsSpan(bOff, bLen)), ldb, MemoryMarshal.Cast<T, float>(c.AsSpan(cOff, cLen)), ldc, accumulate);
        }
        else
        {
            Kernels.Gemm.Multiply(transA, transB, m, n, k, MemoryMarshal.Cast<T, double>(a.AsSpan(aOff, aLen)), lda, MemoryMarshal.Cast<T, double>(b.AsSpan(bOff, bLen)), ldb, MemoryMarshal.Cast<T, double>(c.AsSpan(cOff, cLen)), ldc, accumulate);
        }
    }

    /// <summary>
    /// Products up to this many multiply-adds skip the blocked kernel: for the 4–5-wide layers of small
    /// policy networks (W3: 64×5×5) its set-up (argument checks, panel packing, path choice) costs more
    /// than the arithmetic.
    /// </summary>
    private const long TinyWork = 4096;

    /// <summary>
    /// C (+)= op(A)·op(B) by plain dot products, for tiny sizes without SIMD hardware (pointer loops: no bounds
    /// checks per term). <see cref="TinyMatMul"/> computes the same sums in the same order, vectorised.
    /// </summary>
    internal static unsafe void Tiny<T>(bool transA, bool transB, int m, int n, int k, T[] a, int aOff, int lda, T[] b, int bOff, int ldb, T[] c, int cOff, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Element strides of op(A) along (row, inner) and of op(B) along (inner, column).
        var (ar, ak) = transA ? (1, lda) : (lda, 1);
        var (bk, bc) = transB ? (1, ldb) : (ldb, 1);
        _ = a.AsSpan(aOff, Extent(transA ? k : m, transA ? m : k, lda));
        _ = b.AsSpan(bOff, Extent(transB ? n : k, transB ? k : n, ldb));
        _ = c.AsSpan(cOff, Extent(m, n, ldc));
        fixed (T* pa0 = a, pb0 = b, pc0 = c)
        {
            for (var i = 0; i < m; i++)
            {
                var arow = pa0 + aOff + ((nint)i * ar);
                var crow = pc0 + cOff + ((nint)i * ldc);
                for (var j = 0; j < n; j++)
                {
                    var sum = T.Zero;
                    var pa = arow;
                    var pb = pb0 + bOff + ((nint)j * bc);
                    for (var p = 0; p < k; p++, pa += ak, pb += bk)
                    {
                        sum += *pa * *pb;
                    }

                    crow[j] = accumulate ? crow[j] + sum : sum;
                }
            }
        }
    }

    /// <summary>Elements spanned by a rows×cols matrix with row stride ld.</summary>
    internal static int Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : ((rows - 1) * ld) + cols;
}
