using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>
/// Elementwise ops gather a strided operand straight into their result: the values must be bitwise those of the
/// same op on a dense copy, for either operand position, both dtypes, and unary ops.
/// </summary>
public class StridedOperandTests
{
    private static Tensor Dense(Tensor t)
        => t.DType == DType.Float32 ? Tensor.FromArray(t.ToFloatArray(), t.Shape) : Tensor.FromArray(t.ToDoubleArray(), t.Shape);

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Binary_ops_with_one_strided_operand_match_dense_operands_bitwise(DType dtype)
    {
        var wide = Tensor.Normal([16, 4], new Philox(1), dtype: dtype);
        var column = wide.Slice(1, 2, 1);
        var other = Tensor.Normal([16, 1], new Philox(2), dtype: dtype).Abs() + 0.5;
        var transposed = Tensor.Normal([3, 5], new Philox(3), dtype: dtype).T;
        var square = Tensor.Normal([5, 3], new Philox(4), dtype: dtype);
        column.IsContiguous.Should().BeFalse();
        transposed.IsContiguous.Should().BeFalse();

        foreach (var (x, y) in new[] { (column, other), (other, column), (transposed, square), (square, transposed) })
        {
            var (xd, yd) = (Dense(x), Dense(y));
            (x + y).ToDoubleArray().Should().Equal((xd + yd).ToDoubleArray());
            (x - y).ToDoubleArray().Should().Equal((xd - yd).ToDoubleArray());
            (x * y).ToDoubleArray().Should().Equal((xd * yd).ToDoubleArray());
            (x / y).ToDoubleArray().Should().Equal((xd / yd).ToDoubleArray());
            x.Maximum(y).ToDoubleArray().Should().Equal(xd.Maximum(yd).ToDoubleArray());
        }
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void Unary_ops_on_a_strided_input_match_a_dense_input_bitwise(DType dtype)
    {
        var t = Tensor.Normal([6, 4], new Philox(5), dtype: dtype).T;
        var d = Dense(t);
        (-t).ToDoubleArray().Should().Equal((-d).ToDoubleArray());
        t.Tanh().ToDoubleArray().Should().Equal(d.Tanh().ToDoubleArray());
        t.Exp().ToDoubleArray().Should().Equal(d.Exp().ToDoubleArray());
        t.Square().ToDoubleArray().Should().Equal(d.Square().ToDoubleArray());
        t.Silu().ToDoubleArray().Should().Equal(d.Silu().ToDoubleArray());
        t.Sin().ToDoubleArray().Should().Equal(d.Sin().ToDoubleArray());
    }
}
