using NeuralHjb.Optim;

namespace NeuralHjb.Training;

/// <summary>What the trainer does when a loss term or a gradient is NaN or infinite.</summary>
public enum DivergencePolicy
{
    /// <summary>Stop with a <see cref="TrainingDivergedException"/> (the default).</summary>
    Stop,

    /// <summary>Restore the last good state, reduce the learning rate and continue (up to a limit).</summary>
    RollbackAndReduceLearningRate,
}

/// <summary>Options of the shared training loop.</summary>
public sealed record TrainerOptions
{
    /// <summary>Optimisation steps to run (≥ 1).</summary>
    public int Steps { get; init; } = 1000;

    /// <summary>Record history and report progress every this many steps (≥ 1); the last step is always recorded.</summary>
    public int ReportEvery { get; init; } = 10;

    /// <summary>Name of the stage, shown in progress reports.</summary>
    public string Stage { get; init; } = "train";

    /// <summary>Zero-based position of the stage in a run of several, passed on to progress reports (displays fold long runs with it); null when not known.</summary>
    public int? StageIndex { get; init; }

    /// <summary>Stages the run has in all, passed on to progress reports (for a whole-run ETA); null when not known.</summary>
    public int? StageCount { get; init; }

    /// <summary>Clip the global gradient 2-norm to this value before each step; null for no clipping.</summary>
    public double? ClipGradientNorm { get; init; }

    /// <summary>A learning-rate schedule applied before each step (indexed by the global step); null keeps the optimiser's rate.</summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>Where to write checkpoints (a safetensors file, replaced atomically); null for none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Write a checkpoint every this many steps (0: only at the end and on cancellation).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>What to do on a NaN or infinite loss or gradient.</summary>
    public DivergencePolicy OnDivergence { get; init; } = DivergencePolicy.Stop;

    /// <summary>Learning-rate factor applied at each rollback (in (0, 1)).</summary>
    public double RollbackLearningRateFactor { get; init; } = 0.5;

    /// <summary>Rollbacks allowed before giving up with <see cref="TrainingDivergedException"/>.</summary>
    public int MaxRollbacks { get; init; } = 3;

    /// <summary>Keep an in-memory copy of the last good state every this many steps (for rollback).</summary>
    public int SnapshotEvery { get; init; } = 50;

    /// <summary>Checks every option and throws naming the first one out of range.</summary>
    public void Validate()
    {
        if (Steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Steps), $"Steps must be at least 1 (got {Steps}).");
        }

        if (ReportEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReportEvery), $"ReportEvery must be at least 1 (got {ReportEvery}).");
        }

        if (StageIndex is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(StageIndex), $"StageIndex must be non-negative (got {StageIndex}).");
        }

        if (StageCount is { } count && (count < 1 || StageIndex >= count))
        {
            throw new ArgumentOutOfRangeException(nameof(StageCount), $"StageCount must be at least 1 and above StageIndex (got {count}, StageIndex {StageIndex}).");
        }

        if (ClipGradientNorm is { } c && !(c > 0 && double.IsFinite(c)))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipGradientNorm), $"ClipGradientNorm must be positive and finite (got {c}).");
        }

        if (CheckpointEvery < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckpointEvery), "CheckpointEvery must be non-negative.");
        }

        if (!(RollbackLearningRateFactor > 0 && RollbackLearningRateFactor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RollbackLearningRateFactor), "RollbackLearningRateFactor must lie in (0, 1).");
        }

        if (MaxRollbacks < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRollbacks), "MaxRollbacks must be non-negative.");
        }

        if (SnapshotEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SnapshotEvery), "SnapshotEvery must be at least 1.");
        }
    }
}
