using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.Pinn;

public sealed class PinnValueNetworkTests
{
    private static readonly GatheralSchied Problem = new();

    [Fact]
    public void LiquidationAnsatzBlowsUpOffZeroInventoryAndVanishesOnIt()
    {
        var net = Make(new LiquidationAnsatz([0], [1], 50), null);
        var t = Tensor.Full([3, 1], 5 - 1e-6, DType.Float64);
        var x = Tensor.FromArray(new[] { 0.0, 55, 1, 55, -2, 20 }, [3, 2]);
        var v = net.Value(t, x).ToDoubleArray();
        v[0].Should().BeApproximately(0, 1e-2);
        v[1].Should().BeApproximately(1e6, 1);
        v[2].Should().BeApproximately(4e6, 1);
    }

    [Fact]
    public void TerminalValueAnsatzHoldsTheTerminalCostExactly()
    {
        var net = Make(new TerminalValueAnsatz(x => Problem.Cost.TerminalCost(x)), null);
        var x = Problem.Domain.Sample(8, new Philox(2), DType.Float64);
        var v = net.Value(Tensor.Full([8, 1], 5, DType.Float64), x).ToDoubleArray();
        v.Should().Equal(Problem.Cost.TerminalCost(x).ToDoubleArray(), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void InflationAddsTheInputWithoutChangingTheFunction()
    {
        var reduced = Make(new ScaledAnsatz(3), [0]);
        var g = new Philox(4);
        var t = Tensor.Uniform([16, 1], g, 0, 5, DType.Float64);
        var x = Problem.Domain.Sample(16, g, DType.Float64);
        var before = reduced.Value(t, x).ToDoubleArray();
        var full = reduced.WithActiveCoordinates([1]);
        full.ActiveCoordinates.Should().Equal(0, 1);
        full.Value(t, x).ToDoubleArray().Should().Equal(before, (a, b) => Math.Abs(a - b) < 1e-12);

        // The reduced network ignores S; the inflated one can learn it (its S weights receive gradients).
        var other = x * Tensor.FromArray(new[] { 1.0, 0.5 }, [2]);
        reduced.Value(t, other).ToDoubleArray().Should().Equal(before);
        full.Value(t, x).Sum().Backward();
        full.Core.Layers[0].Weight.Grad!.Select(1, 2).ToDoubleArray().Should().Contain(v => v != 0);
    }

    [Fact]
    public void HardSymmetryHoldsExactly()
    {
        var net = Make(new LiquidationAnsatz([0], [1]), null, Problem.Symmetry);
        var g = new Philox(5);
        var t = Tensor.Uniform([16, 1], g, 0, 4.9, DType.Float64);
        var x = Problem.Domain.Sample(16, g, DType.Float64);
        net.Value(t, x).ToDoubleArray().Should().Equal(net.Value(t, Problem.Symmetry!.Apply(x)).ToDoubleArray(), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    private static PinnValueNetwork Make(ValueAnsatz ansatz, IReadOnlyList<int>? active, IValueSymmetry? symmetry = null)
        => new(2, [16, 16], Activation.Tanh, 5, Problem.Domain, ansatz, active, new Philox(1), DType.Float64, symmetry);
}
