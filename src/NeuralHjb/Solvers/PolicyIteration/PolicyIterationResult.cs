namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>What <see cref="PolicyIterationSolver"/> returns.</summary>
public sealed class PolicyIterationResult : SolverResult
{
    /// <summary>Gets the learned value V (cost to go) of the last evaluated policy.</summary>
    public required ValueNetwork Value { get; init; }

    /// <summary>Gets the learned policy (the last evaluated one).</summary>
    public required ControlNetwork Policy { get; init; }

    /// <summary>Gets one record per iteration, in order.</summary>
    public required IReadOnlyList<PolicyIterationStep> Iterations { get; init; }

    /// <summary>Gets a value indicating whether the stopping rule fired (false: the iteration cap was reached).</summary>
    public required bool Converged { get; init; }

    /// <summary>Gets the number of policy evaluations performed.</summary>
    public int IterationCount => Iterations.Count;

    /// <summary>Gets the history of ‖V_k − V_{k−1}‖ / ‖V_{k−1}‖, k = 1, 2, ….</summary>
    public IReadOnlyList<double> ValueChanges => [.. Iterations.Skip(1).Select(s => s.ValueChange)];
}
