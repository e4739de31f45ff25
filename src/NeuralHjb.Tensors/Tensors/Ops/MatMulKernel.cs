using System.Numerics;
using System.Runtime.InteropServices;

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

    /// <summary>Elements spanned by a rows×cols matrix with row stride ld.</summary>
    private static int Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : ((rows - 1) * ld) + cols;
}
