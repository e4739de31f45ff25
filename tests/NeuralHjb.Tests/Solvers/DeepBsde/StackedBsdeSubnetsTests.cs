using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Solvers.DeepBsde;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

public class StackedBsdeSubnetsTests
{
    [Fact]
    public void Stacked_subnets_equal_separate_BsdeSubnets_in_value_and_gradient()
    {
        const int K = 3, B = 7, D = 4;
        var stacked = new StackedBsdeSubnets(K, D, hidden: 6, generator: new Philox(5));
        var g = new Philox(5);
        var separate = Enumerable.Range(0, K).Select(_ => new BsdeSubnet(D, 6, generator: g, dtype: DType.Float64)).ToArray();

        // Train-mode batch statistics differ per subnet: give each slice its own scale and offset.
        var x = Tensor.Normal([K, B, D], new Philox(9), 0, 1, DType.Float64) * 3.0 + 1.0;
        var w = Tensor.Normal([K, B, D], new Philox(10), 0, 1, DType.Float64);
        var y = stacked.Forward(x);
        (y * w).Sum().Backward();

        for (var k = 0; k < K; k++)
        {
            var yk = separate[k].Forward(x.Select(0, k));
            yk.ToDoubleArray().Should().BeEquivalentTo(y.Select(0, k).Contiguous().ToDoubleArray(), o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-11)).WhenTypeIs<double>());
            (yk * w.Select(0, k)).Sum().Backward();
        }

        var names = stacked.NamedParameters().ToDictionary(p => p.Key, p => p.Value);
        for (var k = 0; k < K; k++)
        {
            var sub = separate[k].NamedParameters().ToDictionary(p => p.Key, p => p.Value);
            AssertClose(names["linear0_weight"].Grad!.Select(0, k), sub["seq.1.weight"].Grad!);
            AssertClose(names["linear2_weight"].Grad!.Select(0, k), sub["seq.7.weight"].Grad!);
            AssertClose(names["bn0_weight"].Grad!.Select(0, k).Reshape([D]), sub["seq.0.weight"].Grad!);
            AssertClose(names["bn2_bias"].Grad!.Select(0, k).Reshape([6]), sub["seq.5.bias"].Grad!);
            AssertClose(names["bn3_weight"].Grad!.Select(0, k).Reshape([D]), sub["seq.8.weight"].Grad!);
        }
    }

    [Fact]
    public void Output_scale_multiplies_the_output()
    {
        var net = new StackedBsdeSubnets(2, 3, generator: new Philox(1));
        var x = Tensor.Normal([2, 3, 5], new Philox(2), 0, 1, DType.Float64);
        var a = net.ForwardFeatureMajor(x, 1.0).ToDoubleArray();
        var b = net.ForwardFeatureMajor(x, 0.25).ToDoubleArray();
        for (var i = 0; i < a.Length; i++)
        {
            b[i].Should().BeApproximately(0.25 * a[i], 1e-14);
        }
    }

    [Fact]
    public void Wrong_input_shape_is_rejected_with_the_expected_shape()
    {
        var net = new StackedBsdeSubnets(2, 3, generator: new Philox(1));
        var act = () => net.ForwardFeatureMajor(Tensor.Zeros([2, 4, 5], DType.Float64), 1.0);
        act.Should().Throw<ArgumentException>().WithMessage("*[2, 3, B ≥ 2]*");
    }

    private static void AssertClose(Tensor actual, Tensor expected)
    {
        var a = actual.Contiguous().ToDoubleArray();
        var e = expected.ToDoubleArray();
        a.Length.Should().Be(e.Length);
        var scale = e.Max(Math.Abs) + 1e-300;
        for (var i = 0; i < a.Length; i++)
        {
            Math.Abs(a[i] - e[i]).Should().BeLessThan(1e-10 * Math.Max(1, scale), $"entry {i}");
        }
    }
}
