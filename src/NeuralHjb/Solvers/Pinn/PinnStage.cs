namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// One stage of a PINN curriculum (continuation): the problem's preference parameters are fixed at
/// given values (e.g. λ = α λ*), the network may read only some state coordinates, and training warm
/// starts from the previous stage. A stage that activates new coordinates widens the network with
/// zero first-layer weights (input inflation).
/// </summary>
public sealed record PinnStage
{
    /// <summary>Gets the stage name (shown in progress and in the history). Default "train".</summary>
    public string Name { get; init; } = "train";

    /// <summary>Gets the optimiser steps of the stage. Default 2000.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>
    /// Gets fixed values of the problem's declared preferences for this stage (name → value, e.g.
    /// {"lambda": 0.05}); names not given keep the problem's own values.
    /// </summary>
    public IReadOnlyDictionary<string, double> Preferences { get; init; } = new Dictionary<string, double>();

    /// <summary>Gets the state coordinates the network reads from this stage on; null for all.</summary>
    public IReadOnlyList<int>? ActiveCoordinates { get; init; }

    /// <summary>Gets the adaptive loss-weight setting; null for the fixed weights of <see cref="PinnOptions.Weights"/>.</summary>
    public AdaptiveWeights? AdaptiveWeights { get; init; }

    /// <summary>Gets the peak learning rate of the stage; null for <see cref="PinnOptions.LearningRate"/>.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Gets the constraints of this stage; null for <see cref="PinnOptions.Constraints"/>.</summary>
    public IReadOnlyList<HyperplaneConstraint>? Constraints { get; init; }

    /// <summary>Gets a value indicating whether the trajectory loss is used in this stage (when configured). Default true.</summary>
    public bool UseTrajectoryLoss { get; init; } = true;
}
