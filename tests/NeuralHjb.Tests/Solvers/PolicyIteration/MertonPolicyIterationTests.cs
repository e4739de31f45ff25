using NeuralHjb.Control;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.PolicyIteration;
using NeuralHjb.Training;
using Xunit.Abstractions;

namespace NeuralHjb.Tests.Solvers.PolicyIteration;

/// <summary>
/// Merton without costs or liquidity: the default configuration against the closed forms (REFERENCES §4) at
/// t = 0 and T/2 on a 41-point wealth grid over [0.1, 3].
/// </summary>
public class MertonPolicyIterationTests(ITestOutputHelper output)
{
    public static TheoryData<string, MertonParameters, bool> Cases => new()
    {
        // σ = 0.3 puts power utility's π* = 0.03/(0.5·0.09) = 2/3 inside (0, 1); solved unconstrained.
        { "power p=0.5", new MertonParameters { Utility = UtilityKind.Power, PowerExponent = 0.5, Volatility = 0.3 }, false },
        // Log utility's π* = 0.75: solved with π ∈ [0, 1] through the sigmoid map.
        { "log, π ∈ [0,1]", new MertonParameters { Utility = UtilityKind.Log }, true },
        // CARA a = 0.5: the amount u* = (μ − r)e^{−r(T−t)}/(aσ²) ≈ 1.47 is the natural control.
        { "exponential a=0.5", new MertonParameters { Utility = UtilityKind.Exponential, RiskAversion = 0.5, Control = PortfolioControl.Amount }, false },
        // A second market inside the validated ranges.
        { "power p=-1", new MertonParameters { Utility = UtilityKind.Power, PowerExponent = -1, Drift = 0.08, Volatility = 0.25, InterestRate = 0.01 }, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_default_configuration_matches_the_closed_form_within_half_a_percent_in_at_most_five_iterations(string name, MertonParameters parameters, bool boxed)
    {
        var problem = new Merton(parameters);
        var options = PortfolioPolicyIteration.MertonOptions(problem, seed: 7);
        if (boxed)
        {
            options = options with { ControlBounds = new ControlBounds([0.0], [1.0]) };
        }

        var result = new PolicyIterationSolver().Solve(problem, options);
        var errors = PortfolioReferences.AgainstMertonClosedForm(result, problem);
        output.WriteLine($"{name}: {result.IterationCount} iterations, {result.Elapsed.TotalSeconds:F1} s; {errors}");
        foreach (var s in result.Iterations)
        {
            output.WriteLine(s.ToString());
        }

        result.Converged.Should().BeTrue();
        result.IterationCount.Should().BeLessThanOrEqualTo(5);
        errors.PolicyMaxRelative.Should().BeLessThan(0.005);
        errors.ValueMaxRelative.Should().BeLessThan(0.005);
        result.ValueChanges[^1].Should().BeLessThan(options.Tolerance);
        result.Iterations.Should().OnlyContain(s => s.Monotone);
        result.Metrics["iterations"].Should().Be(result.IterationCount);
    }

    [Fact]
    public void Progress_history_and_cancellation_go_through_the_trainer()
    {
        var parameters = new MertonParameters { Utility = UtilityKind.Log };
        var options = PolicyIterationOptions.Quick with
        {
            Ansatz = null,
            MaxIterations = 2,
            InitialEvaluationSteps = 40,
            EvaluationSteps = 20,
            ImprovementSteps = 20,
            ReportEvery = 10,
        };
        var reports = new List<TrainingProgress>();
        var result = new PolicyIterationSolver().Solve(new Merton(parameters), options, new SynchronousProgress<TrainingProgress>(reports.Add));

        reports.Select(r => r.Stage).Distinct().Should().Equal("evaluation 0", "improvement 0", "evaluation 1");
        result.History.Steps.Should().BeInAscendingOrder().And.HaveCount(8).And.EndWith(80);
        result.History.SeriesNames.Should().Contain(["evaluation_residual", "evaluation_terminal", "improvement_hamiltonian", "iteration"]);
        result.IterationCount.Should().Be(2);
        result.Converged.Should().BeFalse("two short iterations cannot reach 1e-4");

        using var cts = new CancellationTokenSource();
        var cancelled = () => new PolicyIterationSolver().Solve(new Merton(parameters), options, new SynchronousProgress<TrainingProgress>(_ => cts.Cancel()), cts.Token);
        cancelled.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void A_run_is_reproducible_per_seed()
    {
        var options = PolicyIterationOptions.Quick with { MaxIterations = 1, InitialEvaluationSteps = 30, ImprovementSteps = 10 };
        var problem = new Merton(new MertonParameters { Utility = UtilityKind.Log });
        var a = new PolicyIterationSolver().Solve(problem, options);
        var b = new PolicyIterationSolver().Solve(problem, options);
        var c = new PolicyIterationSolver().Solve(problem, options with { Seed = 2 });
        b.Value.Value(0.3, 1.2).Should().Be(a.Value.Value(0.3, 1.2));
        c.Value.Value(0.3, 1.2).Should().NotBe(a.Value.Value(0.3, 1.2));
    }
}

/// <summary>Runs progress callbacks inline (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
