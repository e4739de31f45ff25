using static NeuralHjb.Tensors.Tests.Ops.D;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>Conv1d / ConvTranspose1d against direct nested-loop oracles and PyTorch's length formulas.</summary>
public class ConvTests
{
    /// <summary>Direct definition of PyTorch's conv1d.</summary>
    private static double[] Conv1dOracle(Tensor x, Tensor w, Tensor? b, int s, int p, int d, int g, out int lout)
    {
        int n = x.Size(0), cin = x.Size(1), len = x.Size(2), cout = w.Size(0), k = w.Size(2);
        int cinG = cin / g, coutG = cout / g;
        lout = ((len + (2 * p) - (d * (k - 1)) - 1) / s) + 1;
        var y = new double[n * cout * lout];
        for (var b0 = 0; b0 < n; b0++)
        {
            for (var o = 0; o < cout; o++)
            {
                for (var l = 0; l < lout; l++)
                {
                    var acc = b is null ? 0.0 : b[o];
                    var grp = o / coutG;
                    for (var c = 0; c < cinG; c++)
                    {
                        for (var kk = 0; kk < k; kk++)
                        {
                            var j = (l * s) + (kk * d) - p;
                            if (j >= 0 && j < len)
                            {
                                acc += w[o, c, kk] * x[b0, (grp * cinG) + c, j];
                            }
                        }
                    }

                    y[(((b0 * cout) + o) * lout) + l] = acc;
                }
            }
        }

        return y;
    }

    /// <summary>Direct definition of PyTorch's conv_transpose1d (scatter form).</summary>
    private static double[] ConvTransposeOracle(Tensor x, Tensor w, Tensor? b, int s, int p, int op, int d, int g, out int lout)
    {
        int n = x.Size(0), cin = x.Size(1), len = x.Size(2), coutG = w.Size(1), k = w.Size(2);
        var cinG = cin / g;
        var cout = coutG * g;
        lout = ((len - 1) * s) - (2 * p) + (d * (k - 1)) + op + 1;
        var y = new double[n * cout * lout];
        for (var b0 = 0; b0 < n; b0++)
        {
            for (var c = 0; c < cin; c++)
            {
                var grp = c / cinG;
                for (var l = 0; l < len; l++)
                {
                    for (var o = 0; o < coutG; o++)
                    {
                        for (var kk = 0; kk < k; kk++)
                        {
                            var j = (l * s) + (kk * d) - p;
                            if (j >= 0 && j < lout)
                            {
                                y[(((b0 * cout) + (grp * coutG) + o) * lout) + j] += x[b0, c, l] * w[c, o, kk];
                            }
                        }
                    }
                }
            }

            if (b is not null)
            {
                for (var o = 0; o < cout; o++)
                {
                    for (var j = 0; j < lout; j++)
                    {
                        y[(((b0 * cout) + o) * lout) + j] += b[o];
                    }
                }
            }
        }

        return y;
    }

    public static TheoryData<int, int, int, int, int, int, int, int, int> ConvConfigs() => new()
    {
        // n, cin, cout, len, k, stride, padding, dilation, groups
        { 2, 3, 4, 9, 3, 1, 0, 1, 1 },
        { 1, 2, 2, 8, 3, 2, 1, 1, 1 },
        { 3, 4, 6, 10, 2, 3, 2, 1, 2 },
        { 2, 4, 4, 11, 3, 2, 3, 2, 4 },
        { 1, 1, 1, 5, 5, 1, 0, 1, 1 },
        { 2, 6, 3, 7, 1, 1, 0, 1, 3 },
        { 1, 2, 4, 4, 3, 5, 2, 3, 2 },
    };

    [Theory]
    [MemberData(nameof(ConvConfigs))]
    public void Conv1d_matches_the_direct_loop_and_pytorch_length(int n, int cin, int cout, int len, int k, int s, int p, int d, int g)
    {
        var x = R(1, n, cin, len);
        var w = R(2, cout, cin / g, k);
        var b = R(3, cout);
        var y = Tensor.Conv1d(x, w, b, s, p, d, g);
        var expected = Conv1dOracle(x, w, b, s, p, d, g, out var lout);
        y.ShapeArray().Should().Equal(n, cout, lout);
        Tensor.Conv1dOutputLength(len, k, s, p, d).Should().Be((int)Math.Floor(((len + (2.0 * p) - (d * (k - 1)) - 1) / s) + 1));
        Close(y.ToDoubleArray(), expected, 1e-13, "conv1d");
        Close(Tensor.Conv1d(x, w, null, s, p, d, g).ToDoubleArray(), Conv1dOracle(x, w, null, s, p, d, g, out _), 1e-13, "conv1d without bias");
    }

