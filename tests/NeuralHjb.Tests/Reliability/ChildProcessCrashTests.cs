using System.Globalization;
using NeuralHjb.Reliability.Worker;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// Crashes for real: the worker trains in a child process that the test kills (SIGKILL, no cleanup)
/// in the middle of a step or in the middle of writing a checkpoint. Whatever it left on disk must
/// resume — in this process or another — to exactly the bits of an uninterrupted run.
/// </summary>
public class ChildProcessCrashTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static string Arg(long v) => v.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(5, 7, 0)]
    [InlineData(37, 7, 0)]
    [InlineData(52, 10, 0)]
    [InlineData(23, 5, 0.2)]
    public void A_child_killed_mid_step_resumes_from_its_last_checkpoint_to_the_uninterrupted_bits(int killStep, int checkpointEvery, double dropout)
    {
        using var dir = new TempDirectory();
        var path = dir.File("ckpt.safetensors");
        var setup = new TrainingSetup { CheckpointPath = path, CheckpointEvery = checkpointEvery, Dropout = dropout };
        string[] extra = dropout > 0 ? ["dropout", dropout.ToString("R", CultureInfo.InvariantCulture)] : [];
        var reference = new TrainingRun(setup with { CheckpointPath = null });
        reference.Run();

        using (var child = WorkerProcess.Start(["train", path, Arg(setup.Steps), Arg(checkpointEvery), Arg((long)setup.Seed), Arg(setup.Width), "hang-at", Arg(killStep), .. extra]))
        {
            child.WaitForLine(l => l == "step " + Arg(killStep));
            child.Kill();
        }

        // What the child left, kept aside for a second process to resume from.
        var left = dir.File("left.safetensors");
        if (File.Exists(path))
        {
            File.Copy(path, left);
        }

        // In this process.
        var resumed = new TrainingRun(setup);
        var lastCheckpoint = killStep / checkpointEvery * checkpointEvery;
        File.Exists(path).Should().Be(lastCheckpoint > 0, "checkpoints are written every {0} steps", checkpointEvery);
        if (lastCheckpoint > 0)
        {
            resumed.Trainer.Resume(path);
        }

        resumed.Trainer.CompletedSteps.Should().Be(lastCheckpoint);
        resumed.RunAndFingerprint().ShouldBeBitwiseEqual(reference.Fingerprint(), "resuming what the killed child left must give the uninterrupted bits");

        // And in another process.
        File.Delete(path);
        if (File.Exists(left))
        {
            File.Move(left, path);
        }

        using var second = WorkerProcess.Start(["train", path, Arg(setup.Steps), Arg(checkpointEvery), Arg((long)setup.Seed), Arg(setup.Width), "resume", .. extra]);
        var (_, lines) = second.Finish();
        lines[^1].Should().Be("done " + reference.Digest(), "a resumed child process must reproduce this process's bits");
    }

    [Fact]
    public void Killing_a_child_while_it_writes_checkpoints_never_leaves_a_corrupt_latest_checkpoint()
    {
        // A 16 MB ballast parameter makes each checkpoint write long next to a training step; half the
        // kills wait for a write to be in progress (its temporary file exists), half come at a random moment.
        const int width = 16;
        const int ballast = 2_000_000;
        const int attempts = 5;
        var rng = new System.Random(4242);
        using var dir = new TempDirectory();
        var path = dir.File("ckpt.safetensors");
        var setup = new TrainingSetup { Width = width, Steps = 100_000, CheckpointPath = path, CheckpointEvery = 1, Ballast = ballast };

        var reached = new List<int>();
        var references = new Dictionary<int, double[]>();
        var interruptedWrites = 0;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            File.Delete(path);
            using (var child = WorkerProcess.Start("train", path, Arg(setup.Steps), "1", Arg((long)setup.Seed), Arg(width), "ballast", Arg(ballast)))
            {
                child.WaitForLine(l => l == "step 2");
                if (attempt % 2 == 0)
                {
                    // Kill as soon as a write is seen in progress (its temporary file exists): under any
                    // machine load this lands inside a write most of the time.
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (Directory.GetFiles(dir.Path, ".ckpt.safetensors.*.tmp").Length == 0 && DateTime.UtcNow < deadline)
                    {
                        Thread.SpinWait(100);
                    }
                }
                else
                {
                    Thread.Sleep(rng.Next(0, 60));
                }

                child.Kill();
            }

            var temporaries = Directory.GetFiles(dir.Path, ".ckpt.safetensors.*.tmp");
            interruptedWrites += temporaries.Length > 0 ? 1 : 0;

            var resumed = new TrainingRun(setup);
            resumed.Trainer.Resume(path);
            resumed.Trainer.CompletedSteps.Should().BeGreaterThanOrEqualTo(2, "the checkpoint of step 2 was complete before the child printed 'step 2'");
            Directory.GetFiles(dir.Path, "*.tmp").Should().BeEmpty("resuming deletes what a killed writer left");
            reached.Add(resumed.Trainer.CompletedSteps);
            var completed = resumed.Trainer.CompletedSteps;
            if (!references.TryGetValue(completed, out var expected))
            {
                references[completed] = expected = ReferenceAt(setup, completed);
            }

            resumed.Fingerprint().ShouldBeBitwiseEqual(expected, $"the checkpoint left by a kill at step {resumed.Trainer.CompletedSteps} must hold exactly that step's state");
        }

        // The test is only meaningful if some kills interrupted a write; report how many did.
        output.WriteLine($"{interruptedWrites} of {attempts} kills interrupted a checkpoint write; steps reached: {string.Join(", ", reached)}");
        interruptedWrites.Should().BeGreaterThan(0, $"at least one of {attempts} kills should land mid-write (steps reached: {string.Join(", ", reached)})");
    }

    /// <summary>The state after <paramref name="steps"/> steps: cancel during the last one, so the trainer stops right after it.</summary>
    private static double[] ReferenceAt(TrainingSetup setup, int steps)
    {
        var run = new TrainingRun(setup with { CheckpointPath = null });
        using var cts = new CancellationTokenSource();
        FluentActions.Invoking(() => run.Run(onStep: s => { if (s == steps - 1) cts.Cancel(); }, cts.Token)).Should().Throw<OperationCanceledException>();
        run.Trainer.CompletedSteps.Should().Be(steps);
        return run.Fingerprint();
    }

    [Fact]
    public void Every_engine_op_gives_the_same_bits_cold_and_after_the_JIT_has_optimised_it()
    {
        using var child = WorkerProcess.Start("ops");
        var (_, lines) = child.Finish();
        lines.Where(l => l.StartsWith("changed ", StringComparison.Ordinal)).Should().BeEmpty("an op's bits must not depend on whether precompiled, quick or optimised code runs it");
        lines[^1].Should().StartWith("ops ").And.NotBe("ops 0");
    }
}
