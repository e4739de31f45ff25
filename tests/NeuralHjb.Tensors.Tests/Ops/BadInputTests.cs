using static NeuralHjb.Tensors.Tests.Ops.D;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>Invalid arguments give clear exceptions that name the parameter and the rule.</summary>
public class BadInputTests
{
    private static readonly Tensor X = R(1, 2, 4, 9);

    [Fact]
    public void Mismatched_shapes_are_rejected()
    {
        FluentActions.Invoking(() => R(1, 3, 2) * R(2, 4)).Should().Throw<ArgumentException>().WithMessage("*cannot be broadcast*").WithParameterName("other");
        FluentActions.Invoking(() => R(1, 3, 2).Maximum(R(2, 3))).Should().Throw<ArgumentException>().WithMessage("*Max: shapes*");
        FluentActions.Invoking(() => Tensor.Where(R(1, 3), R(2, 2), R(3, 3))).Should().Throw<ArgumentException>().WithMessage("*where*").WithParameterName("whenTrue");
        FluentActions.Invoking(() => R(1, 2, 3).MatMul(R(2, 2, 3))).Should().Throw<ArgumentException>().WithMessage("*inner dimensions*").WithParameterName("other");
        FluentActions.Invoking(() => R(1, 3).MatMul(R(2, 4))).Should().Throw<ArgumentException>().WithMessage("*inner dimensions*");
        FluentActions.Invoking(() => Tensor.Concat([R(1, 2, 3), R(2, 3, 2)], 1)).Should().Throw<ArgumentException>().WithParameterName("tensors");
        FluentActions.Invoking(() => Tensor.Stack([R(1, 2, 3), R(2, 2, 2)])).Should().Throw<ArgumentException>().WithParameterName("tensors");
        FluentActions.Invoking(() => R(1, 2, 3).Reshape([4, -1])).Should().Throw<ArgumentException>().WithParameterName("shape");
        FluentActions.Invoking(() => R(1, 2, 3).Expand([2, 2])).Should().Throw<ArgumentException>().WithParameterName("shape");
    }

