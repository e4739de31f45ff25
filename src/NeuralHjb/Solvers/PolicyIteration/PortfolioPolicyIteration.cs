using NeuralHjb.Problems.Portfolio;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Tuned <see cref="PolicyIterationOptions"/> for the portfolio problems (REFERENCES §4 and §7): the value
/// ansatz that carries each utility's known shape, ln-wealth inputs where the problem is scale-invariant in
/// wealth, and small networks (the ansatz leaves them a nearly constant correction to learn).
/// </summary>
public static class PortfolioPolicyIteration
{
    /// <summary>
    /// The ansatz that matches a utility: V = g(x)·exp((T − t)N) for power, V = g(x) + (T − t)N for log, and for
    /// exponential utility the discounted-wealth form V = e^{−a x e^{r(T − t)}}/a · exp((T − t)N) (Merton's CARA value
    /// has exactly this shape with N constant; with N free it is just a rescaling, so costs and liquidity are still learned).
    /// </summary>
    /// <param name="utility">The utility.</param>
    /// <param name="rate">r, the riskless rate (used by the exponential-utility form).</param>
    /// <param name="riskAversion">a of the exponential utility.</param>
    /// <param name="horizon">T.</param>
    /// <returns>The ansatz.</returns>
    public static ValueAnsatz AnsatzFor(UtilityKind utility, double rate = 0, double riskAversion = 1, double horizon = 1) => utility switch
    {
        UtilityKind.Log => ValueAnsatz.AdditiveTerminal,
        UtilityKind.Power => ValueAnsatz.MultiplicativeTerminal,
        _ => ValueAnsatz.Custom(
            "discounted-exponential",
            (t, x, raw, terminal) =>
            {
                var remaining = t.RSub(horizon);
                var wealth = x.Size(1) == 1 ? x : x.Slice(1, 0, 1);
                var discounted = wealth * (remaining * rate).Exp();
                return (discounted * -riskAversion).Exp() * (1 / riskAversion) * (remaining * raw).Exp();
            },
            imposesTerminalCondition: true),
    };

    /// <summary>Whether the networks should see ln x: power and log utility are homogeneous in wealth, exponential utility is not.</summary>
    /// <param name="utility">The utility.</param>
    /// <returns>[0] (wealth is state coordinate 0) or empty.</returns>
    public static IReadOnlyList<int> LogCoordinatesFor(UtilityKind utility)
        => utility == UtilityKind.Exponential ? [] : [0];

    /// <summary>The default configuration for <see cref="Merton"/> (1-D): converges in 3 iterations to ≤ 0.5% of the closed form.</summary>
    /// <param name="parameters">The problem's parameters.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The options.</returns>
    public static PolicyIterationOptions MertonOptions(MertonParameters parameters, ulong seed = 1) => new()
    {
        Ansatz = AnsatzFor(Checked(parameters).Utility, parameters.InterestRate, parameters.RiskAversion, parameters.Horizon),
        LogStateCoordinates = LogCoordinatesFor(parameters.Utility),
        ValueHiddenWidths = [32, 32],
        ControlHiddenWidths = [16, 16],
        MaxIterations = 5,
        InitialEvaluationSteps = 800,
        EvaluationSteps = 400,
        ImprovementSteps = 800,
        BatchSize = 256,
        ImprovementPoints = 1024,
        AdaptiveCandidates = 1024,
        EvaluationPoints = 512,
        ValueLearningRate = 3e-3,
        Seed = seed,
    };

    /// <summary>The default configuration for <see cref="MertonWithCostsAndLiquidity"/> (2-D, π ∈ [0, 1] by a sigmoid).</summary>
    /// <param name="parameters">The problem's parameters.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The options.</returns>
    public static PolicyIterationOptions LiquidityOptions(MertonWithCostsAndLiquidityParameters parameters, ulong seed = 1) => new()
    {
        Ansatz = AnsatzFor(Checked(parameters).Utility, parameters.InterestRate, parameters.RiskAversion, parameters.Horizon),
        LogStateCoordinates = LogCoordinatesFor(parameters.Utility),
        ValueHiddenWidths = [32, 32],
        ControlHiddenWidths = [32, 32],
        MaxIterations = 5,
        InitialEvaluationSteps = 800,
        EvaluationSteps = 400,
        ImprovementSteps = 400,
        BatchSize = 256,
        ImprovementPoints = 1024,
        AdaptiveCandidates = 1024,
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
