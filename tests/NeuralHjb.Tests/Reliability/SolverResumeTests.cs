using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// Solver-level resume: a solve cancelled mid-way and solved again with the same checkpoint directory
/// must end with the bits of an uninterrupted solve.
/// </summary>
/// <remarks>
/// Fails today for the PINN (found by this test): the trainer restores parameters, optimiser and
/// history, but the stage's EMA loss balancer (w_pde …) and residual-adaptive sampler start afresh,
/// so the loss differs from the first step after the resume (e.g. 6238.4 instead of 8939.6 at step 4).
/// Skipped until the PINN checkpoints that state; remove the Skip to check a fix.
/// </remarks>
public class SolverResumeTests
{
    [Theory(Skip = "PINN resume is not bit-identical yet: loss-balancer and sampler state are not checkpointed (see remarks)")]
    [InlineData(3)]
    [InlineData(6)]
    public void A_pinn_solve_cancelled_and_solved_again_from_its_checkpoints_ends_with_the_uninterrupted_bits(int cancelAfterReports)
    {
        var problem = new GatheralSchied();
        using var dir = new TempDirectory();
        var quick = GatheralSchiedPinn.MtPinn(problem, PinnPreset.Quick);
        var options = quick with
        {
            Seed = 5,
            CollocationBatch = 32,
            ReportEvery = 1,
            Trajectory = quick.Trajectory! with { Steps = 5, BatchSize = 4 },
            Stages =
            [
                new PinnStage { Name = "a", Steps = 4, ActiveCoordinates = [0], AdaptiveWeights = AdaptiveWeights.Reduced },
                new PinnStage { Name = "b", Steps = 5, AdaptiveWeights = AdaptiveWeights.Full },
            ],
        };
        var reference = new PinnSolver().Solve(problem, options);
        var probe = SolverCases.Get("pinn/gatheral-schied");

        var withCheckpoints = options with { CheckpointDirectory = dir.Path };
        using var cts = new CancellationTokenSource();
        var reports = 0;
        var progress = new Sync(_ => { if (++reports == cancelAfterReports) cts.Cancel(); });
        FluentActions.Invoking(() => new PinnSolver().Solve(problem, withCheckpoints, progress, cts.Token)).Should().Throw<OperationCanceledException>();
        var resumed = new PinnSolver().Solve(problem, withCheckpoints);

        probe.Fingerprint(resumed).ShouldBeBitwiseEqual(probe.Fingerprint(reference), $"a PINN solve cancelled after {cancelAfterReports} steps and resumed must equal the uninterrupted one");
    }

    private sealed class Sync(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
