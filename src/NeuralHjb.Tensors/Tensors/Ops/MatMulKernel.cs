using System.Numerics;
using System.Numerics.Tensors;

namespace NeuralHjb.Tensors;

/// <summary>
/// Row-major matrix product C (+)= op(A)·op(B) on raw arrays, generic over float/double.
/// </summary>
internal static class MatMulKernel
{
    public static void Multiply<T>(bool transA, bool transB, int m, int n, int k, T[] a, int aOff, int lda, T[] b, int bOff, int ldb, T[] c, int cOff, int ldc, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Kernels.Gemm.Multiply(transA, transB, m, n, k, (float[])(object)a, aOff, lda, (float[])(object)b, bOff, ldb, (float[])(object)c, cOff, ldc, accumulate);
        }
        else
        {
            Kernels.Gemm.Multiply(transA, transB, m, n, k, (double[])(object)a, aOff, lda, (double[])(object)b, bOff, ldb, (double[])(object)c, cOff, ldc, accumulate);
        }
    }
}