    [Theory]
    [MemberData(nameof(ConvConfigs))]
    public void ConvTranspose1d_matches_the_direct_loop_and_pytorch_length(int n, int cin, int cout, int len, int k, int s, int p, int d, int g)
    {
        var op = Math.Max(s, d) - 1;
        var x = R(4, n, cin, len);
        var w = R(5, cin, cout / g, k);
        var b = R(6, cout);
        if (ConvTranspose1dLength(len, k, s, p, op, d) < 1)
        {
            return;
        }

        var y = Tensor.ConvTranspose1d(x, w, b, s, p, op, g, d);
        var expected = ConvTransposeOracle(x, w, b, s, p, op, d, g, out var lout);
        lout.Should().Be(ConvTranspose1dLength(len, k, s, p, op, d));
        y.ShapeArray().Should().Equal(n, cout, lout);
        Tensor.ConvTranspose1dOutputLength(len, k, s, p, op, d).Should().Be(lout);
        Close(y.ToDoubleArray(), expected, 1e-13, "conv_transpose1d");
    }

    private static int ConvTranspose1dLength(int len, int k, int s, int p, int op, int d) => ((len - 1) * s) - (2 * p) + (d * (k - 1)) + op + 1;

    [Fact]
    public void Conv_transpose_is_the_adjoint_of_conv()
    {
        // <conv(x, w), y> = <x, convT(y, w)> for every x, y: the defining identity of the transposed convolution.
        var x = R(1, 2, 4, 9);
        var w = R(2, 6, 2, 3);
        var y = Tensor.Conv1d(x, w, null, stride: 2, padding: 1, groups: 2);
        var v = R(3, y.ShapeArray());
        var lhs = (y * v).Sum().Item();
        var op = 9 - Tensor.ConvTranspose1dOutputLength(y.Size(2), 3, 2, 1);
        var xt = Tensor.ConvTranspose1d(v, w, null, stride: 2, padding: 1, outputPadding: op, groups: 2);
        xt.ShapeArray().Should().Equal(x.ShapeArray());
        (x * xt).Sum().Item().Should().BeApproximately(lhs, 1e-12);
    }

    [Fact]
    public void Unbatched_input_gives_unbatched_output()
    {
        var x = R(1, 3, 6);
        var w = R(2, 2, 3, 3);
        var y = Tensor.Conv1d(x, w, null, padding: 1);
        y.ShapeArray().Should().Equal(2, 6);
        Close(y.ToDoubleArray(), Tensor.Conv1d(x.Unsqueeze(0), w, null, padding: 1).ToDoubleArray(), 0);
        Tensor.ConvTranspose1d(y, R(3, 2, 3, 3), null, stride: 2).ShapeArray().Should().Equal(3, 13);
    }

    [Fact]
    public void Known_values_of_a_small_convolution()
    {
        // x = [1 2 3 4], w = [1 0 -1], padding 1: y[l] = x[l-1] - x[l+1].
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [1, 1, 4]);
        var w = Tensor.FromArray(new double[] { 1, 0, -1 }, [1, 1, 3]);
        Tensor.Conv1d(x, w, null, padding: 1).ToDoubleArray().Should().Equal(-2, -2, -2, 3);
        // Transposed, stride 2: each input scatters w at 2l.
        Tensor.ConvTranspose1d(x, w, null, stride: 2).ToDoubleArray().Should().Equal(1, 0, 1, 0, 1, 0, 1, 0, -4);
    }

    [Fact]
    public void Non_contiguous_inputs_and_weights_are_read_correctly()
    {
        var xt = R(1, 2, 8, 3).Transpose(1, 2);
        var wt = R(2, 3, 4, 2).Transpose(0, 1);
        var y = Tensor.Conv1d(xt, wt, null, stride: 2);
        Close(y.ToDoubleArray(), Conv1dOracle(xt.Contiguous(), wt.Contiguous(), null, 2, 0, 1, 1, out _), 1e-13, "strided conv1d");
    }
}
