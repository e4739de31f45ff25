namespace NeuralHjb.Kernels;

/// <summary>
/// General matrix multiply on row-major storage, float and double:
/// <c>C = alpha·op(A)·op(B)</c>, or <c>C += alpha·op(A)·op(B)</c> when <c>accumulate</c> is set,
/// where <c>op(X)</c> is <c>X</c> or <c>Xᵀ</c>.
/// </summary>
/// <remarks>
/// <para>
/// Shapes: <c>op(A)</c> is <c>m×k</c>, <c>op(B)</c> is <c>k×n</c>, <c>C</c> is <c>m×n</c>. Storage is
/// row-major with leading dimensions (row strides) <c>lda</c>, <c>ldb</c>, <c>ldc</c>: when
/// <c>transA</c> is false, <c>A</c> is stored as <c>m×k</c> and <c>op(A)[i,p] = a[i·lda + p]</c>;
/// when it is true, <c>A</c> is stored as <c>k×m</c> and <c>op(A)[i,p] = a[p·lda + i]</c> (likewise
/// for <c>B</c>). Transposed operands are read in place, never copied whole.
/// </para>
/// <para>
/// Implementation: tiny products use a direct loop, matrix–vector products (<c>n = 1</c>) dot
/// products, and narrow ones (<c>n</c> ≤ 8 floats / 4 doubles) a one-vector kernel; larger ones use a cache-blocked algorithm with
/// packed panels of A and B and a register-blocked FMA micro-kernel: 6×32 floats / 6×16 doubles
/// with <c>Vector512</c> where AVX-512F is present, else 6×16 / 6×8 with <c>Vector256</c> (AVX2+FMA);
/// without AVX2/FMA every size takes the portable direct loop (<c>Vector&lt;T&gt;</c>). Products above <see cref="EngineSettings.ParallelThreshold"/> multiply-adds are
/// split across up to <see cref="EngineSettings.MaxDegreeOfParallelism"/> threads by blocks of
/// rows (or columns); the summation order of every output element is fixed by the sizes alone, so
/// results are bitwise identical whatever the number of threads. Calls below the threshold do not
/// allocate (packing buffers are per-thread and reused).
/// </para>
/// <para>
/// <c>C</c> must not overlap <c>A</c> or <c>B</c>. When <c>k</c> is 0, <c>C</c> is set to zero (or
/// left unchanged when accumulating). NaN and infinity propagate as in IEEE arithmetic, except that
/// when <c>accumulate</c> is false the previous contents of <c>C</c> are never read.
/// </para>
/// </remarks>
internal static class Gemm
{
    /// <summary>Computes <c>C = op(A)·op(B)</c> (or <c>C += op(A)·op(B)</c>) in single precision.</summary>
    /// <param name="transA">Whether <c>A</c> is stored transposed (<c>k×m</c>).</param>
    /// <param name="transB">Whether <c>B</c> is stored transposed (<c>n×k</c>).</param>
    /// <param name="m">Rows of <c>op(A)</c> and <c>C</c>.</param>
    /// <param name="n">Columns of <c>op(B)</c> and <c>C</c>.</param>
    /// <param name="k">Columns of <c>op(A)</c>, rows of <c>op(B)</c>.</param>
    /// <param name="a">Storage of <c>A</c>.</param>
    /// <param name="lda">Row stride of <c>A</c>'s storage.</param>
    /// <param name="b">Storage of <c>B</c>.</param>
    /// <param name="ldb">Row stride of <c>B</c>'s storage.</param>
    /// <param name="c">Storage of <c>C</c>.</param>
    /// <param name="ldc">Row stride of <c>C</c>.</param>
    /// <param name="accumulate">Add the product to <c>C</c> instead of overwriting it.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
        => GemmCore<float>.Run(transA, transB, m, n, k, 1f, a, lda, b, ldb, c, ldc, accumulate);

