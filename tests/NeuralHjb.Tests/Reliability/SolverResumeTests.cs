using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers;
using NeuralHjb.Solvers.DirectControl;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// Solver-level resume: a solve cancelled mid-way and solved again with the same checkpoint location
/// must end with the bits of an uninterrupted solve — parameters, history, metrics and the solver's own
/// record (PINN stage weights, direct-control validation curve).
/// </summary>
/// <remarks>
/// Before the solvers checkpointed their own state this failed for the PINN (its EMA loss balancer and
/// adaptive sampling pool restarted: 6238.4 instead of 8939.6 at step 4) and for direct control (it did
/// not resume at all; with only the trainer resumed, dropout masks replayed from the start and the
/// validation record restarted).
/// </remarks>
public class SolverResumeTests
{
    private static readonly GatheralSchied Problem = new();
    private static readonly CarteaJaimungal Execution = new(new CarteaJaimungalParameters { Sigma = 0.2, A = 10, Phi = 0.7 });

    /// <summary>PINN stages a (4 steps) and b (5 steps): step 4 is the stage boundary; the rest are seeded random steps.</summary>
    public static TheoryData<int> PinnInterruptions() => Interruptions(boundary: 4, last: 8, seed: 1201);

    /// <summary>Direct control, 15 iterations validated every 5: step 5 is a validation point; the rest are seeded random steps.</summary>
    public static TheoryData<int> DirectControlInterruptions() => Interruptions(boundary: 5, last: 14, seed: 1202);

    [Theory]
    [MemberData(nameof(PinnInterruptions))]
    public void A_pinn_solve_cancelled_and_solved_again_from_its_checkpoints_ends_with_the_uninterrupted_bits(int cancelAfterStep)
    {
        using var dir = new TempDirectory();
        var options = PinnOptions();
        var reference = new PinnSolver().Solve(Problem, options);

        var withCheckpoints = options with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        using var cts = new CancellationTokenSource();
        var reports = 0;
        var progress = new Sync(_ => { if (++reports == cancelAfterStep) cts.Cancel(); });
        FluentActions.Invoking(() => new PinnSolver().Solve(Problem, withCheckpoints, progress, cts.Token)).Should().Throw<OperationCanceledException>();
        var resumed = new PinnSolver().Solve(Problem, withCheckpoints);

        PinnFingerprint(resumed).ShouldBeBitwiseEqual(PinnFingerprint(reference), $"a PINN solve cancelled after step {cancelAfterStep} and resumed must equal the uninterrupted one");
    }

    [Fact]
    public void A_pinn_solve_without_ResumeFromCheckpoint_overwrites_another_runs_checkpoints_instead_of_resuming_them()
    {
        using var dir = new TempDirectory();
        var other = PinnOptions() with { Seed = 6, CheckpointDirectory = dir.Path };
        new PinnSolver().Solve(Problem, other);
        var fresh = new PinnSolver().Solve(Problem, PinnOptions());

        var again = new PinnSolver().Solve(Problem, PinnOptions() with { CheckpointDirectory = dir.Path });
        var resumedOther = new PinnSolver().Solve(Problem, PinnOptions() with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true });

