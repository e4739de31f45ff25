using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tensors.Tests.Nn;

public sealed class InputInflationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void WidenedMlpComputesTheSameFunctionWhateverTheNewInput(int index)
    {
        var net = new Mlp([2, 8, 8, 1], Activation.Tanh, normalization: new InputNormalization([0.5, -1], [2, 3]), generator: new Philox(3), dtype: DType.Float64);
        var wide = net.WithInsertedInputs(index, 1, shift: 55, scale: 45);
        var x = Tensor.Uniform([16, 2], new Philox(4), -1, 1, DType.Float64);
        var extra = Tensor.Uniform([16, 1], new Philox(5), 10, 100, DType.Float64);
        var parts = new List<Tensor>();
        if (index > 0)
        {
            parts.Add(x.Slice(1, 0, index));
        }

        parts.Add(extra);
        if (index < 2)
        {
            parts.Add(x.Slice(1, index, 2 - index));
        }

        var before = net.Forward(x).ToDoubleArray();
        var after = wide.Forward(Tensor.Concat(parts, 1)).ToDoubleArray();
        after.Should().Equal(before);
        wide.InputWidth.Should().Be(3);
        wide.Layers[0].Weight.Select(1, index).ToDoubleArray().Should().OnlyContain(w => w == 0);
        wide.NamedBuffers().Single(b => b.Key == "input_shift").Value.ToDoubleArray()[index].Should().Be(55);
    }

    [Fact]
    public void WidenedNetworkLearnsTheNewInputAndLeavesTheOriginalAlone()
    {
        var net = new Mlp([1, 4, 1], generator: new Philox(1), dtype: DType.Float64);
        var original = net.Layers[0].Weight.ToDoubleArray();
        var wide = net.WithInsertedInputs(1, 1);
        var y = wide.Forward(Tensor.FromArray(new[] { 0.3, 2.0 }, [1, 2])).Sum();
        y.Backward();
        wide.Layers[0].Weight.Grad!.Select(1, 1).ToDoubleArray().Should().Contain(g => g != 0, "the new input's weights must be trainable");
        net.Layers[0].Weight.ToDoubleArray().Should().Equal(original);
    }

    [Fact]
    public void BadPositionsAreRejected()
    {
        var layer = new Linear(3, 2);
        ((Action)(() => layer.WithInsertedInputs(4, 1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => layer.WithInsertedInputs(0, 0))).Should().Throw<ArgumentOutOfRangeException>();
    }
}
