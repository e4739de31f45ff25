namespace NeuralHjb.Optim;

/// <summary>
/// Exponential decay: lr(step) = lr₀ · r^(step / s), or r^⌊step / s⌋ with <see cref="Staircase"/>
/// (TensorFlow's <c>exponential_decay</c>; s = 1 gives PyTorch's <c>ExponentialLR</c> with γ = r).
/// </summary>
public sealed class ExponentialDecaySchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="initialLearningRate">lr₀, finite and &gt; 0.</param>
    /// <param name="decayRate">r in (0, 1] for decay (values above 1 grow the rate; must be finite and &gt; 0).</param>
    /// <param name="decaySteps">s ≥ 1, the steps over which the rate is multiplied by r.</param>
    /// <param name="staircase">Decay in whole multiples of s.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public ExponentialDecaySchedule(double initialLearningRate, double decayRate, int decaySteps = 1, bool staircase = false)
    {
        OptimizerChecks.LearningRate(initialLearningRate, nameof(initialLearningRate));
        if (!(decayRate > 0) || !double.IsFinite(decayRate))
        {
            throw new ArgumentOutOfRangeException(nameof(decayRate), decayRate, "decayRate must be a finite positive number.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(decaySteps, 1);
        InitialLearningRate = initialLearningRate;
        DecayRate = decayRate;
        DecaySteps = decaySteps;
        Staircase = staircase;
    }

    /// <summary>lr₀.</summary>
    public double InitialLearningRate { get; }

    /// <summary>r.</summary>
    public double DecayRate { get; }

    /// <summary>s.</summary>
    public int DecaySteps { get; }

    /// <summary>Whether the exponent is rounded down to an integer.</summary>
    public bool Staircase { get; }

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var e = Staircase ? (double)(step / DecaySteps) : (double)step / DecaySteps;
        return InitialLearningRate * Math.Pow(DecayRate, e);
    }
}
