using NeuralHjb.Nn;
using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>
/// The fused linear op's narrow-layer paths (bias add and bias gradient for a few output features) give bitwise
/// the row-by-row sums: the bias gradient is 0 + g(0,j) + g(1,j) + … in row order.
/// </summary>
public class NarrowLinearTests
{
    [Theory]
    [InlineData(4, 5, 64, DType.Float32)]
    [InlineData(5, 3, 67, DType.Float32)]
    [InlineData(5, 8, 33, DType.Float32)]
    [InlineData(3, 2, 7, DType.Float32)]
    [InlineData(4, 3, 65, DType.Float64)]
    [InlineData(5, 4, 2, DType.Float64)]
    public void Bias_gradient_is_the_row_order_column_sum_bitwise(int inF, int outF, int rows, DType dtype)
    {
        var layer = new Linear(inF, outF, generator: new Philox(1), dtype: dtype);
        var x = Tensor.Normal([rows, inF], new Philox(2), dtype: dtype);
        var g = Tensor.Normal([rows, outF], new Philox(3), dtype: dtype);
        (layer.Forward(x) * g).Sum().Backward();

        var gv = g.ToDoubleArray();
        var expected = new double[outF];
        for (var j = 0; j < outF; j++)
        {
            if (dtype == DType.Float32)
            {
                var acc = 0f;
                for (var r = 0; r < rows; r++)
                {
                    acc += (float)gv[(r * outF) + j];
                }

                expected[j] = acc;
            }
            else
            {
                var acc = 0.0;
                for (var r = 0; r < rows; r++)
                {
                    acc += gv[(r * outF) + j];
                }

                expected[j] = acc;
            }
        }

        layer.Bias!.Grad!.ToDoubleArray().Should().Equal(expected);
    }
}
