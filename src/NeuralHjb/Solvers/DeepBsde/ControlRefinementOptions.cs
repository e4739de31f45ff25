namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// Options of the forward solver's control refinement (<see cref="DeepBsdeOptions.Refinement"/>): after training, Z₀ and
/// the Z network are trained further to minimise the Girsanov estimate of Y₀ itself, i.e. the cost of the feedback control
/// they define, along paths under the shifted measure.
/// </summary>
public sealed record ControlRefinementOptions
{
    /// <summary>Gets the number of optimiser steps (≥ 1). Default 2000.</summary>
    public int Iterations { get; init; } = 2000;

    /// <summary>
    /// Gets the piecewise-constant Adam learning rates (each &gt; 0), as <see cref="DeepBsdeOptions.LearningRates"/>. The
    /// objective is noisy and its minimiser flat, so the rate falls: default [1e-3, 3e-4, 1e-4].
    /// </summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [1e-3, 3e-4, 1e-4];

    /// <summary>Gets the step counts at which the rate changes (one fewer than <see cref="LearningRates"/>). Default [500, 1200].</summary>
    public IReadOnlyList<int> LearningRateBoundaries { get; init; } = [500, 1200];

    /// <summary>Gets the paths per step (≥ 2). Default 1024.</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Gets the Euler sub-steps per interval of the grid (≥ 1), as in <see cref="GirsanovEstimateOptions.SubSteps"/>. Default 2.</summary>
    public int SubSteps { get; init; } = 2;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the option and the rule it breaks.</exception>
    public void Validate()
    {
        OptionChecks.AtLeast(Iterations, 1, nameof(Iterations));
        OptionChecks.Schedule(LearningRates, LearningRateBoundaries, nameof(LearningRates), nameof(LearningRateBoundaries));
        OptionChecks.AtLeast(BatchSize, 2, nameof(BatchSize));
        OptionChecks.AtLeast(SubSteps, 1, nameof(SubSteps));
    }
}