    /// <summary>Computes <c>C = alpha·op(A)·op(B)</c> (or <c>C += alpha·op(A)·op(B)</c>) in single precision.</summary>
    /// <param name="transA">Whether <c>A</c> is stored transposed (<c>k×m</c>).</param>
    /// <param name="transB">Whether <c>B</c> is stored transposed (<c>n×k</c>).</param>
    /// <param name="m">Rows of <c>op(A)</c> and <c>C</c>.</param>
    /// <param name="n">Columns of <c>op(B)</c> and <c>C</c>.</param>
    /// <param name="k">Columns of <c>op(A)</c>, rows of <c>op(B)</c>.</param>
    /// <param name="alpha">Scale applied to the product.</param>
    /// <param name="a">Storage of <c>A</c>.</param>
    /// <param name="lda">Row stride of <c>A</c>'s storage.</param>
    /// <param name="b">Storage of <c>B</c>.</param>
    /// <param name="ldb">Row stride of <c>B</c>'s storage.</param>
    /// <param name="c">Storage of <c>C</c>.</param>
    /// <param name="ldc">Row stride of <c>C</c>.</param>
    /// <param name="accumulate">Add the product to <c>C</c> instead of overwriting it.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
        => GemmCore<float>.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, accumulate);

    /// <summary>Computes <c>C = op(A)·op(B)</c> (or <c>C += op(A)·op(B)</c>) in double precision.</summary>
    /// <param name="transA">Whether <c>A</c> is stored transposed (<c>k×m</c>).</param>
    /// <param name="transB">Whether <c>B</c> is stored transposed (<c>n×k</c>).</param>
    /// <param name="m">Rows of <c>op(A)</c> and <c>C</c>.</param>
    /// <param name="n">Columns of <c>op(B)</c> and <c>C</c>.</param>
    /// <param name="k">Columns of <c>op(A)</c>, rows of <c>op(B)</c>.</param>
    /// <param name="a">Storage of <c>A</c>.</param>
    /// <param name="lda">Row stride of <c>A</c>'s storage.</param>
    /// <param name="b">Storage of <c>B</c>.</param>
    /// <param name="ldb">Row stride of <c>B</c>'s storage.</param>
    /// <param name="c">Storage of <c>C</c>.</param>
    /// <param name="ldc">Row stride of <c>C</c>.</param>
    /// <param name="accumulate">Add the product to <c>C</c> instead of overwriting it.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc, bool accumulate)
        => GemmCore<double>.Run(transA, transB, m, n, k, 1d, a, lda, b, ldb, c, ldc, accumulate);

    /// <summary>Computes <c>C = alpha·op(A)·op(B)</c> (or <c>C += alpha·op(A)·op(B)</c>) in double precision.</summary>
    /// <param name="transA">Whether <c>A</c> is stored transposed (<c>k×m</c>).</param>
    /// <param name="transB">Whether <c>B</c> is stored transposed (<c>n×k</c>).</param>
    /// <param name="m">Rows of <c>op(A)</c> and <c>C</c>.</param>
    /// <param name="n">Columns of <c>op(B)</c> and <c>C</c>.</param>
    /// <param name="k">Columns of <c>op(A)</c>, rows of <c>op(B)</c>.</param>
    /// <param name="alpha">Scale applied to the product.</param>
    /// <param name="a">Storage of <c>A</c>.</param>
    /// <param name="lda">Row stride of <c>A</c>'s storage.</param>
    /// <param name="b">Storage of <c>B</c>.</param>
    /// <param name="ldb">Row stride of <c>B</c>'s storage.</param>
    /// <param name="c">Storage of <c>C</c>.</param>
    /// <param name="ldc">Row stride of <c>C</c>.</param>
    /// <param name="accumulate">Add the product to <c>C</c> instead of overwriting it.</param>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, Span<double> c, int ldc, bool accumulate)
        => GemmCore<double>.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, accumulate);
}
