using NeuralHjb.Control;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.PolicyIteration;

namespace NeuralHjb.Tests.Solvers.PolicyIteration;

public class PolicyIterationOptionsTests
{
    private static readonly Merton Problem = new();

    public static TheoryData<string, PolicyIterationOptions> BadOptions => new()
    {
        { "MaxIterations", new PolicyIterationOptions { MaxIterations = 0 } },
        { "Tolerance", new PolicyIterationOptions { Tolerance = 0 } },
        { "Tolerance", new PolicyIterationOptions { Tolerance = double.NaN } },
        { "BatchSize", new PolicyIterationOptions { BatchSize = 4 } },
        { "AdaptiveSampling", new PolicyIterationOptions { AdaptiveSampling = new() { BatchFraction = 1 } } },
        { "PoolSize", new PolicyIterationOptions { AdaptiveSampling = new() { Candidates = 10, PoolSize = 20 } } },
        { "ValueHiddenWidths", new PolicyIterationOptions { ValueHiddenWidths = [16, 0] } },
        { "EvaluationSteps", new PolicyIterationOptions { EvaluationSteps = 0 } },
        { "ControlLearningRate", new PolicyIterationOptions { ControlLearningRate = -1 } },
        { "LogStateCoordinates", new PolicyIterationOptions { LogStateCoordinates = [1] } },
        { "InitialControl", new PolicyIterationOptions { ControlBounds = new ControlBounds([0.0], [1.0]), InitialControl = [1.0] } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_throw_naming_the_option(string name, PolicyIterationOptions options)
    {
        var act = () => new PolicyIterationSolver().Solve(Problem, options);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == name);
    }

    [Fact]
    public void Unknown_preferences_and_log_of_a_non_positive_domain_are_rejected()
    {
        var act = () => new PolicyIterationSolver().Solve(Problem, new PolicyIterationOptions { TrainPreferences = ["beta"] });
        act.Should().Throw<ArgumentException>().WithParameterName("TrainPreferences").WithMessage("*'beta'*");

        var liquidity = new MertonWithCostsAndLiquidity();
        var log = () => new PolicyIterationSolver().Solve(liquidity, new PolicyIterationOptions { LogStateCoordinates = [1] });
        log.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("LogStateCoordinates").WithMessage("*positive domain*");
    }
}
