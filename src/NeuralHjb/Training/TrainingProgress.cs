namespace NeuralHjb.Training;

/// <summary>A progress report from a training loop (sent through <see cref="IProgress{T}"/>).</summary>
/// <param name="Stage">Name of the current stage (e.g. a curriculum stage or a policy-iteration phase).</param>
/// <param name="Step">Steps completed in this stage.</param>
/// <param name="TotalSteps">Steps planned for this stage.</param>
/// <param name="Loss">Total loss at the last step.</param>
/// <param name="Terms">Named loss terms at the last step.</param>
/// <param name="LearningRate">The optimiser's learning rate.</param>
/// <param name="Elapsed">Wall time since the stage started.</param>
/// <param name="Remaining">Estimated time to the end of the stage, once it can be estimated.</param>
public sealed record TrainingProgress(
    string Stage,
    int Step,
    int TotalSteps,
    double Loss,
    IReadOnlyDictionary<string, double> Terms,
    double LearningRate,
    TimeSpan Elapsed,
    TimeSpan? Remaining)
{
    /// <summary>Zero-based position of this stage in a run of several, when the solver knows it (DBDP's backward steps, the PINN curriculum); null otherwise.</summary>
    public int? StageIndex { get; init; }

    /// <summary>Stages the run will have in all, when the solver knows it in advance; null otherwise.</summary>
    public int? StageCount { get; init; }
}
