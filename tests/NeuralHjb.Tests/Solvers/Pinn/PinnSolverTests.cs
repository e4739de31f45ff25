using NeuralHjb.Analysis;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Solvers.Pinn;

public sealed class PinnSolverTests
{
    [Fact]
    public void QuickMtPinnAtLambdaZeroMatchesTheClosedFormAndBeatsTheVanillaPinn()
    {
        var problem = new GatheralSchied(new GatheralSchiedParameters { Lambda = 0 });
        var grid = GatheralSchiedPinn.EvaluationGrid(problem, PinnPreset.Quick);
        var mt = new PinnSolver().Solve(problem, GatheralSchiedPinn.MtPinn(problem, PinnPreset.Quick));
        var mtReport = GatheralSchiedRolloutEvaluator.Evaluate(problem, mt.Policy, mt.Network.Value, grid);
        var vanilla = new PinnSolver().Solve(problem, GatheralSchiedPinn.Vanilla(problem, PinnPreset.Quick));
        var vanillaReport = GatheralSchiedRolloutEvaluator.Evaluate(problem, vanilla.Policy, vanilla.Network.Value, grid);

        mtReport.ControlRelativeL2.Should().BeLessThan(0.10);
        mtReport.ValueRelativeL2.Should().BeLessThan(0.10);
        mtReport.InventoryRelativeL2.Should().BeLessThan(0.10);
        mtReport.ProbabilityTerminalWithinTolerance.Should().BeGreaterThanOrEqualTo(0.8);
        vanillaReport.ProbabilityTerminalWithinTolerance.Should().BeLessThan(mtReport.ProbabilityTerminalWithinTolerance - 0.5);
        mt.Stages.Should().ContainSingle().Which.Name.Should().Be("reduced-lambda-0");
        mt.History.SeriesNames.Should().Contain(["loss", "pde", "boundary", "trajectory", "w_pde"]);
    }

    [Fact]
    public void QuickMtPinnCurriculumReachesTheClosedFormAtLambdaPointOne()
    {
        var problem = new GatheralSchied(new GatheralSchiedParameters { Lambda = 0.1 });
        var result = new PinnSolver().Solve(problem, GatheralSchiedPinn.MtPinn(problem, PinnPreset.Quick));
        var report = GatheralSchiedRolloutEvaluator.Evaluate(problem, result.Policy, result.Network.Value, GatheralSchiedPinn.EvaluationGrid(problem, PinnPreset.Quick));

        // The value function at (τ = T, X₀, S₀) against REFERENCES §1's check value 78.511160.
        var start = Tensor.FromArray(new float[] { 10, 55 }, [1, 2]);
        result.Value(Tensor.Zeros([1, 1]), start).Item().Should().BeApproximately(78.51116, 0.2 * 78.51116, "the quick preset is within 20 % at the start point (λ = 0 would give 21.6)");
        report.ControlRelativeL2.Should().BeLessThan(0.05);
        report.ValueRelativeL2.Should().BeLessThan(0.08);
        report.InventoryRelativeL2.Should().BeLessThan(0.08);
        report.ProbabilityTerminalWithinTolerance.Should().BeGreaterThanOrEqualTo(0.8);
        result.Stages.Select(s => s.Name).Should().Equal("reduced-lambda-0", "lambda-0.25", "lambda-0.50", "lambda-0.75", "lambda-0.90", "lambda-1.00");
        result.Network.ActiveCoordinates.Should().Equal(0, 1);
    }

    [Fact]
    public void RunsAreReproducibleAndHistoryIsGlobal()
    {
        var problem = new GatheralSchied();
        var options = Tiny(problem);
        var a = new PinnSolver().Solve(problem, options);
        var b = new PinnSolver().Solve(problem, options);
        a.History["loss"].Should().Equal(b.History["loss"]);
        a.History.Steps.Should().Equal(2, 4, 6, 8);
    }

    [Fact]
    public void NonFiniteLossStopsThroughTheTrainer()
    {
        var problem = new GatheralSchied();
        var options = Tiny(problem) with { Ansatz = new NaNAnsatz() };
        var act = () => new PinnSolver().Solve(problem, options);
        act.Should().Throw<TrainingDivergedException>().WithMessage("*pde*");
    }

    [Fact]
    public void CancellationIsHonoured()
    {
        var problem = new GatheralSchied();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var act = () => new PinnSolver().Solve(problem, Tiny(problem), null, cts.Token);
        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void ProgressIsReportedPerStage()
    {
        var problem = new GatheralSchied();
        var seen = new List<string>();
        new PinnSolver().Solve(problem, Tiny(problem), new SyncProgress(p => seen.Add($"{p.Stage}:{p.Step}")));
        seen.Should().Equal("a:2", "a:4", "b:2", "b:4");
    }

    [Theory]
    [InlineData("CollocationBatch")]
    [InlineData("LearningRate")]
    [InlineData("MinimumTimeToHorizon")]
    [InlineData("Stages")]
    [InlineData("Activation")]
    public void BadOptionsAreRejectedByName(string name)
    {
        var problem = new GatheralSchied();
        var o = Tiny(problem);
        o = name switch
        {
            "CollocationBatch" => o with { CollocationBatch = 0 },
            "LearningRate" => o with { LearningRate = -1 },
            "MinimumTimeToHorizon" => o with { MinimumTimeToHorizon = 5 },
            "Stages" => o with { Stages = [new PinnStage { Name = "x", Preferences = new Dictionary<string, double> { ["no-such"] = 1 } }] },
            _ => o with { Activation = Nn.Activation.Relu },
        };
        var act = () => new PinnSolver().Solve(problem, o);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == name || e.Message.Contains(name, StringComparison.Ordinal));
    }

    private static PinnOptions Tiny(GatheralSchied problem) => GatheralSchiedPinn.MtPinn(problem, PinnPreset.Quick) with
    {
        CollocationBatch = 32,
        ReportEvery = 2,
        Trajectory = GatheralSchiedPinn.MtPinn(problem, PinnPreset.Quick).Trajectory! with { Steps = 5, BatchSize = 4 },
        Stages =
        [
            new PinnStage { Name = "a", Steps = 4, ActiveCoordinates = [0], AdaptiveWeights = AdaptiveWeights.Reduced },
            new PinnStage { Name = "b", Steps = 4, AdaptiveWeights = AdaptiveWeights.Full },
        ],
    };

    private sealed class NaNAnsatz : ValueAnsatz
    {
        public override string Description => "NaN";

        public override Tensor Apply(Tensor t, Tensor x, Tensor raw, double horizon) => raw * double.NaN;
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
