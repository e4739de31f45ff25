using FsCheck;
using FsCheck.Fluent;
using NeuralHjb.Reliability.Worker;
using NeuralHjb.Testing;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// Mutated training checkpoints must resume or fail with <see cref="InvalidDataException"/>, leaving the
/// trainer, parameters, optimiser and history untouched on failure; what resumes must train on
/// without any other exception.
/// </summary>
public sealed class TrainingCheckpointFuzzTests : IDisposable
{
    // Input dropout puts a solver-side state (the mask generator's position) into the checkpoint, so mutations reach it too.
    private static readonly TrainingSetup Setup = new() { Width = 4, Batch = 8, Steps = 12, ReportEvery = 2, Dropout = 0.1 };
    private static readonly byte[] Valid = BuildValid();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] BuildValid()
    {
        using var dir = new TempDirectory();
        var path = dir.File("valid.safetensors");
        var run = new TrainingRun(Setup with { CheckpointPath = path });
        using var cts = new CancellationTokenSource();
        FluentActions.Invoking(() => run.Run(onStep: s => { if (s == 6) cts.Cancel(); }, cts.Token)).Should().Throw<OperationCanceledException>();
        return File.ReadAllBytes(path);
    }

    private bool ResumesOrRejectsCleanly(SafetensorsMutator.Mutation[] mutations)
    {
        var path = _dir.File("mutated.safetensors");
        File.WriteAllBytes(path, SafetensorsMutator.Apply(Valid, mutations));
        var run = new TrainingRun(Setup with { CheckpointPath = _dir.File("continued.safetensors") });
        var before = run.Fingerprint();
        try
        {
            run.Trainer.Resume(path);
        }
        catch (InvalidDataException)
        {
            return Bits.Equal(run.Fingerprint(), before);
        }

        try
        {
            run.Run();
        }
        catch (TrainingDivergedException)
        {
            // A mutated but finite value may legitimately make training diverge; that is reported, not hidden.
        }

        return true;
    }

    [Fact]
    public void Mutated_training_checkpoints_resume_or_fail_with_InvalidDataException_and_change_nothing() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), Prop.ForAll(SafetensorsMutator.Mutations(Valid), ResumesOrRejectsCleanly));

    [NightlyFact]
    [Trait("Category", "Nightly")]
    public void Mutated_training_checkpoints_resume_or_fail_with_InvalidDataException_and_change_nothing_10000_cases() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), Prop.ForAll(SafetensorsMutator.Mutations(Valid), ResumesOrRejectsCleanly));

    [Theory]
    [InlineData("history.steps stored as I64", "history.steps is I64")]
    [InlineData("history.steps not increasing", "history.steps[1]")]
    [InlineData("history.steps NaN", "history.steps[0] = NaN")]
    [InlineData("NaN in a parameter", "parameter 'layers.0.weight' holds NaN")]
    [InlineData("infinity in an Adam moment", "optimiser state 'optim.param.0.exp_avg' holds NaN or infinite")]
    [InlineData("series order metadata garbled", "metadata history.series")]
    [InlineData("trainer.step fractional", "trainer.step is not a non-negative integer")]
    [InlineData("state entry missing", "state entry 'state.dropout.position' is missing")]
    [InlineData("state entry of another dtype", "state entry 'state.dropout.position' is F64, not I64")]
    [InlineData("state of another generator", "state entry 'state.dropout.seed' is 99")]
    [InlineData("state entry nobody reads", "unexpected state entry 'state.dropout.extra'")]
    [InlineData("state of an unknown owner", "unexpected state entry 'state.balancer.ema'")]
    public void Specific_corruptions_are_refused_by_name_and_change_nothing(string corruption, string message)
    {
        var doc = Io.SafetensorsReader.Read(Valid);
        var entries = doc.Entries.ToList();
        var metadata = new Dictionary<string, string>(doc.Metadata);
        void Replace(string name, Func<Io.SafetensorsEntry, Io.SafetensorsEntry> edit)
        {
            var i = entries.FindIndex(e => e.Name == name);
            i.Should().BeGreaterThanOrEqualTo(0, $"the valid checkpoint has '{name}'");
            entries[i] = edit(entries[i]);
        }

        double[] Edited(Io.SafetensorsEntry e, int index, double value)
        {
            var v = e.ToFloat64Array();
            v[index] = value;
            return v;
        }

        switch (corruption)
        {
            case "history.steps stored as I64":
                Replace("history.steps", e => Io.SafetensorsEntry.FromInt64(e.Name, e.GetShape(), e.ToFloat64Array().Select(v => (long)v).ToArray()));
                break;
            case "history.steps not increasing":
                Replace("history.steps", e => Io.SafetensorsEntry.FromFloat64(e.Name, e.GetShape(), Edited(e, 1, 1)));
                break;
            case "history.steps NaN":
                Replace("history.steps", e => Io.SafetensorsEntry.FromFloat64(e.Name, e.GetShape(), Edited(e, 0, double.NaN)));
                break;
            case "NaN in a parameter":
                Replace("param.layers.0.weight", e => Io.SafetensorsEntry.FromFloat64(e.Name, e.GetShape(), Edited(e, 3, double.NaN)));
                break;
            case "infinity in an Adam moment":
                Replace("optim.param.0.exp_avg", e => Io.SafetensorsEntry.FromFloat64(e.Name, e.GetShape(), Edited(e, 0, double.PositiveInfinity)));
                break;
            case "state entry missing":
                entries.RemoveAll(e => e.Name == "state.dropout.position");
                break;
            case "state entry of another dtype":
                Replace("state.dropout.position", e => Io.SafetensorsEntry.FromFloat64(e.Name, [], [e.ToInt64Array()[0]]));
                break;
            case "state of another generator":
                Replace("state.dropout.seed", e => Io.SafetensorsEntry.FromInt64(e.Name, [], [99]));
                break;
            case "state entry nobody reads":
                entries.Add(Io.SafetensorsEntry.FromInt64("state.dropout.extra", [], [1]));
                break;
            case "state of an unknown owner":
                entries.Add(Io.SafetensorsEntry.FromFloat64("state.balancer.ema", [2], [1, 2]));
                break;
            case "series order metadata garbled":
                metadata["history.series"] = "[\"loss\", \"fit\"";
                break;
            default:
                Replace("trainer.step", e => Io.SafetensorsEntry.FromFloat64(e.Name, e.GetShape(), [6.5]));
                break;
        }

        var path = _dir.File("corrupt.safetensors");
        Io.SafetensorsWriter.Write(path, new Io.SafetensorsDocument(entries, metadata));
        var run = new TrainingRun(Setup);
        var before = run.Fingerprint();
        var act = () => run.Trainer.Resume(path);
        act.Should().Throw<InvalidDataException>().WithMessage($"*{message}*");
        run.Fingerprint().ShouldBeBitwiseEqual(before, "a refused checkpoint changes nothing");
    }

    [Fact]
    public void The_unmutated_checkpoint_resumes()
    {
        var path = _dir.File("valid.safetensors");
        File.WriteAllBytes(path, Valid);
        var run = new TrainingRun(Setup);
        run.Trainer.Resume(path);
        run.Trainer.CompletedSteps.Should().Be(7);
        run.Trainer.History.SeriesNames.Should().Equal("loss", "fit", "reg");
    }

    [Fact]
    public void A_checkpoint_of_another_network_is_refused_by_name()
    {
        var path = _dir.File("valid.safetensors");
        File.WriteAllBytes(path, Valid);
        var other = new TrainingRun(Setup with { Width = 5 });
        var act = () => other.Trainer.Resume(path);
        act.Should().Throw<InvalidDataException>().WithMessage("*parameter 'layers.0.weight'*");
        other.Trainer.CompletedSteps.Should().Be(0);
    }

    [Fact]
    public void A_checkpoint_of_a_longer_run_is_refused()
    {
        var path = _dir.File("valid.safetensors");
        File.WriteAllBytes(path, Valid);
        var shorter = new TrainingRun(Setup with { Steps = 6 });
        var before = shorter.Fingerprint();
        FluentActions.Invoking(() => shorter.Trainer.Resume(path)).Should().Throw<InvalidDataException>().WithMessage("*trainer.step 7 exceeds the 6 steps*");
        shorter.Fingerprint().ShouldBeBitwiseEqual(before, "a refused checkpoint changes nothing");
    }

    [Fact]
    public void A_missing_checkpoint_is_a_FileNotFoundException_and_an_empty_path_an_ArgumentException()
    {
        var run = new TrainingRun(Setup);
        FluentActions.Invoking(() => run.Trainer.Resume(_dir.File("absent.safetensors"))).Should().Throw<FileNotFoundException>();
        FluentActions.Invoking(() => run.Trainer.Resume(string.Empty)).Should().Throw<ArgumentException>().WithParameterName("checkpointPath");
    }
}