    [Fact]
    public void Mixed_dtypes_without_a_cast_are_rejected()
    {
        var f = R(1, 3).To(DType.Float32);
        var d = R(2, 3);
        FluentActions.Invoking(() => f + d).Should().Throw<ArgumentException>().WithMessage("*dtypes differ*To(DType)*").WithParameterName("other");
        FluentActions.Invoking(() => f.Pow(d)).Should().Throw<ArgumentException>().WithMessage("*dtypes differ*");
        FluentActions.Invoking(() => Tensor.Where(d, f, f)).Should().Throw<ArgumentException>().WithMessage("*dtypes differ*");
        FluentActions.Invoking(() => f.Unsqueeze(0).MatMul(d.Unsqueeze(1))).Should().Throw<ArgumentException>().WithMessage("*matmul*dtypes differ*");
        FluentActions.Invoking(() => Tensor.Concat([f, d])).Should().Throw<ArgumentException>().WithMessage("*dtypes differ*").WithParameterName("tensors");
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 3, 4, 3).To(DType.Float32))).Should().Throw<ArgumentException>().WithMessage("*Conv1d*dtypes differ*").WithParameterName("weight");
        FluentActions.Invoking(() => Tensor.Zeros([2, 3], DType.Float64).ScatterAdd(0, [0, 1, 1], [1, 3], f.Unsqueeze(0))).Should().Throw<ArgumentException>().WithMessage("*dtypes differ*");
    }

    [Fact]
    public void Bad_axes_are_rejected_with_the_axis_parameter()
    {
        var x = R(1, 2, 3);
        FluentActions.Invoking(() => x.Sum(2)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis").WithMessage("*axis 2 is out of range*rank 2*");
        FluentActions.Invoking(() => x.Sum([0, -3])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axes");
        FluentActions.Invoking(() => x.Sum([1, -1])).Should().Throw<ArgumentException>().WithParameterName("axes").WithMessage("*twice*");
        FluentActions.Invoking(() => x.Max(-3)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
        FluentActions.Invoking(() => x.Mean(5)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
        FluentActions.Invoking(() => x.Softmax(2)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
        FluentActions.Invoking(() => x.LogSoftmax(-3)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
        FluentActions.Invoking(() => x.LogSumExp(2)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
        FluentActions.Invoking(() => x.Var(3)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
        FluentActions.Invoking(() => x.Gather(2, [0], [1, 1])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
        FluentActions.Invoking(() => x.IndexSelect(-4, [0])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
        FluentActions.Invoking(() => x.Transpose(0, 2)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis1");
        FluentActions.Invoking(() => x.Permute([0, 0])).Should().Throw<ArgumentException>().WithParameterName("perm");
        FluentActions.Invoking(() => x.Slice(2, 0, 1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("axis");
        FluentActions.Invoking(() => x.Slice(1, 1, 2, step: 2)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("start");
        FluentActions.Invoking(() => x.Squeeze(1)).Should().Throw<ArgumentException>().WithParameterName("axis");
        FluentActions.Invoking(() => Tensor.Scalar(1).Size(0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*scalar*");
    }

    [Fact]
    public void Bad_convolution_arguments_are_rejected()
    {
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 3, 5, 3))).Should().Throw<ArgumentException>().WithParameterName("weight").WithMessage("*input channels*");
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 3, 2, 3), groups: 2)).Should().Throw<ArgumentException>().WithParameterName("weight").WithMessage("*divisible by groups*");
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 4, 1, 3), groups: 3)).Should().Throw<ArgumentException>().WithParameterName("groups");
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 3, 4, 3), R(3, 4))).Should().Throw<ArgumentException>().WithParameterName("bias");
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 3, 4, 3), stride: 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("stride");
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 3, 4, 3), padding: -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("padding");
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 3, 4, 3), dilation: 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("dilation");
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 3, 4, 10))).Should().Throw<ArgumentException>().WithParameterName("input").WithMessage("*shorter than the dilated kernel*");
        FluentActions.Invoking(() => Tensor.Conv1d(R(1, 9), R(2, 3, 4, 3))).Should().Throw<ArgumentException>().WithParameterName("input").WithMessage("*[N, C, L]*");
        FluentActions.Invoking(() => Tensor.Conv1d(X, R(2, 3, 4))).Should().Throw<ArgumentException>().WithParameterName("weight").WithMessage("*rank 3*");
        FluentActions.Invoking(() => Tensor.ConvTranspose1d(X, R(2, 3, 2, 3))).Should().Throw<ArgumentException>().WithParameterName("weight").WithMessage("*input channels*");
        FluentActions.Invoking(() => Tensor.ConvTranspose1d(X, R(2, 4, 2, 3), stride: 2, outputPadding: 2)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("outputPadding");
        FluentActions.Invoking(() => Tensor.ConvTranspose1d(X, R(2, 4, 2, 3), groups: 3)).Should().Throw<ArgumentException>().WithParameterName("groups");
        FluentActions.Invoking(() => Tensor.ConvTranspose1d(R(1, 1, 4, 1), R(2, 4, 2, 1), padding: 3)).Should().Throw<ArgumentException>().WithParameterName("padding");
    }

    [Fact]
    public void Out_of_range_indices_are_rejected_with_the_index_parameter()
    {
        var x = R(1, 2, 3);
        FluentActions.Invoking(() => x.Gather(1, [0, 3], [1, 2])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("index").WithMessage("*index[1] = 3*[0, 3)*");
        FluentActions.Invoking(() => x.Gather(1, [-1, 0], [1, 2])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("index");
        FluentActions.Invoking(() => x.Gather(1, [0, 1, 2], [1, 2])).Should().Throw<ArgumentException>().WithParameterName("index").WithMessage("*needs 2*");
        FluentActions.Invoking(() => x.Gather(1, [0, 1], [2])).Should().Throw<ArgumentException>().WithParameterName("indexShape").WithMessage("*rank*");
        FluentActions.Invoking(() => x.Gather(1, [0, 1, 0], [3, 1])).Should().Throw<ArgumentException>().WithParameterName("indexShape").WithMessage("*larger*");
        FluentActions.Invoking(() => x.ScatterAdd(0, [0, 2], [1, 2], R(2, 1, 2))).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("index");
        FluentActions.Invoking(() => x.ScatterAdd(0, [0, 1], [1, 2], R(2, 1, 1))).Should().Throw<ArgumentException>().WithParameterName("source");
        FluentActions.Invoking(() => x.IndexSelect(1, [0, 3])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("indices").WithMessage("*indices[1] = 3*");
        FluentActions.Invoking(() => x.Select(0, 2)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Other_argument_rules()
    {
        FluentActions.Invoking(() => R(1, 3).Clamp(1, -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("min");
        FluentActions.Invoking(() => R(1, 3).Var(0, correction: -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("correction");
        FluentActions.Invoking(() => R(1, 0).Max(0)).Should().Throw<ArgumentException>().WithParameterName("axis");
        FluentActions.Invoking(() => Tensor.Scalar(1, DType.Float64).MatMul(R(1, 3))).Should().Throw<ArgumentException>().WithMessage("*rank at least 1*");
    }
}
