using NeuralHjb.Training;

namespace NeuralHjb.Solvers;

/// <summary>What every solver returns besides its learned value and/or policy.</summary>
public abstract class SolverResult
{
    /// <summary>Loss history of the training (all stages, global step numbering).</summary>
    public required TrainingHistory History { get; init; }

    /// <summary>Wall time of the solve.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>
    /// Named scalar diagnostics (e.g. <c>y0</c>, <c>iterations</c>, <c>p_abs_terminal_inventory_le_0_05</c>),
    /// in snake_case so they map one-to-one onto the CLI's JSON.
    /// </summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
}
