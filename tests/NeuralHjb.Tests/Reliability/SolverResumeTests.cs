using NeuralHjb.Problems.Execution;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers;
using NeuralHjb.Solvers.DirectControl;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Solvers.PolicyIteration;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// Solver-level resume: a solve cancelled mid-way and solved again with the same checkpoint location
/// must end with the bits of an uninterrupted solve — parameters, history, metrics and the solver's own
/// record (PINN stage weights, direct-control validation curve, the policy-iteration outer loop).
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
    private static readonly Merton Portfolio = new(new MertonParameters { Utility = UtilityKind.Log });

    /// <summary>PINN stages a (4 steps) and b (5 steps): step 4 is the stage boundary; the rest are seeded random steps.</summary>
    public static TheoryData<int> PinnInterruptions() => Interruptions(boundary: 4, last: 8, seed: 1201);

    /// <summary>Direct control, 15 iterations validated every 5: step 5 is a validation point; the rest are seeded random steps.</summary>
    public static TheoryData<int> DirectControlInterruptions() => Interruptions(boundary: 5, last: 14, seed: 1202);

    /// <summary>
    /// Policy iteration, phases of 6 + 4 + 4 + 4 + 4 steps: after step 6 the cancellation lands on the first
    /// improvement's step 0 (a phase boundary); the rest are seeded random steps.
    /// </summary>
    public static TheoryData<int> PolicyIterationInterruptions() => Interruptions(boundary: 6, last: 21, seed: 1203);

    [Theory]
    [MemberData(nameof(PinnInterruptions))]
    public void A_pinn_solve_cancelled_and_solved_again_from_its_checkpoints_ends_with_the_uninterrupted_bits(int cancelAfterStep)
    {
        using var dir = new TempDirectory();
        var options = PinnOptions();
        var reference = new PinnSolver().Solve(Problem, options);

        var withCheckpoints = options with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        CancelAfter(cancelAfterStep, (progress, token) => new PinnSolver().Solve(Problem, withCheckpoints, progress, token));
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
        CancelAfter(2, (progress, token) => new PinnSolver().Solve(Problem, options, progress, token));

        var path = Path.Combine(dir.Path, "a.safetensors");
        var doc = Io.SafetensorsReader.Read(path);
        doc.Entries.Select(e => e.Name).Should().Contain(["state.pinn.stage", "state.pinn.last_terms", "state.loss_weights.ema", "state.adaptive_sampling.times"]);
        var entries = doc.Entries.Select(e => e.Name == "state.loss_weights.ema" ? Io.SafetensorsEntry.FromFloat64(e.Name, [1], [double.NaN]) : e).ToList();
        Io.SafetensorsWriter.Write(path, new Io.SafetensorsDocument(entries, doc.Metadata));
        var corrupt = File.ReadAllBytes(path);

        FluentActions.Invoking(() => new PinnSolver().Solve(Problem, options)).Should().Throw<InvalidDataException>().WithMessage("*state entry 'state.loss_weights.ema' has 1 values, not 3*");
        File.ReadAllBytes(path).Should().Equal(corrupt, "a refused checkpoint is not overwritten");
    }

    [Fact]
    public void A_pinn_checkpoint_whose_sampling_pool_has_the_wrong_state_width_is_refused_by_entry_name()
    {
        using var dir = new TempDirectory();
        var options = PinnOptions() with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        CancelAfter(2, (progress, token) => new PinnSolver().Solve(Problem, options, progress, token));

        // The resumed sampler starts empty, so only the problem's dimension can tell a pool of the wrong width.
        var path = Path.Combine(dir.Path, "a.safetensors");
        var doc = Io.SafetensorsReader.Read(path);
        var times = doc.Entries.Single(e => e.Name == "state.adaptive_sampling.times");
        var rows = (int)times.Shape[0];
        var entries = doc.Entries.Select(e => e.Name == "state.adaptive_sampling.states" ? Io.SafetensorsEntry.FromFloat32(e.Name, [rows, 5], new float[rows * 5]) : e).ToList();
        Io.SafetensorsWriter.Write(path, new Io.SafetensorsDocument(entries, doc.Metadata));

        FluentActions.Invoking(() => new PinnSolver().Solve(Problem, options)).Should().Throw<InvalidDataException>().WithMessage("*state.adaptive_sampling.states* has shape *, 5], not *");
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
        CancelAfter(cancelAfterStep, (progress, token) => new DirectControlSolver().Solve(Execution, withCheckpoint, progress, token));
        var resumed = new DirectControlSolver().Solve(Execution, withCheckpoint);

        DirectControlFingerprint(resumed).ShouldBeBitwiseEqual(DirectControlFingerprint(reference), $"a direct-control solve with dropout cancelled after step {cancelAfterStep} and resumed must equal the uninterrupted one");
    }

    [Theory]
    [MemberData(nameof(PolicyIterationInterruptions))]
    public void A_policy_iteration_solve_cancelled_and_solved_again_from_its_checkpoints_ends_with_the_uninterrupted_bits(int cancelAfterStep)
    {
        using var dir = new TempDirectory();
        var options = PolicyIterationSetup();
        var reference = new PolicyIterationSolver().Solve(Portfolio, options);

        var withCheckpoints = options with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        CancelAfter(withCheckpoints, cancelAfterStep);
        var stepsRun = 0;
        var resumed = new PolicyIterationSolver().Solve(Portfolio, withCheckpoints, new Sync(_ => stepsRun++));

        // A fresh solve would end with the same bits too: the step count shows that this one resumed.
        stepsRun.Should().Be(TotalSteps(options) - cancelAfterStep, "finished phases and steps are not run again");
        PolicyIterationFingerprint(resumed).ShouldBeBitwiseEqual(PolicyIterationFingerprint(reference), $"a policy-iteration solve cancelled after step {cancelAfterStep} and resumed must equal the uninterrupted one");
    }

    [Fact]
    public void A_policy_iteration_solve_whose_crash_left_no_checkpoint_of_the_interrupted_phase_reruns_that_phase_to_the_uninterrupted_bits()
    {
        using var dir = new TempDirectory();
        var options = PolicyIterationSetup() with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        var reference = new PolicyIterationSolver().Solve(Portfolio, PolicyIterationSetup());

        // Cancelled in the second evaluation (steps 11–14); a killed process would not have written its file.
        CancelAfter(options, 12);
        File.Delete(Path.Combine(dir.Path, "iter1-evaluation.safetensors"));
        var stepsRun = 0;
        var resumed = new PolicyIterationSolver().Solve(Portfolio, options, new Sync(_ => stepsRun++));

        stepsRun.Should().Be(TotalSteps(options) - 10, "the two finished phases (10 steps) are restored, not run");

        PolicyIterationFingerprint(resumed).ShouldBeBitwiseEqual(PolicyIterationFingerprint(reference), "the finished phases are restored and the interrupted one runs again from its start");
    }

    [Fact]
    public void A_policy_iteration_solve_without_ResumeFromCheckpoint_overwrites_another_runs_checkpoints_and_a_resume_ignores_the_later_phases_it_left()
    {
        using var dir = new TempDirectory();
        new PolicyIterationSolver().Solve(Portfolio, PolicyIterationSetup() with { Seed = 6, CheckpointDirectory = dir.Path });
        var fresh = new PolicyIterationSolver().Solve(Portfolio, PolicyIterationSetup());

        var again = new PolicyIterationSolver().Solve(Portfolio, PolicyIterationSetup() with { CheckpointDirectory = dir.Path });
        PolicyIterationFingerprint(again).ShouldBeBitwiseEqual(PolicyIterationFingerprint(fresh), "a solve that was not asked to resume must ignore the checkpoints it finds");

        // Seed 6 again, cancelled in its second evaluation: the later phases' files in the folder are seed 5's,
        // finished, and a resume must run those phases rather than restore them.
        var seed6 = PolicyIterationSetup() with { Seed = 6 };
        var reference6 = new PolicyIterationSolver().Solve(Portfolio, seed6);
        CancelAfter(seed6 with { CheckpointDirectory = dir.Path }, 12);
        var resumed6 = new PolicyIterationSolver().Solve(Portfolio, seed6 with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true });

        PolicyIterationFingerprint(resumed6).ShouldBeBitwiseEqual(PolicyIterationFingerprint(reference6), "phases after the interrupted one start afresh, whatever files the folder holds");
    }

    [Fact]
    public void A_policy_iteration_checkpoint_whose_sampler_state_is_corrupt_is_refused_by_entry_name_and_left_alone()
    {
        using var dir = new TempDirectory();
        var options = PolicyIterationSetup() with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        CancelAfter(options, 4);

        var path = Path.Combine(dir.Path, "iter0-evaluation.safetensors");
        var doc = Io.SafetensorsReader.Read(path);
        doc.Entries.Select(e => e.Name).Should().Contain(["state.phase.iteration", "state.phase.kind", "state.adaptive_sampling.times", "state.adaptive_sampling.states"]);
        var entries = doc.Entries.Select(e => e.Name == "state.adaptive_sampling.times" ? Io.SafetensorsEntry.FromFloat64(e.Name, [2, 1], [0.5, double.NaN]) : e).ToList();
        Io.SafetensorsWriter.Write(path, new Io.SafetensorsDocument(entries, doc.Metadata));
        var corrupt = File.ReadAllBytes(path);

        FluentActions.Invoking(() => new PolicyIterationSolver().Solve(Portfolio, options)).Should().Throw<InvalidDataException>().WithMessage("*state entry 'state.adaptive_sampling.times' holds NaN or infinite values*");
        File.ReadAllBytes(path).Should().Equal(corrupt, "a refused checkpoint is not overwritten");
    }

    [Fact]
    public void A_policy_iteration_checkpoint_of_another_phase_is_refused_by_its_phase_entries()
    {
        using var dir = new TempDirectory();
        var options = PolicyIterationSetup() with { CheckpointDirectory = dir.Path, ResumeFromCheckpoint = true };
        CancelAfter(options, 12);
        string Phase(int iteration, string phase) => Path.Combine(dir.Path, $"iter{iteration}-{phase}.safetensors");
        var improvement = File.ReadAllBytes(Phase(0, "improvement"));

        // The networks have the same shapes; only the phase entries tell an evaluation's file from an improvement's.
        File.Copy(Phase(0, "evaluation"), Phase(0, "improvement"), overwrite: true);
        FluentActions.Invoking(() => new PolicyIterationSolver().Solve(Portfolio, options)).Should().Throw<InvalidDataException>().WithMessage("*state entry 'state.phase.kind' is 0 (evaluation), but this is the improvement of iteration 0*");

        File.WriteAllBytes(Phase(0, "improvement"), improvement);
        File.Copy(Phase(0, "evaluation"), Phase(1, "evaluation"), overwrite: true);
        FluentActions.Invoking(() => new PolicyIterationSolver().Solve(Portfolio, options)).Should().Throw<InvalidDataException>().WithMessage("*state entry 'state.phase.iteration' is 0, but this is the evaluation of iteration 1*");
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

    /// <summary>
    /// Tiny networks and phases (6-step first evaluation, then 4 steps a phase, three iterations) with every piece
    /// of phase state at work: a sampling pool refreshed every 3 steps (so resumes fall between refreshes), the
    /// terminal loss term of an ansatz that does not enforce V(T) = g, and a tolerance that never stops the loop.
    /// </summary>
    private static PolicyIterationOptions PolicyIterationSetup() => PolicyIterationOptions.Quick with
    {
        ValueHiddenWidths = [8, 8],
        ControlHiddenWidths = [8, 8],
        MaxIterations = 3,
        Tolerance = 1e-12,
        InitialEvaluationSteps = 6,
        EvaluationSteps = 4,
        ImprovementSteps = 4,
        BatchSize = 32,
        TerminalBatchSize = 16,
        ImprovementPoints = 32,
        AdaptiveSampling = new AdaptiveSamplingOptions { RefreshEvery = 3, Candidates = 64, PoolSize = 16, BatchFraction = 0.25 },
        EvaluationPoints = 32,
        ReportEvery = 1,
        Seed = 5,
    };

    /// <summary>The optimiser steps of a solve that runs every iteration (one progress report each with ReportEvery = 1).</summary>
    private static int TotalSteps(PolicyIterationOptions options)
        => options.InitialEvaluationSteps + ((options.MaxIterations - 1) * (options.EvaluationSteps + options.ImprovementSteps));

    /// <summary>Solves until the given progress report (one per step), then cancels; the solve must end cancelled.</summary>
    private static void CancelAfter(PolicyIterationOptions options, int reportCount)
        => CancelAfter(reportCount, (progress, token) => new PolicyIterationSolver().Solve(Portfolio, options, progress, token));

    /// <summary>Runs a solve that cancels itself at the given progress report; it must end cancelled (its checkpoint written).</summary>
    private static void CancelAfter(int reportCount, Action<IProgress<TrainingProgress>, CancellationToken> solve)
    {
        using var cts = new CancellationTokenSource();
        var reports = 0;
        var progress = new Sync(_ => { if (++reports == reportCount) cts.Cancel(); });
        FluentActions.Invoking(() => solve(progress, cts.Token)).Should().Throw<OperationCanceledException>();
    }

    /// <summary>History and metrics, both networks, and the outer loop's record (all but its wall times).</summary>
    private static double[] PolicyIterationFingerprint(PolicyIterationResult result)
    {
        var values = new List<double>(Common(result)) { result.Converged ? 1 : 0 };
        foreach (var (_, p) in result.Value.Network.NamedParameters().Concat(result.Policy.Network.NamedParameters()))
        {
            values.AddRange(p.ToDoubleArray());
        }

        foreach (var s in result.Iterations)
        {
            values.AddRange([s.Iteration, s.EvaluationLoss, s.ResidualRms, s.ValueChange, s.MaxValueIncrease, s.Monotone ? 1 : 0, s.ImprovementHamiltonian]);
        }

        return [.. values];
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
