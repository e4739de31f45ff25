namespace NeuralHjb.Optim;

/// <summary>
/// Cosine annealing from lr₀ to lr_min over T steps (PyTorch's <c>CosineAnnealingLR</c> closed form):
/// lr(step) = lr_min + (lr₀ − lr_min)·(1 + cos(π·min(step, T)/T))/2; it stays at lr_min after step T.
/// </summary>
public sealed class CosineAnnealingSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">lr₀, finite and &gt; 0.</param>
    /// <param name="totalSteps">T ≥ 1.</param>
    /// <param name="minLearningRate">lr_min, finite, in [0, lr₀].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public CosineAnnealingSchedule(double initialLearningRate, int totalSteps, double minLearningRate = 0)
    {
        OptimizerChecks.LearningRate(initialLearningRate, nameof(initialLearningRate));
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        OptimizerChecks.ScheduledLearningRate(minLearningRate, nameof(minLearningRate));
        if (minLearningRate > initialLearningRate)
        {
            throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "minLearningRate must not exceed initialLearningRate.");
        }

        InitialLearningRate = initialLearningRate;
        TotalSteps = totalSteps;
        MinLearningRate = minLearningRate;
    }

    /// <summary>lr₀.</summary>
    public double InitialLearningRate { get; }

    /// <summary>T.</summary>
    public int TotalSteps { get; }

    /// <summary>lr_min.</summary>
    public double MinLearningRate { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var s = Math.Min(step, TotalSteps);
        return MinLearningRate + ((InitialLearningRate - MinLearningRate) * (1 + Math.Cos(Math.PI * s / TotalSteps)) / 2);
    }
}
