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

    /// <summary>
    /// Gets the most best-response sweeps any step needed in the last iteration (agents best-respond in turn at each
    /// step, against the others' latest controls, until the mean controls change by less than the tolerance).
    /// </summary>
    public required int EquilibriumSweeps { get; init; }

    /// <summary>Gets the largest change (fraction of the grid's width) in the last sweep of any step in the last iteration (0 for one agent).</summary>
    public required double EquilibriumChange { get; init; }

    /// <summary>Gets whether the last change fell below the tolerance.</summary>
    public required bool Converged { get; init; }
}
