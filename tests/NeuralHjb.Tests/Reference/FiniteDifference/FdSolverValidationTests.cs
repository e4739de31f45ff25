using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference.FiniteDifference;

namespace NeuralHjb.Tests.Reference.FiniteDifference;

public class FdSolverValidationTests
{
    private static HjbProblem Merton() => MertonFdProblems.Power(0.02, 0.05, 0.2, 0.5, 1, GridAxis.Uniform(0, 4, 41));

    [Fact]
    public void Non_increasing_grid_is_rejected()
    {
        var act = () => new GridAxis([0.0, 1.0, 1.0, 2.0]);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "nodes" && e.Message.Contains("strictly increasing"));
    }

    [Fact]
    public void Too_few_or_non_finite_nodes_are_rejected()
    {
        ((Action)(() => _ = new GridAxis([0.0, 1.0]))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "nodes");
        ((Action)(() => _ = new GridAxis([0.0, double.NaN, 2.0]))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "nodes");
        ((Action)(() => GridAxis.Uniform(1, 0, 10))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "upper");
        ((Action)(() => GridAxis.Geometric(0, 1, 10))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "lower");
    }

    [Fact]
    public void Zero_time_steps_are_rejected()
    {
        var act = () => FiniteDifferenceHjbSolver.Solve(Merton(), new FdSolverOptions { TimeSteps = 0 });
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "options" && e.Message.Contains("TimeSteps"));
    }

    [Fact]
    public void Bad_options_are_rejected_with_the_rule()
    {
        ((Action)(() => FiniteDifferenceHjbSolver.Solve(Merton(), new FdSolverOptions { PolicyTolerance = double.NaN })))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "options" && e.Message.Contains("PolicyTolerance"));
        ((Action)(() => FiniteDifferenceHjbSolver.Solve(Merton(), new FdSolverOptions { TimeStepGrading = 0.5 })))
            .Should().Throw<ArgumentException>().Where(e => e.Message.Contains("TimeStepGrading"));
    }

    [Fact]
    public void NaN_model_parameters_are_rejected()
    {
        ((Action)(() => MertonFdProblems.Power(0.02, 0.05, double.NaN, 0.5, 1, GridAxis.Uniform(0, 4, 41))))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "volatility");
        ((Action)(() => MertonFdProblems.Power(0.02, 0.05, 0.2, 1.0, 1, GridAxis.Uniform(0, 4, 41))))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "exponent");
        ((Action)(() => GatheralSchiedFdProblems.RiskNeutral(double.NaN, 5, GridAxis.Uniform(-1, 1, 11))))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "kappa");
        ((Action)(() => LiquidityCostFdProblems.Reduced(new MertonWithCostsAndLiquidityParameters { Beta = double.NaN, Utility = UtilityKind.Log }, GridAxis.Uniform(0, 1, 11))))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "beta" && e.Message.Contains("non-negative"));
        ((Action)(() => LiquidityCostFdProblems.Reduced(new MertonWithCostsAndLiquidityParameters { Rho1 = 0.99, Rho2 = 0.99, Rho3 = -0.99, Utility = UtilityKind.Log }, GridAxis.Uniform(0, 1, 11))))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "correlation" && e.Message.Contains("positive definite"));
        ((Action)(() => LiquidityCostFdProblems.Reduced(new MertonWithCostsAndLiquidityParameters { Utility = UtilityKind.Exponential }, GridAxis.Uniform(0, 1, 11))))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "parameters" && e.Message.Contains("power and log"));
    }

    [Fact]
    public void Log_utility_on_a_grid_through_zero_is_rejected()
    {
        ((Action)(() => MertonFdProblems.Log(0.02, 0.05, 0.2, 1, GridAxis.Uniform(0, 4, 41))))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "wealth");
    }

    [Fact]
    public void Bad_control_sets_are_rejected()
    {
        ((Action)(() => ControlSet.Box(1, 0))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "upper");
        ((Action)(() => ControlSet.Box(0, 1, gridPoints: 2))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "gridPoints");
        ((Action)(() => ControlSet.Finite())).Should().Throw<ArgumentException>().Where(e => e.ParamName == "controls");
    }

    [Fact]
    public void Non_finite_terminal_values_and_invalid_horizons_are_rejected()
    {
        var bad = new HjbProblem
        {
            Grid = new StateGrid(GridAxis.Uniform(-1, 1, 11)),
            Horizon = 1,
            Controls = ControlSet.Finite(0),
            Coefficients = (t, x, y, u) => default,
            Terminal = (x, y) => x == 0 ? double.PositiveInfinity : 0,
        };
        ((Action)(() => FiniteDifferenceHjbSolver.Solve(bad))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "problem" && e.Message.Contains("terminal"));
        var noHorizon = new HjbProblem
        {
            Grid = bad.Grid,
            Horizon = 0,
            Controls = bad.Controls,
            Coefficients = bad.Coefficients,
            Terminal = (x, y) => 0,
        };
        ((Action)(() => FiniteDifferenceHjbSolver.Solve(noHorizon))).Should().Throw<ArgumentException>().Where(e => e.ParamName == "problem" && e.Message.Contains("Horizon"));
    }

    [Fact]
    public void Interpolation_outside_the_grid_throws()
    {
        var sol = FiniteDifferenceHjbSolver.Solve(Merton(), new FdSolverOptions { TimeSteps = 2 });
        ((Action)(() => sol.Value(0, 5))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "x");
        ((Action)(() => sol.Value(2, 1))).Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "t");
    }
}
