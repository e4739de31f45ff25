namespace NeuralHjb.Optim;

/// <summary>lr(step) = lr₀ for every step.</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="learningRate">lr₀, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not finite and positive.</exception>
    public ConstantSchedule(double learningRate)
    {
        OptimizerChecks.LearningRate(learningRate, nameof(learningRate));
        Value = learningRate;
    }

    /// <summary>lr₀.</summary>
    public double Value { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return Value;
    }
}
