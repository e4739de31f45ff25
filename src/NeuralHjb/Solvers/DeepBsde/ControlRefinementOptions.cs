namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// Options of the forward solver's control refinement (<see cref="DeepBsdeOptions.Refinement"/>): after training, Z₀ and
/// the Z network are trained further to minimise the Girsanov estimate of Y₀ itself, i.e. the cost of the feedback control
/// they define, along paths under the shifted measure.
/// </summary>
public sealed record ControlRefinementOptions
{
    /// <summary>Gets the number of optimiser steps (≥ 1). Default 500.</summary>
    public int Iterations { get; init; } = 500;

    /// <summary>Gets the Adam learning rate (&gt; 0). Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Gets the paths per step (≥ 2). Default 1024.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Gets the Euler sub-steps per interval of the grid (≥ 1), as in <see cref="GirsanovEstimateOptions.SubSteps"/>. Default 2.</summary>
    public int SubSteps { get; init; } = 2;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the option and the rule it breaks.</exception>
    public void Validate()
    {
        OptionChecks.AtLeast(Iterations, 1, nameof(Iterations));
        OptionChecks.Positive(LearningRate, nameof(LearningRate));
        OptionChecks.AtLeast(BatchSize, 2, nameof(BatchSize));
        OptionChecks.AtLeast(SubSteps, 1, nameof(SubSteps));
    }
}
