using NeuralHjb.Optim;
using NeuralHjb.Reliability.Worker;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// NaN/inf in a gradient or loss term of a real network: the trainer stops with a diagnostic naming
/// the step, the terms and the parameters and points at the last good checkpoint; or, under the
/// rollback policy, returns to its last snapshot with a smaller learning rate — and that recovery is
/// itself exactly reproducible, across a checkpoint and resume too.
/// </summary>
public class DivergenceTests
{
    private const string Poisoned = "layers.1.weight";

    /// <summary>A term whose value is exactly 0 but whose gradient is NaN for one named parameter: d/dp √|p − p| at 0.</summary>
    private static Func<int, TrainingRun, Tensor?> NanGradientAt(Func<int, bool> when) => (step, run) =>
    {
        if (!when(step))
        {
            return null;
        }

        var p = run.Net.NamedParameters().Single(kv => kv.Key == Poisoned).Value;
        return (p - p.Detach()).Abs().Sqrt().Sum();
    };

    [Fact]
    public void A_nan_gradient_in_one_parameter_of_an_mlp_stops_naming_step_and_parameter_and_offers_the_last_good_checkpoint()
    {
        using var dir = new TempDirectory();
        var setup = new TrainingSetup { CheckpointPath = dir.File("ckpt.safetensors"), CheckpointEvery = 5 };
        var run = new TrainingRun(setup);
        var act = () => run.Trainer.Run(run.Objective(extra: NanGradientAt(s => s == 17)));

        var e = act.Should().Throw<TrainingDivergedException>().Which;
        e.Step.Should().Be(18, "steps are reported 1-based: the 18th step went wrong");
        e.NonFiniteParameters.Should().Equal(Poisoned);
        e.Terms.Values.Should().OnlyContain(v => double.IsFinite(v), "the loss itself was finite; only a gradient was not");
        e.Terms.Keys.Should().Contain(["loss", "fit", "reg"]);
        e.LastGoodCheckpoint.Should().Be(setup.CheckpointPath);
        e.Message.Should().Contain("step 18").And.Contain(Poisoned).And.Contain(setup.CheckpointPath);
        run.Trainer.CompletedSteps.Should().Be(17, "the poisoned step is not applied");

        // The offered checkpoint is the state after step 15, exactly.
        var reference = new TrainingRun(setup with { CheckpointPath = null });
        using var cts = new CancellationTokenSource();
        FluentActions.Invoking(() => reference.Run(onStep: s => { if (s == 14) cts.Cancel(); }, cts.Token)).Should().Throw<OperationCanceledException>();
        var restored = new TrainingRun(setup);
        restored.Trainer.Resume(e.LastGoodCheckpoint!);
        restored.Trainer.CompletedSteps.Should().Be(15);
        restored.Fingerprint().ShouldBeBitwiseEqual(reference.Fingerprint(), "the last good checkpoint holds the state of step 15");
    }

    [Fact]
    public void A_non_finite_loss_term_is_named_even_when_the_total_is_finite()
    {
        var run = new TrainingRun(new TrainingSetup());
        var objective = run.Objective();
        var act = () => run.Trainer.Run(step =>
        {
            var ev = objective(step);
            return step < 4 ? ev : new LossEvaluation(ev.Total, [.. ev.Terms, new("penalty", Tensor.Scalar(double.PositiveInfinity, DType.Float64))]);
        });

        var e = act.Should().Throw<TrainingDivergedException>().Which;
        e.Step.Should().Be(5);
        e.Terms["penalty"].Should().Be(double.PositiveInfinity);
        e.Message.Should().Contain("penalty=Infinity").And.Contain("no checkpoint was written");
        e.LastGoodCheckpoint.Should().BeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.2)] // the dropout generator's position is solver-side state: the snapshot must rewind it too
    public void Rollback_with_a_reduced_learning_rate_equals_a_run_that_lowered_the_rate_at_the_snapshot(double dropout)
    {
        var setup = new TrainingSetup { OnDivergence = DivergencePolicy.RollbackAndReduceLearningRate, SnapshotEvery = 10, UseSchedule = false, Dropout = dropout };
        var rolled = new TrainingRun(setup);
        var fired = false;
        rolled.Trainer.Run(rolled.Objective(extra: NanGradientAt(s =>
        {
            var fire = s == 23 && !fired;
            fired |= fire;
            return fire;
        })));
        rolled.Trainer.Rollbacks.Should().Be(1);
        rolled.Optimizer.LearningRate.Should().Be(TrainingRun.LearningRate * 0.5);

        // Reference: 20 steps at the full rate, then the rest at half, never diverging.
        var reference = new TrainingRun(setup);
        using var cts = new CancellationTokenSource();
        FluentActions.Invoking(() => reference.Run(onStep: s => { if (s == 19) cts.Cancel(); }, cts.Token)).Should().Throw<OperationCanceledException>();
        reference.Optimizer.LearningRate = TrainingRun.LearningRate * 0.5;
        reference.Run();

        rolled.Fingerprint().ShouldBeBitwiseEqual(reference.Fingerprint(), "a rollback restores the step-20 snapshot exactly and continues at half the rate");
    }

    [Fact]
    public void Rollback_state_survives_a_checkpoint_and_resume()
    {
        // With a schedule, the reduction after a rollback is a factor the trainer keeps; a resumed run
        // must keep it too, or it would continue at the full rate.
        using var dir = new TempDirectory();
        var setup = new TrainingSetup
        {
            OnDivergence = DivergencePolicy.RollbackAndReduceLearningRate,
            SnapshotEvery = 10,
            CheckpointPath = dir.File("ckpt.safetensors"),
            CheckpointEvery = 6,
        };
        var nanOnceAt23 = NanOnce(23);
        var uninterrupted = new TrainingRun(setup with { CheckpointPath = dir.File("other.safetensors") });
        uninterrupted.Trainer.Run(uninterrupted.Objective(extra: nanOnceAt23));
        uninterrupted.Trainer.Rollbacks.Should().Be(1);

        var first = new TrainingRun(setup);
        using var cts = new CancellationTokenSource();
        var poison = NanOnce(23);
        FluentActions.Invoking(() => first.Trainer.Run(first.Objective(onStep: s => { if (s == 40) cts.Cancel(); }, extra: poison), cancellationToken: cts.Token))
            .Should().Throw<OperationCanceledException>();

        var resumed = new TrainingRun(setup);
        resumed.Trainer.Resume(setup.CheckpointPath!);
        resumed.Trainer.Rollbacks.Should().Be(1);
        resumed.Trainer.Run(resumed.Objective());
        resumed.Fingerprint().ShouldBeBitwiseEqual(uninterrupted.Fingerprint(), "the learning-rate reduction of a rollback must survive a resume");
    }

    [Fact]
    public void Rollbacks_that_run_out_stop_with_the_diagnostic()
    {
        var setup = new TrainingSetup { OnDivergence = DivergencePolicy.RollbackAndReduceLearningRate, SnapshotEvery = 10 };
        var run = new TrainingRun(setup);
        var act = () => run.Trainer.Run(run.Objective(extra: NanGradientAt(s => s >= 23)));
        var e = act.Should().Throw<TrainingDivergedException>().Which;
        run.Trainer.Rollbacks.Should().Be(3, "the default allows three rollbacks");
        e.NonFiniteParameters.Should().Equal(Poisoned);
        e.Step.Should().Be(24);
    }

    private static Func<int, TrainingRun, Tensor?> NanOnce(int step)
    {
        var fired = false;
        return NanGradientAt(s =>
        {
            var fire = s == step && !fired;
            fired |= fire;
            return fire;
        });
    }
}
