using NeuralHjb.Control;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.Pinn;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Tuned <see cref="PolicyIterationOptions"/> for the portfolio problems (REFERENCES §4 and §7): the value
/// ansatz that carries each utility's known shape, ln-wealth inputs where the problem is scale-invariant in
/// wealth, and small networks (the ansatz leaves them a nearly constant correction to learn).
/// </summary>
public static class PortfolioPolicyIteration
{
    /// <summary>
    /// The ansatz that matches a utility: V = g(x)·exp((T − t)n) for power, V = g(x) + (T − t)n for log, and for
    /// exponential utility the discounted-wealth form of <see cref="DiscountedExponentialAnsatz"/>.
    /// </summary>
    /// <param name="problem">The problem (its terminal cost is g).</param>
    /// <param name="utility">Its utility.</param>
    /// <param name="rate">r, the riskless rate.</param>
    /// <param name="riskAversion">a of the exponential utility.</param>
    /// <returns>The ansatz.</returns>
    public static ValueAnsatz AnsatzFor(ControlProblem problem, UtilityKind utility, double rate, double riskAversion)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return utility switch
        {
            UtilityKind.Log => new TerminalValueAnsatz(x => problem.Cost.TerminalCost(x)),
            UtilityKind.Power => new MultiplicativeTerminalAnsatz(x => problem.Cost.TerminalCost(x)),
            _ => new DiscountedExponentialAnsatz(rate, riskAversion),
        };
    }

    /// <summary>Whether the networks should see ln x: power and log utility are homogeneous in wealth, exponential utility is not.</summary>
    /// <param name="utility">The utility.</param>
    /// <returns>[0] (wealth is state coordinate 0) or empty.</returns>
    public static IReadOnlyList<int> LogCoordinatesFor(UtilityKind utility)
        => utility == UtilityKind.Exponential ? [] : [0];

    /// <summary>The default configuration for <see cref="Merton"/> (1-D): converges in 3 iterations to ≤ 0.5% of the closed form.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The options.</returns>
    public static PolicyIterationOptions MertonOptions(Merton problem, ulong seed = 1)
        => Common(AnsatzFor(Checked(problem), problem.Parameters.Utility, problem.Parameters.InterestRate, problem.Parameters.RiskAversion), problem.Parameters.Utility, seed) with
        {
            ControlHiddenWidths = [16, 16],
            ImprovementSteps = 1600,
        };

    /// <summary>The default configuration for <see cref="MertonWithCostsAndLiquidity"/> (2-D, π ∈ [0, 1] by a sigmoid).</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The options.</returns>
    public static PolicyIterationOptions LiquidityOptions(MertonWithCostsAndLiquidity problem, ulong seed = 1)
        => Common(AnsatzFor(Checked(problem), problem.Parameters.Utility, problem.Parameters.InterestRate, problem.Parameters.RiskAversion), problem.Parameters.Utility, seed) with
        {
            ControlHiddenWidths = [32, 32],
            ImprovementSteps = 400,
        };

    /// <summary>What the two portfolio configurations share; they differ only in the control net and improvement budget.</summary>
    private static PolicyIterationOptions Common(ValueAnsatz? ansatz, UtilityKind utility, ulong seed) => new()
    {
        Ansatz = ansatz,
        LogStateCoordinates = LogCoordinatesFor(utility),
        ValueHiddenWidths = [32, 32],
        MaxIterations = 5,
        InitialEvaluationSteps = 800,
        EvaluationSteps = 400,
        BatchSize = 256,
        ImprovementPoints = 1024,
        AdaptiveSampling = new() { RefreshEvery = 100, Candidates = 1024, PoolSize = 256, BatchFraction = 0.25 },
        EvaluationPoints = 512,
        ValueLearningRate = 3e-3,
        Seed = seed,
    };

    private static T Checked<T>(T parameters)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters;
    }
}
