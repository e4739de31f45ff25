namespace NeuralHjb.Kernels;

/// <summary>TEMPORARY reference GEMM until the blocked kernel lands (engine-kernels branch replaces this file).</summary>
internal static class Gemm
{
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, bool accumulate)
        => Naive(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);

    public static void Multiply(bool transA, bool transB, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, bool accumulate)
        => Naive(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);

    private static void Naive<T>(bool transA, bool transB, int m, int n, int k, T[] a, int aOff, int lda, T[] b, int bOff, int ldb, T[] c, int cOff, int ldc, bool accumulate)
        where T : System.Numerics.INumber<T>
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = T.Zero;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[aOff + (p * lda) + i] : a[aOff + (i * lda) + p];
                    var bv = transB ? b[bOff + (j * ldb) + p] : b[bOff + (p * ldb) + j];
                    s += av * bv;
                }

                c[cOff + (i * ldc) + j] = accumulate ? c[cOff + (i * ldc) + j] + s : s;
            }
        }
    }
}
