using NeuralHjb.Random;
using NeuralHjb.Solvers.DeepBsde;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

/// <summary>The trained Z the solvers return, against Z = σᵀ∇u = 2x of the heat equation u = |x|² + d(T − t), σ = I.</summary>
public class TrainedZTests
{
    private static readonly HeatEquation Pde = new(dimension: 2, horizon: 1);

    public static TheoryData<string> Solvers => ["deep-bsde", "deep-bsde-shared", "dbdp1", "dbdp2"];

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Trained_z_matches_two_x_where_the_paths_go(string solver)
    {
        var result = Solve(solver);
        var z = result.ZModel!;
        z.TimeSteps.Should().Be(5);
        for (var n = 1; n < 5; n++)
        {
            // States distributed as X at tₙ: N(0, tₙ I).
            var x = Tensor.Normal([256, 2], new Philox(100 + (ulong)n), standardDeviation: Math.Sqrt(n * 0.2), dtype: DType.Float64);
            var error = (z.Evaluate(n, x) - (x * 2.0)).Square().Mean().Item();
            var size = (x * 2.0).Square().Mean().Item();
            // Measured 0.04–0.11 (worst at t₁, where |Z| is smallest); a wrong scale, sign or BatchNorm statistics gives ~1.
            Math.Sqrt(error / size).Should().BeLessThan(0.15, $"{solver}: relative RMS error of Z at step {n}");
        }

        // At t₀ every path is at x₀ = 0, where the model must give the reported Z₀.
        z.Evaluate(0, Tensor.Zeros([3, 2], DType.Float64)).ToDoubleArray().Should().Equal([.. result.Z0, .. result.Z0, .. result.Z0]);
    }

    [Fact]
    public void Bad_arguments_name_the_rule()
    {
        var z = Solve("dbdp1").ZModel!;
        FluentActions.Invoking(() => z.Evaluate(5, Tensor.Zeros([1, 2], DType.Float64))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*timeIndex must be in [0, 5)*");
        FluentActions.Invoking(() => z.Evaluate(1, Tensor.Zeros([1, 3], DType.Float64))).Should().Throw<ArgumentException>().WithMessage("*states must be [B, 2]*");
    }

    private static DeepBsdeResult Solve(string solver)
    {
        var forward = new DeepBsdeOptions { TimeSteps = 5, Iterations = 800, LearningRates = [1e-2, 1e-3], LearningRateBoundaries = [500], OutputScale = 1, Seed = 3 };
        var backward = new DbdpOptions
        {
            TimeSteps = 5,
            HiddenWidth = 16,
            Steps = new BackwardStepOptions { Iterations = 300, FirstStepIterations = 800, LearningRates = [1e-2, 1e-3], LearningRateBoundaries = [200] },
            Seed = 2,
        };
        return solver switch
        {
            "deep-bsde" => new DeepBsdeSolver().Solve(Pde, forward),
            "deep-bsde-shared" => new DeepBsdeSolver().Solve(Pde, forward with { Network = DeepBsdeNetwork.SharedTimeConditioned }),
            "dbdp1" => new DbdpSolver().Solve(Pde, backward),
            _ => new DbdpSolver().Solve(Pde, backward with { Scheme = DbdpScheme.Dbdp2 }),
        };
    }
}
