using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Solvers.DirectControl;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.DirectControl;

public class IncrementSourceTests
{
    private static readonly CarteaJaimungal Problem = new();

    [Fact]
    public void Bootstrap_replays_whole_demeaned_days()
    {
        double[][] days = [[1, 2, 3], [3, 4, 5]];
        var source = new BootstrapIncrements(days);
        var draws = source.Sample(Problem.Dynamics, 50, 3, 1.0 / 3, new Philox(1), DType.Float64);

        // Step means are 2, 3, 4, so the demeaned days are (−1, −1, −1) and (1, 1, 1): a path is one of them.
        var columns = draws.Select(d => d.ToDoubleArray()).ToArray();
        for (var b = 0; b < 50; b++)
        {
            var first = columns[0][b];
            Math.Abs(first).Should().Be(1);
            columns[1][b].Should().Be(first);
            columns[2][b].Should().Be(first);
        }

        columns[0].Should().Contain(-1).And.Contain(1);
    }

    [Fact]
    public void Seasonal_increments_scale_the_variance_of_each_step()
    {
        var source = new SeasonalGaussianIncrements([2, 0.5]);
        var draws = source.Sample(Problem.Dynamics, 20000, 2, 0.01, new Philox(2), DType.Float64);
        var v0 = draws[0].ToDoubleArray().Average(x => x * x);
        var v1 = draws[1].ToDoubleArray().Average(x => x * x);
        v0.Should().BeApproximately(0.04, 0.04 * 0.05);
        v1.Should().BeApproximately(0.0025, 0.0025 * 0.05);
    }

    [Fact]
    public void Sources_reject_a_rollout_of_the_wrong_length()
    {
        var act = () => new SeasonalGaussianIncrements([1, 1]).Sample(Problem.Dynamics, 4, 3, 0.1, new Philox(1), DType.Float32);
        act.Should().Throw<ArgumentException>().WithParameterName("steps");
        var boot = () => new BootstrapIncrements([[1.0, 2.0]]).Sample(Problem.Dynamics, 4, 3, 0.1, new Philox(1), DType.Float32);
        boot.Should().Throw<ArgumentException>().WithParameterName("steps");
    }
}
