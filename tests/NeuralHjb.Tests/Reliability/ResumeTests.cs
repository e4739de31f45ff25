using NeuralHjb.Reliability.Worker;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// Interrupting training at any step — by cancellation (which writes a checkpoint) or by a crash
/// (which does not: only the last periodic checkpoint survives) — and resuming in a fresh trainer must
/// end with exactly the parameters, optimiser state and history of an uninterrupted run.
/// </summary>
public class ResumeTests
{
    private static readonly double[] Reference = new TrainingRun(new TrainingSetup()).RunAndFingerprint();

    /// <summary>Seeded random interruption points: (step index, checkpoint interval).</summary>
    public static TheoryData<int, int> Interruptions()
    {
        var rng = new System.Random(20260121);
        var data = new TheoryData<int, int>();
        int[] intervals = [1, 4, 7, 10, 0];
        for (var i = 0; i < 10; i++)
        {
            data.Add(rng.Next(0, new TrainingSetup().Steps), intervals[i % intervals.Length]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Interruptions))]
    public void Cancelled_at_a_random_step_and_resumed_ends_bitwise_identical(int step, int checkpointEvery)
    {
        using var dir = new TempDirectory();
        var setup = new TrainingSetup { CheckpointPath = dir.File("ckpt.safetensors"), CheckpointEvery = checkpointEvery };
        using var cts = new CancellationTokenSource();
        var first = new TrainingRun(setup);
        var act = () => first.Run(onStep: s => { if (s == step) cts.Cancel(); }, cts.Token);
        act.Should().Throw<OperationCanceledException>();
        first.Trainer.CompletedSteps.Should().Be(step + 1, "cancellation is honoured between steps, after the step in flight");

        var resumed = new TrainingRun(setup);
        resumed.Trainer.Resume(setup.CheckpointPath!);
        resumed.Trainer.CompletedSteps.Should().Be(step + 1, "cancellation writes a checkpoint of the state it stops in");
        resumed.RunAndFingerprint().ShouldBeBitwiseEqual(Reference, $"a run cancelled at step {step} and resumed must equal the uninterrupted run");
    }

    [Theory]
    [MemberData(nameof(Interruptions))]
    public void Crashed_at_a_random_step_and_resumed_from_the_last_periodic_checkpoint_ends_bitwise_identical(int step, int checkpointEvery)
    {
        using var dir = new TempDirectory();
        var setup = new TrainingSetup { CheckpointPath = dir.File("ckpt.safetensors"), CheckpointEvery = checkpointEvery };
        var first = new TrainingRun(setup);
        var act = () => first.Run(onStep: s => { if (s == step) throw new SimulatedCrashException(); });
        act.Should().Throw<SimulatedCrashException>();

        var resumed = new TrainingRun(setup);
        var expected = checkpointEvery == 0 ? 0 : step / checkpointEvery * checkpointEvery;
        if (File.Exists(setup.CheckpointPath))
        {
            resumed.Trainer.Resume(setup.CheckpointPath!);
        }

        resumed.Trainer.CompletedSteps.Should().Be(expected, "a crash loses only the steps after the last periodic checkpoint");
        resumed.RunAndFingerprint().ShouldBeBitwiseEqual(Reference, $"a run crashed at step {step} and resumed from step {expected} must equal the uninterrupted run");
    }

    [Theory]
    [MemberData(nameof(Interruptions))]
    public void With_dropout_cancelled_at_a_random_step_and_resumed_ends_bitwise_identical_including_the_mask_generator(int step, int checkpointEvery)
    {
        // Dropout's generator lives as long as the model, so its position is state the checkpoint must carry.
        var withDropout = new TrainingSetup { Dropout = 0.2 };
        var reference = new TrainingRun(withDropout).RunAndFingerprint();
        reference.Should().NotEqual(Reference, "dropout changes the training");
        using var dir = new TempDirectory();
        var setup = withDropout with { CheckpointPath = dir.File("ckpt.safetensors"), CheckpointEvery = checkpointEvery };
        using var cts = new CancellationTokenSource();
        var first = new TrainingRun(setup);
        FluentActions.Invoking(() => first.Run(onStep: s => { if (s == step) cts.Cancel(); }, cts.Token)).Should().Throw<OperationCanceledException>();

        var resumed = new TrainingRun(setup);
        resumed.Trainer.Resume(setup.CheckpointPath!);
        resumed.Masks!.Position.Should().Be(first.Masks!.Position, "the resumed mask generator continues where the interrupted one stopped");
        resumed.RunAndFingerprint().ShouldBeBitwiseEqual(reference, $"a run with dropout cancelled at step {step} and resumed must equal the uninterrupted run");
    }

    [Fact]
    public void Resuming_twice_in_a_row_changes_nothing()
    {
        using var dir = new TempDirectory();
        var setup = new TrainingSetup { CheckpointPath = dir.File("ckpt.safetensors"), CheckpointEvery = 5 };
        var first = new TrainingRun(setup);
        using var cts = new CancellationTokenSource();
        FluentActions.Invoking(() => first.Run(onStep: s => { if (s == 21) cts.Cancel(); }, cts.Token)).Should().Throw<OperationCanceledException>();

        var resumed = new TrainingRun(setup);
        resumed.Trainer.Resume(setup.CheckpointPath!);
        resumed.Trainer.Resume(setup.CheckpointPath!);
        resumed.RunAndFingerprint().ShouldBeBitwiseEqual(Reference, "loading the same checkpoint twice is idempotent");
    }

    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException()
            : base("simulated crash")
        {
        }
    }
}

/// <summary>Helpers over the shared training set-up.</summary>
internal static class TrainingRunExtensions
{
    public static double[] RunAndFingerprint(this TrainingRun run)
    {
        run.Run();
        return run.Fingerprint();
    }
}
