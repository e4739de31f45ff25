using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Training;

public class TrainerTests
{
    /// <summary>A tiny regression y = 2x + 1 whose data for each step come from the step index.</summary>
    private sealed class Regression
    {
        public Tensor W { get; } = Tensor.Zeros([1, 1], DType.Float64).RequireGrad();

        public Tensor B { get; } = Tensor.Zeros([1], DType.Float64).RequireGrad();

        public KeyValuePair<string, Tensor>[] Named => [new("w", W), new("b", B)];

        public Adam Optimizer() => new([W, B], learningRate: 0.05);

        public Func<int, LossEvaluation> Objective(int nanAtStep = -1, Action<int>? onStep = null) => step =>
        {
            onStep?.Invoke(step);
            var rng = new Philox(42, (ulong)step);
            var x = Tensor.Uniform([32, 1], rng, -1, 1, DType.Float64);
            var y = x * 2.0 + 1.0 + Tensor.Normal([32, 1], rng, 0, 0.01, DType.Float64);
            var fit = (x.MatMul(W) + B - y).Square().Mean();
            var total = step == nanAtStep ? fit * double.NaN : fit;
            return new LossEvaluation(total, [new("fit", fit)]);
        };
    }

    [Fact]
    public void Training_fits_the_regression_and_records_history()
    {
        var r = new Regression();
        var trainer = new Trainer(r.Named, r.Optimizer(), new TrainerOptions { Steps = 300, ReportEvery = 25 });
        var reports = new List<TrainingProgress>();
        var history = trainer.Run(r.Objective(), new SynchronousProgress<TrainingProgress>(reports.Add));

        r.W[0, 0].Should().BeApproximately(2.0, 0.05);
        r.B[0].Should().BeApproximately(1.0, 0.05);
        history.Steps.Should().Equal(Enumerable.Range(1, 12).Select(i => i * 25));
        history["fit"][^1].Should().BeLessThan(history["fit"][0]);
        reports.Should().HaveCount(12);
        reports[^1].Step.Should().Be(300);
    }

    [Fact]
    public void A_run_cancelled_midway_and_resumed_from_its_checkpoint_ends_bitwise_identical()
    {
        var dir = Directory.CreateTempSubdirectory("neuralhjb-trainer-");
        try
        {
            var reference = new Regression();
            var referenceHistory = new Trainer(reference.Named, reference.Optimizer(), new TrainerOptions { Steps = 60, ReportEvery = 5 }).Run(reference.Objective());

            var path = Path.Combine(dir.FullName, "ckpt.safetensors");
            var options = new TrainerOptions { Steps = 60, ReportEvery = 5, CheckpointPath = path, CheckpointEvery = 10 };
            using var cts = new CancellationTokenSource();
            var first = new Regression();
            var interrupted = new Trainer(first.Named, first.Optimizer(), options);
            var act = () => interrupted.Run(first.Objective(onStep: s => { if (s == 33) cts.Cancel(); }), cancellationToken: cts.Token);
            act.Should().Throw<OperationCanceledException>();
            interrupted.CompletedSteps.Should().Be(34);

            var second = new Regression();
            var resumed = new Trainer(second.Named, second.Optimizer(), options);
            resumed.Resume(path);
            resumed.CompletedSteps.Should().Be(34);
            var history = resumed.Run(second.Objective());

            second.W.ToDoubleArray().Should().Equal(reference.W.ToDoubleArray());
            second.B.ToDoubleArray().Should().Equal(reference.B.ToDoubleArray());
            history.Steps.Should().Equal(Enumerable.Range(1, 12).Select(i => i * 5));
            history["loss"].Should().Equal(referenceHistory["loss"]);
            history["fit"].Should().Equal(referenceHistory["fit"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_nan_loss_stops_with_a_diagnostic_naming_the_step_and_term()
    {
        var r = new Regression();
        var trainer = new Trainer(r.Named, r.Optimizer(), new TrainerOptions { Steps = 50 });
        var act = () => trainer.Run(r.Objective(nanAtStep: 6));
        var e = act.Should().Throw<TrainingDivergedException>().Which;
        e.Step.Should().Be(7);
        e.Terms["loss"].Should().Be(double.NaN);
        e.Message.Should().Contain("step 7").And.Contain("loss=NaN");
        trainer.CompletedSteps.Should().Be(6);
    }

    [Fact]
    public void A_nan_gradient_names_the_parameters()
    {
        var r = new Regression();
        var trainer = new Trainer(r.Named, r.Optimizer(), new TrainerOptions { Steps = 5 });
        var act = () => trainer.Run(_ => new LossEvaluation((r.W.Sqrt() * 0.0).Sum() + r.B.Sum()));
        act.Should().Throw<TrainingDivergedException>().Which.NonFiniteParameters.Should().Equal("w");
    }

    [Fact]
    public void Rollback_policy_recovers_from_one_divergence_with_a_smaller_learning_rate()
    {
        var r = new Regression();
        var optimizer = r.Optimizer();
        var trainer = new Trainer(r.Named, optimizer, new TrainerOptions
        {
            Steps = 200,
            SnapshotEvery = 10,
            OnDivergence = DivergencePolicy.RollbackAndReduceLearningRate,
        });
        var fired = false;
        var objective = r.Objective();
        trainer.Run(step =>
        {
            if (step == 25 && !fired)
            {
                fired = true;
                return new LossEvaluation(Tensor.Scalar(double.NaN, DType.Float64));
            }

            return objective(step);
        });

        trainer.Rollbacks.Should().Be(1);
        optimizer.LearningRate.Should().BeApproximately(0.025, 1e-15);
        r.W[0, 0].Should().BeApproximately(2.0, 0.05);
    }

    [Fact]
    public void A_corrupt_checkpoint_is_rejected_and_changes_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("neuralhjb-trainer-");
        try
        {
            var path = Path.Combine(dir.FullName, "bad.safetensors");
            File.WriteAllBytes(path, [1, 2, 3]);
            var r = new Regression();
            var trainer = new Trainer(r.Named, r.Optimizer(), new TrainerOptions { Steps = 5 });
            var act = () => trainer.Resume(path);
            act.Should().Throw<InvalidDataException>();
            r.W[0, 0].Should().Be(0.0);
            trainer.CompletedSteps.Should().Be(0);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Options_out_of_range_are_rejected_by_name()
    {
        var r = new Regression();
        var act = () => new Trainer(r.Named, r.Optimizer(), new TrainerOptions { Steps = 0 });
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Steps");
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
