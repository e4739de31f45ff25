namespace NeuralHjb.Optim;

/// <summary>
/// Linear warm-up in front of any schedule: with W warm-up steps, start factor f and inner schedule L,
/// lr(step) = L(0)·(f + (1 − f)·step/W) for step &lt; W, and L(step − W) afterwards (the inner schedule's
/// clock starts when the warm-up ends).
/// </summary>
public sealed class LinearWarmupSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="inner">The schedule that follows the warm-up.</param>
    /// <param name="warmupSteps">W ≥ 0 (0 means no warm-up).</param>
    /// <param name="startFactor">f in [0, 1]: the fraction of L(0) used at step 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public LinearWarmupSchedule(ILearningRateSchedule inner, int warmupSteps, double startFactor = 0)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        if (!(startFactor >= 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, "startFactor must lie in [0, 1].");
        }

        Inner = inner;
        WarmupSteps = warmupSteps;
        StartFactor = startFactor;
    }

    /// <summary>L.</summary>
    public ILearningRateSchedule Inner { get; }

    /// <summary>W.</summary>
    public int WarmupSteps { get; }

    /// <summary>f.</summary>
    public double StartFactor { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step >= WarmupSteps)
        {
            return Inner.LearningRate(step - WarmupSteps);
        }

        return Inner.LearningRate(0) * (StartFactor + ((1 - StartFactor) * step / WarmupSteps));
    }
}
