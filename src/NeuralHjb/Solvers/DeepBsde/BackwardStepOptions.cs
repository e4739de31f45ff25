namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// How each time step of a backward least-squares scheme (<see cref="BackwardInduction"/>) is trained:
/// a fresh Adam optimiser per step, run for a fixed number of iterations with a piecewise-constant rate.
/// </summary>
public sealed record BackwardStepOptions
{
    /// <summary>Gets the optimiser steps per time step (≥ 1). Default 400.</summary>
    public int Iterations { get; init; } = 400;

    /// <summary>
    /// Gets the optimiser steps for the last time step, the first one trained (≥ 1; null for <see cref="Iterations"/>).
    /// It starts from scratch while every other step is warm-started from its successor, so it usually needs more. Default null.
    /// </summary>
    public int? FirstStepIterations { get; init; }

    /// <summary>Gets the piecewise-constant learning rates within a step (each &gt; 0). Default [1e-3].</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [1e-3];

    /// <summary>Gets the step counts (within a time step) at which the rate changes; one fewer than <see cref="LearningRates"/>. Default none.</summary>
    public IReadOnlyList<int> LearningRateBoundaries { get; init; } = [];

    /// <summary>Gets whether each step starts from the parameters of the step after it. Default true.</summary>
    public bool WarmStart { get; init; } = true;

    /// <summary>Gets the global gradient-norm clip (positive), or null for none. Default null.</summary>
    public double? ClipGradientNorm { get; init; }

    /// <summary>Gets how often (in optimiser steps, ≥ 1) the loss is recorded and progress reported. Default 50.</summary>
    public int ReportEvery { get; init; } = 50;

    /// <summary>
    /// Gets a folder for the trainer's checkpoints, one file <c>step-i.safetensors</c> per time step i (written when the
    /// step's training ends or is cancelled, and every <see cref="CheckpointEvery"/> steps); null for none.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>
    /// Gets whether existing files in <see cref="CheckpointDirectory"/> are resumed rather than overwritten, so solving
    /// again after a cancellation or crash continues where it stopped and ends bit-identical to an uninterrupted run.
    /// Off by default: a checkpoint does not record the options, so only a solve with the same problem and options may
    /// resume it.
    /// </summary>
    public bool ResumeFromCheckpoint { get; init; }

    /// <summary>Gets how often (in optimiser steps within a time step, ≥ 0) a checkpoint is written; 0 only at the end of each time step and on cancellation. Default 0.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it and the rule).</exception>
    /// <exception cref="ArgumentException">The learning-rate schedule is inconsistent.</exception>
    public void Validate()
    {
        OptionChecks.AtLeast(Iterations, 1, nameof(Iterations));
        if (FirstStepIterations is { } f)
        {
            OptionChecks.AtLeast(f, 1, nameof(FirstStepIterations));
        }

        OptionChecks.Schedule(LearningRates, LearningRateBoundaries, nameof(LearningRates), nameof(LearningRateBoundaries));
        if (ClipGradientNorm is { } c)
        {
            OptionChecks.Positive(c, nameof(ClipGradientNorm));
        }

        OptionChecks.AtLeast(ReportEvery, 1, nameof(ReportEvery));
        OptionChecks.AtLeast(CheckpointEvery, 0, nameof(CheckpointEvery));
        if (CheckpointDirectory is { Length: 0 })
        {
            throw new ArgumentException("CheckpointDirectory must be null or a folder path, not empty.", nameof(CheckpointDirectory));
        }
    }
}
