using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Kernels;

/// <summary>
/// The vectorised tiny product must give bitwise the scalar kernel's results (same sums in the same order),
/// so that swapping kernels never moves a fixed-seed result.
/// </summary>
public class TinyMatMulTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 64, 5, 4 }, { 64, 5, 5 }, { 64, 1, 5 }, { 64, 4, 5 }, { 5, 5, 64 }, { 1, 5, 64 }, { 5, 4, 64 },
        { 1, 1, 1 }, { 3, 8, 2 }, { 2, 9, 3 }, { 7, 17, 11 }, { 1, 64, 64 }, { 16, 33, 7 }, { 9, 3, 40 }, { 8, 8, 20 }, { 6, 4, 3 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MatchesScalarKernelBitwise(int m, int n, int k)
    {
        foreach (var transA in new[] { false, true })
        {
            foreach (var transB in new[] { false, true })
            {
                foreach (var accumulate in new[] { false, true })
                {
                    foreach (var padded in new[] { false, true })
                    {
                        Check<float>(transA, transB, m, n, k, accumulate, padded, (ulong)((m * 1000) + (n * 10) + k));
                        Check<double>(transA, transB, m, n, k, accumulate, padded, (ulong)((m * 1000) + (n * 10) + k));
                    }
                }
            }
        }
    }

    /// <param name="padded">Padded leading dimensions and offsets (strided reads, partial stores), or dense
    /// operands filling their arrays exactly (rows of B read in place, stores spilling into the next row).</param>
    private static void Check<T>(bool transA, bool transB, int m, int n, int k, bool accumulate, bool padded, ulong seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var pad = padded ? 1 : 0;
        var lda = (transA ? m : k) + (2 * pad);
        var ldb = (transB ? k : n) + pad;
        var ldc = n + (3 * pad);
        int aOff = 3 * pad, bOff = 2 * pad, cOff = pad;
        var a = Random<T>(aOff + ((transA ? k : m) * lda), seed);
        var b = Random<T>(bOff + ((transB ? n : k) * ldb), seed + 1);
        var c0 = Random<T>(cOff + (m * ldc) + pad, seed + 2);
        var expected = (T[])c0.Clone();
        var actual = (T[])c0.Clone();
        MatMulKernel.Tiny(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, expected, cOff, ldc, accumulate);
        TinyMatMul.Multiply(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, actual, cOff, ldc, accumulate);
        actual.Should().Equal(expected, $"op(A) {m}x{k} (transA {transA}), op(B) {k}x{n} (transB {transB}), accumulate {accumulate}, padded {padded}");
    }

    private static T[] Random<T>(int length, ulong seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var data = new double[length];
        new Philox(seed).FillUniform(data, -1, 1);
        return data.Select(T.CreateTruncating).ToArray();
    }
}