        PinnFingerprint(again).ShouldBeBitwiseEqual(PinnFingerprint(fresh), "a solve that was not asked to resume must ignore the checkpoints it finds");
        PinnFingerprint(resumedOther).ShouldBeBitwiseEqual(PinnFingerprint(again), "the checkpoints it then wrote are its own, finished stages");
    }

    [Fact]
    public void A_pinn_checkpoint_whose_balancer_state_is_corrupt_is_refused_by_entry_name_and_left_alone()
    {
        using var dir = new TempDirectory();
        var options = PinnOptions() with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        using var cts = new CancellationTokenSource();
        var reports = 0;
        var progress = new Sync(_ => { if (++reports == 2) cts.Cancel(); });
        FluentActions.Invoking(() => new PinnSolver().Solve(Problem, options, progress, cts.Token)).Should().Throw<OperationCanceledException>();

        var path = Path.Combine(dir.Path, "a.safetensors");
        var doc = Io.SafetensorsReader.Read(path);
        doc.Entries.Select(e => e.Name).Should().Contain(["state.pinn.stage", "state.pinn.last_terms", "state.loss_weights.ema", "state.adaptive_sampling.times"]);
        var entries = doc.Entries.Select(e => e.Name == "state.loss_weights.ema" ? Io.SafetensorsEntry.FromFloat64(e.Name, [1], [double.NaN]) : e).ToList();
        Io.SafetensorsWriter.Write(path, new Io.SafetensorsDocument(entries, doc.Metadata));
        var corrupt = File.ReadAllBytes(path);

        FluentActions.Invoking(() => new PinnSolver().Solve(Problem, options)).Should().Throw<InvalidDataException>().WithMessage("*state entry 'state.loss_weights.ema' has 1 values, not 3*");
        File.ReadAllBytes(path).Should().Equal(corrupt, "a refused checkpoint is not overwritten");
    }

    [Theory]
    [MemberData(nameof(DirectControlInterruptions))]
    public void A_direct_control_solve_with_dropout_cancelled_and_solved_again_from_its_checkpoint_ends_with_the_uninterrupted_bits(int cancelAfterStep)
    {
        using var dir = new TempDirectory();
        var options = CarteaJaimungalDirectControl.Configure(Execution, DirectControlOptions.Quick with
        {
            Iterations = 15,
            ValidationEvery = 5,
            ValidationBatchSize = 16,
            ReportEvery = 1,
            Dropout = 0.2,
            Seed = 9,
        });
        var reference = new DirectControlSolver().Solve(Execution, options);

        var withCheckpoint = options with { CheckpointPath = Path.Combine(dir.Path, "direct-control.safetensors"), ResumeFromCheckpoint = true };
        using var cts = new CancellationTokenSource();
        var reports = 0;
        var progress = new Sync(_ => { if (++reports == cancelAfterStep) cts.Cancel(); });
        FluentActions.Invoking(() => new DirectControlSolver().Solve(Execution, withCheckpoint, progress, cts.Token)).Should().Throw<OperationCanceledException>();
        var resumed = new DirectControlSolver().Solve(Execution, withCheckpoint);

        DirectControlFingerprint(resumed).ShouldBeBitwiseEqual(DirectControlFingerprint(reference), $"a direct-control solve with dropout cancelled after step {cancelAfterStep} and resumed must equal the uninterrupted one");
    }

    private static TheoryData<int> Interruptions(int boundary, int last, int seed)
    {
        var rng = new System.Random(seed);
        var steps = new SortedSet<int> { boundary };
        while (steps.Count < 4)
        {
            steps.Add(rng.Next(1, last + 1));
        }

        var data = new TheoryData<int>();
        foreach (var step in steps)
        {
            data.Add(step);
        }

        return data;
    }

    /// <summary>
    /// Every stage-level state at work: a balancer per stage (reduced, then full), a sampling pool refreshed
    /// every 3 steps (so resumes fall between refreshes), a trajectory term every other step (so its last
    /// value is carried), and a second stage that widens the network.
    /// </summary>
    private static PinnOptions PinnOptions()
    {
        var quick = GatheralSchiedPinn.MtPinn(Problem, PinnPreset.Quick);
        return quick with
        {
            Seed = 5,
            CollocationBatch = 32,
            ReportEvery = 1,
            Trajectory = quick.Trajectory! with { Steps = 5, BatchSize = 4, Every = 2 },
            AdaptiveSampling = new AdaptiveSamplingOptions { RefreshEvery = 3, Candidates = 64, PoolSize = 16, BatchFraction = 0.25 },
            Stages =
            [
                new PinnStage { Name = "a", Steps = 4, ActiveCoordinates = [0], AdaptiveWeights = AdaptiveWeights.Reduced },
                new PinnStage { Name = "b", Steps = 5, AdaptiveWeights = AdaptiveWeights.Full },
            ],
        };
    }

    private static double[] PinnFingerprint(PinnResult result)
    {
        var values = new List<double>(Common(result));
        foreach (var (_, p) in result.Network.NamedParameters())
        {
            values.AddRange(p.ToDoubleArray());
        }

        foreach (var stage in result.Stages)
        {
            values.AddRange(stage.FinalWeights.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value));
        }

        return [.. values];
    }

    private static double[] DirectControlFingerprint(DirectControlResult result)
    {
        var values = new List<double>(Common(result)) { result.FinalValidationCost };
        values.AddRange(result.ValidationSteps.Select(s => (double)s));
        values.AddRange(result.ValidationCosts);
        foreach (var (_, p) in result.Policy.NamedParameters())
        {
            values.AddRange(p.ToDoubleArray());
        }

        return [.. values];
    }

    /// <summary>History (steps and every series) and metrics, as the reliability theory compares them.</summary>
    private static double[] Common(SolverResult result) => new SolverCase("resume", (_, _) => result).Fingerprint(result);

    private sealed class Sync(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
