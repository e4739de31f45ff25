using NeuralHjb.Problems.Pde;
using NeuralHjb.Random;
using NeuralHjb.Solvers.DeepBsde;
using NeuralHjb.Tensors;
using NeuralHjb.Tests.Reliability;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

/// <summary>
/// Checkpoint and resume of both BSDE solvers: a solve cancelled mid-way and solved again with the same checkpoint
/// folder must end with the bits of a solve that was never interrupted (Y₀, Z₀, history and the trained Z).
/// </summary>
public class BsdeCheckpointTests
{
    private static readonly HjbLq Problem = new(new HjbLqParameters { Dimension = 3 });

    [Theory]
    [InlineData(DeepBsdeNetwork.PerStepBatchNorm, 7)]
    [InlineData(DeepBsdeNetwork.SharedTimeConditioned, 13)]
    public void Deep_bsde_cancelled_and_solved_again_ends_with_the_uninterrupted_bits(DeepBsdeNetwork network, int cancelAfterReports)
    {
        var options = new DeepBsdeOptions { TimeSteps = 4, Iterations = 24, BatchSize = 16, ReportEvery = 1, Network = network, CheckpointEvery = 5, Seed = 9 };
        var reference = new DeepBsdeSolver().Solve(Problem, options);

        using var dir = new TempDirectory();
        var withCheckpoints = options with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        using var cts = new CancellationTokenSource();
        var reports = 0;
        var progress = new Sync(_ => { if (++reports == cancelAfterReports) cts.Cancel(); });
        FluentActions.Invoking(() => new DeepBsdeSolver().Solve(Problem, withCheckpoints, progress, cts.Token)).Should().Throw<OperationCanceledException>();
        File.Exists(Path.Combine(dir.Path, DeepBsdeSolver.CheckpointFileName)).Should().BeTrue();
        var resumedReports = 0;
        var resumed = new DeepBsdeSolver().Solve(Problem, withCheckpoints, new Sync(_ => resumedReports++));

        resumedReports.Should().Be(options.Iterations - cancelAfterReports, "the second solve continues from the checkpoint instead of starting again");

        Fingerprint(resumed).ShouldBeBitwiseEqual(Fingerprint(reference), $"a deep-bsde solve cancelled after {cancelAfterReports} steps and resumed must equal the uninterrupted one");
    }

    [Theory]
    [InlineData(DbdpScheme.Dbdp1, 5)]
    [InlineData(DbdpScheme.Dbdp2, 23)]
    [InlineData(DbdpScheme.Dbdp1, 12)]
    public void Dbdp_cancelled_and_solved_again_ends_with_the_uninterrupted_bits(DbdpScheme scheme, int cancelAfterReports)
    {
        // Reports: 12 for the last time step, 6 for each of the others; cancelling after 5 stops inside the first
        // trained step, after 23 inside the third, after 12 on the boundary (the next step checkpoints at its step 0).
        var options = new DbdpOptions
        {
            Scheme = scheme,
            TimeSteps = 4,
            BatchSize = 16,
            HiddenWidth = 6,
            Seed = 3,
            Steps = new BackwardStepOptions { Iterations = 6, FirstStepIterations = 12, ReportEvery = 1, CheckpointEvery = 4, LearningRates = [1e-2] },
        };
        var reference = new DbdpSolver().Solve(Problem, options);

        using var dir = new TempDirectory();
        var withCheckpoints = options with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        using var cts = new CancellationTokenSource();
        var reports = 0;
        var progress = new Sync(_ => { if (++reports == cancelAfterReports) cts.Cancel(); });
        FluentActions.Invoking(() => new DbdpSolver().Solve(Problem, withCheckpoints, progress, cts.Token)).Should().Throw<OperationCanceledException>();
        File.Exists(Path.Combine(dir.Path, "step-3.safetensors")).Should().BeTrue();
        var resumedReports = 0;
        var resumed = new DbdpSolver().Solve(Problem, withCheckpoints, new Sync(_ => resumedReports++));

        resumedReports.Should().Be(12 + (3 * 6) - cancelAfterReports, "finished time steps are restored and the interrupted one continues");

        Fingerprint(resumed).ShouldBeBitwiseEqual(Fingerprint(reference), $"a {scheme} solve cancelled after {cancelAfterReports} reports and resumed must equal the uninterrupted one");
    }

    [Fact]
    public void A_checkpoint_folder_of_another_run_is_refused_with_a_diagnostic()
    {
        using var dir = new TempDirectory();
        new DeepBsdeSolver().Solve(Problem, new DeepBsdeOptions { TimeSteps = 4, Iterations = 3, BatchSize = 8, CheckpointDirectory = dir.Path });
        var other = new HjbLq(new HjbLqParameters { Dimension = 5 });
        FluentActions.Invoking(() => new DeepBsdeSolver().Solve(other, new DeepBsdeOptions { TimeSteps = 4, Iterations = 3, BatchSize = 8, CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true }))
            .Should().Throw<InvalidDataException>().WithMessage("*does not match*");
    }

    [Fact]
    public void Without_ResumeFromCheckpoint_another_runs_checkpoint_is_overwritten_not_resumed()
    {
        using var dir = new TempDirectory();
        var options = new DeepBsdeOptions { TimeSteps = 4, Iterations = 6, BatchSize = 8, Seed = 2 };
        new DeepBsdeSolver().Solve(Problem, options with { Seed = 3, CheckpointDirectory = dir.Path });
        var fresh = new DeepBsdeSolver().Solve(Problem, options);
        var again = new DeepBsdeSolver().Solve(Problem, options with { CheckpointDirectory = dir.Path });
        Fingerprint(again).ShouldBeBitwiseEqual(Fingerprint(fresh), "a solve not asked to resume ignores the checkpoint it finds");
    }

    /// <summary>Y₀, Z₀, the recorded history and every Zₙ of the result on a fixed batch of states.</summary>
    private static List<double> Fingerprint(DeepBsdeResult r)
    {
        var values = new List<double> { r.Y0 };
        values.AddRange(r.Z0);
        values.AddRange(r.History.Steps.Select(s => (double)s));
        foreach (var name in r.History.SeriesNames)
        {
            values.AddRange(r.History[name]);
        }

        var states = Tensor.Normal([5, Problem.Dimension], new Philox(77), dtype: DType.Float64);
        for (var n = 0; n < r.ZModel!.TimeSteps; n++)
        {
            values.AddRange(r.ZModel.Evaluate(n, states).ToDoubleArray());
        }

        return values;
    }

    private sealed class Sync(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
