using System.Numerics.Tensors;
using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>The short-span elementwise loops give bitwise the results of TensorPrimitives, at every length and in place.</summary>
public class ShortSpanKernelTests
{
    private static float[] Data(ulong seed, int n)
    {
        var t = Tensor.Normal([Math.Max(n, 1)], new Philox(seed)).ToFloatArray();
        if (n > 3)
        {
            // Edge values: zero divisor, infinities, NaN, a subnormal.
            t[0] = 0f;
            t[1] = float.PositiveInfinity;
            t[2] = float.NaN;
            t[3] = 1e-40f;
        }

        return t[..n];
    }

    public static TheoryData<int> Lengths => [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 64, 65, 320, 511, 512];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Binary_and_scalar_forms_match_TensorPrimitives_bitwise(int n)
    {
        var x = Data(1, n);
        var y = Data(2, n);
        var s = 0.37f;
        var ops = new (BinaryOp Op, Action<float[], float[], float[]> Span, Action<float[], float, float[]> Right, Action<float, float[], float[]> Left)[]
        {
            (BinaryOp.Add, (a, b, d) => TensorPrimitives.Add(a, b, d), (a, c, d) => TensorPrimitives.Add(a, c, d), (c, b, d) => TensorPrimitives.Add(b, c, d)),
            (BinaryOp.Sub, (a, b, d) => TensorPrimitives.Subtract(a, b, d), (a, c, d) => TensorPrimitives.Subtract(a, c, d), (c, b, d) => TensorPrimitives.Subtract(c, b, d)),
            (BinaryOp.Mul, (a, b, d) => TensorPrimitives.Multiply(a, b, d), (a, c, d) => TensorPrimitives.Multiply(a, c, d), (c, b, d) => TensorPrimitives.Multiply(b, c, d)),
            (BinaryOp.Div, (a, b, d) => TensorPrimitives.Divide(a, b, d), (a, c, d) => TensorPrimitives.Divide(a, c, d), (c, b, d) => TensorPrimitives.Divide(c, b, d)),
        };
        foreach (var (op, span, right, left) in ops)
        {
            var expected = new float[n];
            var actual = new float[n];
            span(x, y, expected);
            ElementwiseKernels.Binary<float>(op, x, y, actual);
            Bits(actual).Should().Equal(Bits(expected), $"{op} over {n}");

            right(x, s, expected);
            ElementwiseKernels.BinaryScalarRight<float>(op, x, s, actual);
            Bits(actual).Should().Equal(Bits(expected), $"{op} scalar right over {n}");

            left(s, y, expected);
            ElementwiseKernels.BinaryScalarLeft<float>(op, s, y, actual);
            Bits(actual).Should().Equal(Bits(expected), $"{op} scalar left over {n}");

            // In place: the destination is the first input.
            var inPlace = (float[])x.Clone();
            span(x, y, expected);
            ElementwiseKernels.Binary<float>(op, inPlace, y, inPlace);
            Bits(inPlace).Should().Equal(Bits(expected), $"{op} in place over {n}");
        }
    }

    [Fact]
    public void Double_precision_matches_TensorPrimitives_bitwise()
    {
        var x = Tensor.Normal([77], new Philox(3), dtype: DType.Float64).ToDoubleArray();
        var y = Tensor.Normal([77], new Philox(4), dtype: DType.Float64).ToDoubleArray();
        var expected = new double[77];
        var actual = new double[77];
        TensorPrimitives.Divide(x, y, expected);
        ElementwiseKernels.Binary<double>(BinaryOp.Div, x, y, actual);
        actual.Should().Equal(expected);
        TensorPrimitives.Multiply(x, 1.7, expected);
        ElementwiseKernels.BinaryScalarRight<double>(BinaryOp.Mul, x, 1.7, actual);
        actual.Should().Equal(expected);
    }

    private static int[] Bits(float[] v) => v.Select(BitConverter.SingleToInt32Bits).ToArray();
}
