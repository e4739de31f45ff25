namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>What <see cref="MultiAgentBsdeSolver"/> returns: per-agent strategies and metrics, and the equilibrium iteration.</summary>
public sealed class MultiAgentBsdeResult : SolverResult
{
    /// <summary>Gets the decision times t₀ … t_{N−1}.</summary>
    public required IReadOnlyList<double> Times { get; init; }

    /// <summary>Gets "rate" (shares per unit time; execution problems) or "amount" (currency; portfolio problems).</summary>
    public required string ControlKind { get; init; }

    /// <summary>Gets each agent's outcome.</summary>
    public required IReadOnlyList<AgentOutcome> Agents { get; init; }

    /// <summary>Gets the number of best-response iterations run.</summary>
    public required int Iterations { get; init; }

    /// <summary>
    /// Gets, per iteration, the largest change of any agent's mean control at any step from the previous
    /// iteration (the first iteration against the initial strategy), divided by that grid's width.
    /// </summary>
    public required IReadOnlyList<double> ControlChanges { get; init; }

    /// <summary>Gets the last entry of <see cref="ControlChanges"/>.</summary>
    public double FinalControlChange => ControlChanges[^1];

    /// <summary>Gets whether the last change fell below the tolerance.</summary>
    public required bool Converged { get; init; }
}
