using NeuralHjb.Random;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.Pinn;

public sealed class ResidualAdaptiveSamplerTests
{
    [Fact]
    public void PoolKeepsTheLargestResidualsAndDrawsOnlyFromThem()
    {
        var sampler = new ResidualAdaptiveSampler(new AdaptiveSamplingOptions { Candidates = 1000, PoolSize = 50 });
        var g = new Philox(1);
        var t = Tensor.Uniform([1000, 1], g, 0, 1, DType.Float64);
        var x = Tensor.Uniform([1000, 2], g, -1, 1, DType.Float64);

        // Residual |x₀|: the pool must be the 50 points with the largest |x₀|.
        sampler.Refresh(t, x, (_, xs) => xs.Slice(1, 0, 1));
        var threshold = x.Slice(1, 0, 1).ToDoubleArray().Select(Math.Abs).OrderDescending().ElementAt(49);
        sampler.PoolCount.Should().Be(50);
        sampler.PoolStates!.Slice(1, 0, 1).ToDoubleArray().Should().OnlyContain(v => Math.Abs(v) >= threshold);
        var (_, drawn) = sampler.Draw(200, new Philox(2));
        drawn.Slice(1, 0, 1).ToDoubleArray().Should().OnlyContain(v => Math.Abs(v) >= threshold);
    }

    [Fact]
    public void DrawBeforeRefreshAndBadOptionsAreErrors()
    {
        var sampler = new ResidualAdaptiveSampler(new AdaptiveSamplingOptions());
        ((Action)(() => sampler.Draw(1, new Philox(1)))).Should().Throw<InvalidOperationException>();
        ((Func<object>)(() => new ResidualAdaptiveSampler(new AdaptiveSamplingOptions { Candidates = 10, PoolSize = 20 })))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("PoolSize");
        ((Func<object>)(() => new ResidualAdaptiveSampler(new AdaptiveSamplingOptions { BatchFraction = 1.5 })))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("BatchFraction");
    }
}
