using NeuralHjb.Autodiff;
using static NeuralHjb.Tensors.Tests.Ops.D;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>Semantics of gather / scatter-add / index-select and the numerics of the softmax family.</summary>
public class IndexingAndSoftmaxTests
{
    [Fact]
    public void Gather_follows_torch_gather_on_every_axis()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        // dim 1: out[i][j] = x[i][index[i][j]]
        x.Gather(1, [2, 0, 1, 1], [2, 2]).ToDoubleArray().Should().Equal(3, 1, 5, 5);
        // dim 0: out[i][j] = x[index[i][j]][j]; the index may be smaller than the input on other axes.
        x.Gather(0, [1, 0], [1, 2]).ToDoubleArray().Should().Equal(4, 2);
        x.Gather(-1, [0, 2, 2, 2, 1, 0], [2, 3]).ToDoubleArray().Should().Equal(1, 3, 3, 6, 5, 4);
    }

    [Fact]
    public void ScatterAdd_accumulates_repeated_indices_and_is_the_adjoint_of_gather()
    {
        var self = Tensor.Zeros([2, 3], DType.Float64);
        var src = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        self.ScatterAdd(1, [0, 0, 2, 1, 1, 1], [2, 3], src).ToDoubleArray().Should().Equal(3, 0, 3, 0, 15, 0);

        // <gather(x), v> = <x, scatter_add(0, v)>.
        var x = R(1, 3, 4);
        int[] index = [0, 3, 3, 1, 2, 2, 0, 0];
        var v = R(2, 2, 4);
        var lhs = (x.Gather(1, index, [2, 4]) * v).Sum().Item();
        var rhs = (x * Tensor.Zeros([3, 4], DType.Float64).ScatterAdd(1, index, [2, 4], v)).Sum().Item();
        lhs.Should().BeApproximately(rhs, 1e-13);
    }

    [Fact]
    public void IndexSelect_picks_blocks_with_repeats_and_accumulates_their_gradient()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, [3, 2]).RequireGrad();
        var y = x.IndexSelect(0, [2, 0, 2]);
        y.ToDoubleArray().Should().Equal(5, 6, 1, 2, 5, 6);
        x.IndexSelect(1, [1]).ToDoubleArray().Should().Equal(2, 4, 6);
        x.IndexSelect(0, []).ShapeArray().Should().Equal(0, 2);
        Autograd.Grad(y.Sum(), x).ToDoubleArray().Should().Equal(1, 1, 0, 0, 2, 2);
    }

    [Fact]
    public void Softmax_is_stable_for_large_inputs_and_sums_to_one()
    {
        var x = Tensor.FromArray(new double[] { 1000, 1001, 1002, -1000, 0, 1000 }, [2, 3]);
        var s = x.Softmax(-1).ToDoubleArray();
        s.Should().OnlyContain(v => double.IsFinite(v));
        (s[0] + s[1] + s[2]).Should().BeApproximately(1, 1e-15);
        s[2].Should().BeApproximately(1 / (1 + Math.Exp(-1) + Math.Exp(-2)), 1e-15);
        var ls = x.LogSoftmax(-1).ToDoubleArray();
        ls[2].Should().BeApproximately(-Math.Log(1 + Math.Exp(-1) + Math.Exp(-2)), 1e-13);
        ls[3].Should().BeApproximately(-2000, 1e-9);
        x.LogSumExp(1).ToDoubleArray()[1].Should().BeApproximately(1000, 1e-12);
        var f = x.To(DType.Float32).Softmax(0).ToFloatArray();
        f.Should().OnlyContain(v => float.IsFinite(v));
    }

    [Fact]
    public void Softmax_family_nan_and_infinity_behaviour()
    {
        var inf = double.PositiveInfinity;
        var x = Tensor.FromArray(new double[] { 0, -inf, 1, -inf, -inf, -inf, double.NaN, 1, 2 }, [3, 3]);
        var s = x.Softmax(1).ToDoubleArray();
        s[1].Should().Be(0);
        s[3..6].Should().OnlyContain(v => double.IsNaN(v));
        s[6..9].Should().OnlyContain(v => double.IsNaN(v));
        var ls = x.LogSoftmax(1).ToDoubleArray();
        ls[1].Should().Be(double.NegativeInfinity);
        var lse = x.LogSumExp(1).ToDoubleArray();
        lse[1].Should().Be(double.NegativeInfinity);
        double.IsNaN(lse[2]).Should().BeTrue();
        Tensor.FromArray(new[] { 1.0, inf }).LogSumExp(0).Item().Should().Be(inf);
    }

    [Fact]
    public void Softmax_of_a_scalar_and_scalar_reductions()
    {
        var s = Tensor.Scalar(3.0, DType.Float64);
        s.Softmax(0).Item().Should().Be(1);
        s.LogSoftmax(-1).Item().Should().Be(0);
        s.Sum(0).Item().Should().Be(3);
        s.Mean(-1).Item().Should().Be(3);
        s.Max(0).Item().Should().Be(3);
        var bad = () => s.Sum(1);
        bad.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
    }

    [Fact]
    public void Var_and_std_match_the_textbook_formulas()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3, 4, 2, 4, 6, 8 }, [2, 4]);
        Close(x.Var(1).ToDoubleArray(), [5.0 / 3, 20.0 / 3], 1e-15);
        Close(x.Var(1, correction: 0).ToDoubleArray(), [1.25, 5], 1e-15);
        x.Std(0, keepDim: true).ShapeArray().Should().Equal(1, 4);
        x.Var().Item().Should().BeApproximately(new[] { 1.0, 2, 3, 4, 2, 4, 6, 8 }.Select(v => Math.Pow(v - 3.75, 2)).Sum() / 7, 1e-14);
    }

    [Fact]
    public void Vector_dot_product_gives_a_scalar()
    {
        var a = Tensor.FromArray(new double[] { 1, 2, 3 });
        var b = Tensor.FromArray(new double[] { 4, 5, 6 });
        var d = a.MatMul(b);
        d.Rank.Should().Be(0);
        d.Item().Should().Be(32);
    }

    [Fact]
    public void Pow_gradients_are_finite_at_a_zero_base()
    {
        var x = Tensor.FromArray(new double[] { 0, 2 }).RequireGrad();
        Autograd.Grad(x.Pow(0).Sum(), x).ToDoubleArray().Should().Equal(0, 0);
        var y = Tensor.FromArray(new double[] { 2, 3 }).RequireGrad();
        var gy = Autograd.Grad(x.Pow(y).Sum(), y).ToDoubleArray();
        gy[0].Should().Be(0);
        gy[1].Should().BeApproximately(8 * Math.Log(2), 1e-12);
    }
}
