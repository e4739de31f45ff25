using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Solvers.DirectControl;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Solvers.DirectControl;

public class DirectControlSolverTests
{
    private static CarteaJaimungal Problem(double sigma = 0.2) => new(new CarteaJaimungalParameters { Sigma = sigma, A = 10, Phi = 0.7 });

    private static DirectControlPolicy Policy(CarteaJaimungal problem, DType dtype = DType.Float32, double dropout = 0)
        => DirectControlSolver.CreatePolicy(problem, CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { HiddenWidths = [4], DType = dtype, Dropout = dropout }), []);

    [Fact]
    public void Gradient_through_the_rollout_matches_finite_differences()
    {
        var problem = Problem();
        var policy = Policy(problem, DType.Float64);
        var x0 = InitialStateSampler.Box([10, 0, 0], [10, 2, 0]).Sample(problem.Dynamics, 4, new Philox(1), DType.Float64);
        var increments = GaussianIncrements.Instance.Sample(problem.Dynamics, 4, 5, 0.2, new Philox(2), DType.Float64);
        var weights = policy.Layers[0].Weight;

        var check = GradCheck.Check(
            xs =>
            {
                policy.ReplaceParameter("layers.0.weight", xs[0]);
                return DirectControlRollout.Simulate(problem, policy, x0, increments).Cost.Mean();
            },
            [weights.Detach().Clone().RequireGrad()]);
        check.Passed.Should().BeTrue(check.ToString());
    }

    [Fact]
    public void Antithetic_pairs_cancel_the_price_noise_of_a_time_and_inventory_policy()
    {
        // The cost is affine in the increments for a policy of (t, q) (q does not diffuse), so the mean over a
        // pair (dW, −dW) is the noise-free cost.
        var noisy = Problem(sigma: 0.5);
        var quiet = Problem(sigma: 0);
        var policy = Policy(noisy, DType.Float64);
        var x0 = InitialStateSampler.Box([10, 0.5, 0], [10, 1.5, 0]).Sample(noisy.Dynamics, 8, new Philox(5), DType.Float64);
        var pairX0 = Tensor.Concat([x0, x0], 0);
        var dW = GaussianIncrements.Instance.Sample(noisy.Dynamics, 8, 20, 0.05, new Philox(6), DType.Float64);
        var paired = dW.Select(w => Tensor.Concat([w, w.Neg()], 0)).ToArray();

        using var _ = Autograd.NoGrad();
        var withNoise = DirectControlRollout.Simulate(noisy, policy, pairX0, paired).Cost.Mean().Item();
        var without = DirectControlRollout.Simulate(quiet, policy, x0, dW).Cost.Mean().Item();
        withNoise.Should().BeApproximately(without, 1e-12);
    }

    [Fact]
    public void Runs_with_the_same_seed_are_bit_identical_and_different_seeds_differ()
    {
        var problem = Problem();
        var options = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { Iterations = 15, ValidationEvery = 5, ValidationBatchSize = 16 });
        var a = new DirectControlSolver().Solve(problem, options);
        var b = new DirectControlSolver().Solve(problem, options);
        var c = new DirectControlSolver().Solve(problem, options with { Seed = 9 });

        Flat(a.Policy).Should().Equal(Flat(b.Policy));
        Flat(a.Policy).Should().NotEqual(Flat(c.Policy));
        a.ValidationCosts.Should().Equal(b.ValidationCosts);
        a.ValidationSteps.Should().Equal(5, 10, 15);
    }

    [Fact]
    public void Keep_best_returns_the_lowest_held_out_cost_and_the_policy_in_evaluation_mode()
    {
        var problem = Problem();
        var options = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { Iterations = 40, ValidationEvery = 10, ValidationBatchSize = 32, Dropout = 0.2 });
        var result = new DirectControlSolver().Solve(problem, options);

        result.FinalValidationCost.Should().Be(result.ValidationCosts.Min());
        result.Policy.Training.Should().BeFalse();
        result.Policy.DropoutProbability.Should().Be(0.2);
        result.Metrics["validation_cost"].Should().Be(result.FinalValidationCost);
        result.History.Steps.Should().NotBeEmpty();
    }

    [Fact]
    public void Fine_tuning_continues_from_the_given_policy()
    {
        var problem = Problem();
        var options = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { Iterations = 30, ValidationEvery = 10, ValidationBatchSize = 32 });
        var first = new DirectControlSolver().Solve(problem, options);
        var before = first.FinalValidationCost;
        var tuned = new DirectControlSolver().Solve(problem, options with { InitialPolicy = first.Policy, Iterations = 1, LearningRate = 1e-12, FinalLearningRate = 1e-12, KeepBestValidated = false });

        // One step at a negligible rate leaves the given policy as it was, so the same held-out batch costs the same.
        tuned.Policy.Should().BeSameAs(first.Policy);
        tuned.FinalValidationCost.Should().BeApproximately(before, 1e-5);
    }

    [Fact]
    public void Cancellation_stops_training()
    {
        var problem = Problem();
        using var cts = new CancellationTokenSource();
        var progress = new Reporter(p => { if (p.Step >= 10) cts.Cancel(); });
        var options = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { ReportEvery = 10 });
        var act = () => new DirectControlSolver().Solve(problem, options, progress, cts.Token);
        act.Should().Throw<OperationCanceledException>();
    }

    [Theory]
    [InlineData("TimeSteps")]
    [InlineData("Iterations")]
    [InlineData("BatchSize")]
    [InlineData("LearningRate")]
    [InlineData("FinalLearningRate")]
    [InlineData("Dropout")]
    [InlineData("OutputScale")]
    [InlineData("ValidationEvery")]
    public void Bad_options_are_rejected_naming_the_option(string name)
    {
        var bad = name switch
        {
            "TimeSteps" => DirectControlOptions.Quick with { TimeSteps = 0 },
            "Iterations" => DirectControlOptions.Quick with { Iterations = 0 },
            "BatchSize" => DirectControlOptions.Quick with { BatchSize = 63 },
            "LearningRate" => DirectControlOptions.Quick with { LearningRate = double.NaN },
            "FinalLearningRate" => DirectControlOptions.Quick with { FinalLearningRate = 1 },
            "Dropout" => DirectControlOptions.Quick with { Dropout = 1 },
            "OutputScale" => DirectControlOptions.Quick with { OutputScale = 0 },
            _ => DirectControlOptions.Quick with { ValidationEvery = 0 },
        };
        var act = () => new DirectControlSolver().Solve(Problem(), bad);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(name);
    }

    [Fact]
    public void Multi_preference_with_an_undeclared_preference_is_rejected()
    {
        var options = DirectControlOptions.Quick with { MultiPreference = true, PreferenceRanges = [new PreferenceSpec("lambda", 0, 1)] };
        var act = () => new DirectControlSolver().Solve(Problem(), options);
        act.Should().Throw<ArgumentException>().WithMessage("*lambda*");
    }

    [Fact]
    public void A_diverging_run_stops_through_the_trainer_with_its_diagnostic()
    {
        // An absurd output scale and learning rate blow the inventory up within a few steps.
        var problem = Problem();
        var options = CarteaJaimungalDirectControl.Configure(problem, DirectControlOptions.Quick with { OutputScale = 1e30, LearningRate = 10, FinalLearningRate = 10 });
        var act = () => new DirectControlSolver().Solve(problem, options);
        act.Should().Throw<TrainingDivergedException>();
    }

    private static float[] Flat(Module m) => m.Parameters().SelectMany(p => p.ToFloatArray()).ToArray();

    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
