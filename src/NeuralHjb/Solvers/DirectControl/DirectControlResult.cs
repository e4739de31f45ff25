using NeuralHjb.Control;

namespace NeuralHjb.Solvers.DirectControl;

/// <summary>What <see cref="DirectControlSolver"/> returns: the learned policy and its validation record.</summary>
public sealed class DirectControlResult : SolverResult
{
    /// <summary>Gets the learned feedback control (in evaluation mode: no dropout).</summary>
    public required DirectControlPolicy Policy { get; init; }

    /// <summary>Gets the problem that was solved.</summary>
    public required ControlProblem Problem { get; init; }

    /// <summary>Gets N, the decision steps of the rollouts.</summary>
    public required int TimeSteps { get; init; }

    /// <summary>Gets the preference ranges the policy was trained on (empty for a single-preference policy).</summary>
    public required IReadOnlyList<PreferenceSpec> PreferenceRanges { get; init; }

    /// <summary>Gets the iterations (1-based counts of optimiser steps taken) at which the held-out batch was evaluated.</summary>
    public required IReadOnlyList<int> ValidationSteps { get; init; }

    /// <summary>Gets the mean held-out cost at each of <see cref="ValidationSteps"/>.</summary>
    public required IReadOnlyList<double> ValidationCosts { get; init; }

    /// <summary>Gets the held-out cost of the returned policy.</summary>
    public required double FinalValidationCost { get; init; }
}
