using NeuralHjb.Autodiff;
using static NeuralHjb.Tensors.Tests.Ops.D;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>First-order gradients of every differentiable op against central differences (float64, rtol 1e-6).</summary>
public class GradCheckTests
{
    internal sealed record Case(Func<Tensor[], Tensor> F, Tensor[] Inputs);

    private static readonly Tensor Mask = Tensor.FromArray(new double[] { 1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1 }, [4, 3]);

    internal static readonly Dictionary<string, Case> Cases = new()
    {
        // Binary ops: same shape, row, column, scalar and general broadcasting, strided operands.
        ["add"] = new(x => x[0] + x[1], [R(1, 4, 3), R(2, 4, 3)]),
        ["add_row"] = new(x => x[0] + x[1], [R(1, 4, 3), R(2, 3)]),
        ["add_column"] = new(x => x[0] + x[1], [R(1, 4, 3), R(2, 4, 1)]),
        ["add_scalar_tensor"] = new(x => x[0] + x[1], [R(1, 4, 3), R(2)]),
        ["add_general"] = new(x => x[0] + x[1], [R(1, 2, 1, 3), R(2, 4, 1)]),
        ["sub"] = new(x => x[0] - x[1], [R(1, 4, 3), R(2, 4, 3)]),
        ["sub_row"] = new(x => x[0] - x[1], [R(1, 4, 3), R(2, 3)]),
        ["sub_general"] = new(x => x[1] - x[0], [R(1, 3, 1), R(2, 2, 1, 4)]),
        ["mul"] = new(x => x[0] * x[1], [R(1, 4, 3), R(2, 4, 3)]),
        ["mul_column"] = new(x => x[0] * x[1], [R(1, 4, 3), R(2, 4, 1)]),
        ["mul_scalar_tensor"] = new(x => x[1] * x[0], [R(1, 4, 3), R(2)]),
        ["mul_general"] = new(x => x[0] * x[1], [R(1, 2, 1, 3), R(2, 4, 1)]),
        ["mul_transposed"] = new(x => x[0].T * x[1], [R(1, 3, 4), R(2, 4, 3)]),
        ["div"] = new(x => x[0] / x[1], [R(1, 4, 3), Pos(2, 4, 3)]),
        ["div_row"] = new(x => x[0] / x[1], [R(1, 4, 3), Pos(2, 3)]),
        ["div_general"] = new(x => x[0] / x[1], [R(1, 3, 1), Pos(2, 2, 1, 4)]),
        ["pow_tensor"] = new(x => x[0].Pow(x[1]), [Pos(1, 4, 3), R(2, 4, 3)]),
        ["pow_tensor_broadcast"] = new(x => x[0].Pow(x[1]), [Pos(1, 4, 3), R(2, 4, 1)]),
        ["maximum"] = new(x => x[0].Maximum(x[1]), [R(1, 4, 3), R(2, 4, 3)]),
        ["maximum_row"] = new(x => x[0].Maximum(x[1]), [R(1, 4, 3), R(2, 3)]),
        ["minimum"] = new(x => x[0].Minimum(x[1]), [R(1, 4, 3), R(2, 4, 3)]),
        ["minimum_general"] = new(x => x[0].Minimum(x[1]), [R(1, 2, 1, 3), R(2, 4, 1)]),
        ["where"] = new(x => Tensor.Where(Mask.To(x[0].DType), x[0], x[1]), [R(1, 4, 3), R(2, 4, 3)]),
        ["where_broadcast"] = new(x => Tensor.Where(Mask.To(x[0].DType), x[0], x[1]), [R(1, 3), R(2, 4, 1)]),

        // Scalar-constant ops.
        ["add_const"] = new(x => x[0] + 2.5, [R(1, 4, 3)]),
        ["sub_const"] = new(x => x[0] - 2.5, [R(1, 4, 3)]),
        ["rsub_const"] = new(x => 2.5 - x[0], [R(1, 4, 3)]),
        ["mul_const"] = new(x => x[0] * -1.5, [R(1, 4, 3)]),
        ["div_const"] = new(x => x[0] / 3.0, [R(1, 4, 3)]),
        ["rdiv_const"] = new(x => 2.0 / x[0], [Away(1, 4, 3)]),
        ["pow_2"] = new(x => x[0].Pow(2), [R(1, 4, 3)]),
        ["pow_3"] = new(x => x[0].Pow(3), [R(1, 4, 3)]),
        ["pow_half"] = new(x => x[0].Pow(0.5), [Pos(1, 4, 3)]),
        ["pow_neg"] = new(x => x[0].Pow(-1.5), [Pos(1, 4, 3)]),
        ["pow_minus_one"] = new(x => x[0].Pow(-1), [Away(1, 4, 3)]),
        ["pow_zero"] = new(x => x[0].Pow(0) + x[0], [R(1, 4, 3)]),
        ["maximum_const"] = new(x => x[0].Maximum(0.1), [Away(1, 4, 3)]),
        ["minimum_const"] = new(x => x[0].Minimum(0.1), [Away(1, 4, 3)]),

        // Unary ops.
        ["neg"] = new(x => x[0].Neg(), [R(1, 4, 3)]),
        ["exp"] = new(x => x[0].Exp(), [R(1, 4, 3)]),
        ["log"] = new(x => x[0].Log(), [Pos(1, 4, 3)]),
        ["sqrt"] = new(x => x[0].Sqrt(), [Pos(1, 4, 3)]),
        ["abs"] = new(x => x[0].Abs(), [Away(1, 4, 3)]),
        ["tanh"] = new(x => x[0].Tanh(), [R(1, 4, 3)]),
        ["sigmoid"] = new(x => x[0].Sigmoid(), [R(1, 4, 3)]),
        ["relu"] = new(x => x[0].Relu(), [Away(1, 4, 3)]),
        ["silu"] = new(x => x[0].Silu(), [R(1, 4, 3)]),
        ["softplus"] = new(x => (x[0] * 4.0).Softplus(), [R(1, 4, 3)]),
        ["sin"] = new(x => x[0].Sin(), [R(1, 4, 3)]),
        ["cos"] = new(x => x[0].Cos(), [R(1, 4, 3)]),
        ["square"] = new(x => x[0].Square(), [R(1, 4, 3)]),
        ["reciprocal"] = new(x => x[0].Reciprocal(), [Away(1, 4, 3)]),
        ["clamp"] = new(x => (x[0] * 2.0).Clamp(-0.7, 0.9), [Away(1, 4, 3)]),
        ["unary_on_strided"] = new(x => x[0].Slice(1, 0, 3, step: 2).Tanh(), [R(1, 3, 6)]),

        // Reductions.
        ["sum"] = new(x => x[0].Sum(), [R(1, 4, 3)]),
        ["sum_axis0"] = new(x => x[0].Sum(0), [R(1, 4, 3)]),
        ["sum_axis_last_keep"] = new(x => x[0].Sum(-1, keepDim: true), [R(1, 2, 4, 3)]),
        ["sum_axes"] = new(x => x[0].Sum([0, 2]), [R(1, 2, 4, 3)]),
        ["sum_transposed"] = new(x => x[0].T.Sum(1), [R(1, 4, 3)]),
        ["mean"] = new(x => x[0].Mean(), [R(1, 4, 3)]),
        ["mean_axis"] = new(x => x[0].Mean(1, keepDim: true), [R(1, 2, 4, 3)]),
        ["max"] = new(x => x[0].Max(), [R(1, 4, 3)]),
        ["max_axis"] = new(x => x[0].Max(1), [R(1, 2, 4, 3)]),
        ["max_axis_keep"] = new(x => x[0].Max(0, keepDim: true), [R(1, 4, 3)]),
        ["min_axis"] = new(x => x[0].Min(-1), [R(1, 4, 3)]),
        ["logsumexp"] = new(x => x[0].LogSumExp(1), [R(1, 2, 4, 3)]),
        ["logsumexp_keep"] = new(x => (x[0] * 3.0).LogSumExp(-1, keepDim: true), [R(1, 4, 3)]),
        ["var"] = new(x => x[0].Var(1), [R(1, 4, 3)]),
        ["var_population_keep"] = new(x => x[0].Var(0, keepDim: true, correction: 0), [R(1, 4, 3)]),
        ["std"] = new(x => x[0].Std(-1), [R(1, 4, 5)]),
        ["var_all"] = new(x => x[0].Var(), [R(1, 4, 3)]),

        // Matrix products.
        ["matmul_2d"] = new(x => x[0].MatMul(x[1]), [R(1, 3, 4), R(2, 4, 2)]),
        ["matmul_2d_transposed"] = new(x => x[0].T.MatMul(x[1].T), [R(1, 4, 3), R(2, 2, 4)]),
        ["matmul_batched"] = new(x => x[0].MatMul(x[1]), [R(1, 2, 3, 4), R(2, 2, 4, 2)]),
        ["matmul_batch_broadcast"] = new(x => x[0].MatMul(x[1]), [R(1, 2, 1, 3, 4), R(2, 3, 4, 2)]),
        ["matmul_2d_times_batched"] = new(x => x[0].MatMul(x[1]), [R(1, 3, 4), R(2, 2, 4, 2)]),
        ["matmul_nd_2d"] = new(x => x[0].MatMul(x[1]), [R(1, 2, 3, 4), R(2, 4, 5)]),
        ["matmul_vec_mat"] = new(x => x[0].MatMul(x[1]), [R(1, 4), R(2, 4, 3)]),
        ["matmul_mat_vec"] = new(x => x[0].MatMul(x[1]), [R(1, 3, 4), R(2, 4)]),
        ["matmul_vec_vec"] = new(x => x[0].MatMul(x[1]), [R(1, 4), R(2, 4)]),
        ["matmul_batched_vec"] = new(x => x[0].MatMul(x[1]), [R(1, 2, 3, 4), R(2, 4)]),
        ["matmul_sliced"] = new(x => x[0].Slice(1, 1, 4).MatMul(x[1]), [R(1, 3, 6), R(2, 4, 2)]),

        // Shape ops and views.
        ["transpose"] = new(x => x[0].Transpose(0, 2) * x[1], [R(1, 2, 3, 4), R(2, 4, 3, 2)]),
        ["permute"] = new(x => x[0].Permute([1, 2, 0]) * x[1], [R(1, 2, 3, 4), R(2, 3, 4, 2)]),
        ["reshape"] = new(x => x[0].Reshape([3, -1]) * x[1], [R(1, 2, 3, 2), R(2, 3, 4)]),
        ["reshape_of_transposed"] = new(x => x[0].T.Reshape([-1]) * x[1], [R(1, 3, 4), R(2, 12)]),
        ["unsqueeze_squeeze"] = new(x => x[0].Unsqueeze(1).Exp().Squeeze(1), [R(1, 4, 3)]),
        ["flatten"] = new(x => x[0].Flatten().Sin(), [R(1, 2, 3)]),
        ["contiguous"] = new(x => x[0].T.Contiguous().Square(), [R(1, 2, 3)]),
        ["concat"] = new(x => Tensor.Concat([x[0], x[1].Exp(), x[0]], axis: 1), [R(1, 2, 3), R(2, 2, 1)]),
        ["stack"] = new(x => Tensor.Stack([x[0], x[1].Square()], axis: -1), [R(1, 2, 3), R(2, 2, 3)]),
        ["slice"] = new(x => x[0].Slice(1, 1, 2), [R(1, 3, 5)]),
        ["slice_step"] = new(x => x[0].Slice(0, 1, 3, step: 2).Square(), [R(1, 7, 2)]),
        ["select"] = new(x => x[0].Select(1, 2).Exp(), [R(1, 3, 4)]),
        ["index_select"] = new(x => x[0].IndexSelect(1, [2, 0, 2, 3]).Square(), [R(1, 2, 4, 3)]),
        ["index_select_strided"] = new(x => x[0].T.IndexSelect(0, [1, 1, 0]), [R(1, 4, 3)]),
        ["gather"] = new(x => x[0].Gather(1, [0, 2, 2, 1, 0, 0, 3, 1], [2, 4]).Square(), [R(1, 2, 4)]),
        ["gather_axis0_small_index"] = new(x => x[0].Gather(0, [2, 0, 1, 2], [2, 2]), [R(1, 3, 3)]),
        ["gather_strided"] = new(x => x[0].T.Gather(-1, [3, 3, 0, 1, 2, 0], [3, 2]), [R(1, 4, 3)]),
        ["scatter_add"] = new(x => x[0].ScatterAdd(0, [1, 0, 1, 1], [2, 2], x[1]).Square(), [R(1, 2, 3), R(2, 3, 2)]),
        ["expand"] = new(x => x[0].Expand([2, 4, 3]) * x[1], [R(1, 4, 1), R(2, 2, 4, 3)]),
        ["sum_to"] = new(x => x[0].SumTo([4, 1]).Square(), [R(1, 2, 4, 3)]),
        ["to_float64_noop"] = new(x => x[0].To(DType.Float64).Exp(), [R(1, 4)]),

        // Softmax family.
        ["softmax_last"] = new(x => x[0].Softmax(-1), [R(1, 4, 3)]),
        ["softmax_axis0"] = new(x => x[0].Softmax(0), [R(1, 4, 3)]),
        ["softmax_middle_large"] = new(x => (x[0] * 4.0).Softmax(1), [R(1, 2, 4, 3)]),
        ["log_softmax_last"] = new(x => x[0].LogSoftmax(-1), [R(1, 4, 3)]),
        ["log_softmax_middle"] = new(x => x[0].LogSoftmax(1), [R(1, 2, 4, 3)]),

        // Convolutions.
        ["conv1d"] = new(x => Tensor.Conv1d(x[0], x[1], x[2]), [R(1, 2, 3, 7), R(2, 4, 3, 3), R(3, 4)]),
        ["conv1d_stride_pad"] = new(x => Tensor.Conv1d(x[0], x[1], x[2], stride: 2, padding: 1), [R(1, 2, 3, 8), R(2, 2, 3, 3), R(3, 2)]),
        ["conv1d_dilation"] = new(x => Tensor.Conv1d(x[0], x[1], null, stride: 1, padding: 2, dilation: 2), [R(1, 2, 2, 6), R(2, 3, 2, 3)]),
        ["conv1d_groups"] = new(x => Tensor.Conv1d(x[0], x[1], x[2], stride: 2, padding: 1, groups: 2), [R(1, 2, 4, 7), R(2, 6, 2, 3), R(3, 6)]),
        ["conv1d_unbatched_transposed_weight"] = new(x => Tensor.Conv1d(x[0], x[1].Permute([1, 0, 2]), null, padding: 1), [R(1, 2, 5), R(2, 2, 3, 2)]),
        ["conv_transpose1d"] = new(x => Tensor.ConvTranspose1d(x[0], x[1], x[2]), [R(1, 2, 3, 4), R(2, 3, 2, 3), R(3, 2)]),
        ["conv_transpose1d_stride_pad_outpad"] = new(x => Tensor.ConvTranspose1d(x[0], x[1], x[2], stride: 3, padding: 1, outputPadding: 2), [R(1, 2, 2, 4), R(2, 2, 3, 3), R(3, 3)]),
        ["conv_transpose1d_groups"] = new(x => Tensor.ConvTranspose1d(x[0], x[1], null, stride: 2, padding: 1, outputPadding: 1, groups: 2), [R(1, 2, 4, 3), R(2, 4, 1, 3)]),
        ["conv_transpose1d_dilation"] = new(x => Tensor.ConvTranspose1d(x[0], x[1], null, stride: 2, padding: 1, outputPadding: 2, dilation: 3), [R(1, 1, 2, 4), R(2, 2, 2, 2)]),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_matches_central_differences(string op)
    {
        var c = Cases[op];
        Ok(GradCheck.Check(c.F, c.Inputs), op);
    }

    [Fact]
    public void To_float32_round_trip_passes_the_gradient_through_unchanged()
    {
        // Dyadic inputs and a power-of-two step are exact in float32, so the finite differences are exact too.
        Ok(GradCheck.Check(x => x[0].To(DType.Float32).Square().To(DType.Float64) * 3.0, [Dyadic(1, 4, 3)], epsilon: 1.0 / 1024), "to");
        var a = Dyadic(2, 5).RequireGrad();
        var g = Autograd.Grad((a.To(DType.Float32) * 0.75f).Sum(), a);
        g.DType.Should().Be(DType.Float64);
        g.ToDoubleArray().Should().AllSatisfy(v => v.Should().Be(0.75));
    }

    [Fact]
    public void Every_differentiable_op_name_is_covered()
    {
        string[] required =
        [
            "add", "sub", "mul", "div", "neg", "pow_tensor", "pow_2", "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu",
            "silu", "softplus", "sin", "cos", "square", "reciprocal", "clamp", "where", "maximum", "minimum", "sum", "sum_axis0",
            "mean", "mean_axis", "max", "max_axis", "matmul_2d", "matmul_batch_broadcast", "matmul_nd_2d", "matmul_vec_vec",
            "transpose", "permute", "reshape", "concat", "stack", "slice_step", "select", "index_select", "gather", "expand",
            "softmax_last", "log_softmax_last", "conv1d_groups", "conv_transpose1d_groups",
        ];
        Cases.Keys.Should().Contain(required);
    }
}
