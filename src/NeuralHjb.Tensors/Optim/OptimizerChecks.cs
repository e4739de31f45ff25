namespace NeuralHjb.Optim;

/// <summary>Argument validation shared by the optimisers and schedules.</summary>
internal static class OptimizerChecks
{
    /// <summary>A constructor learning rate: finite and strictly positive.</summary>
    public static void LearningRate(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite positive number.");
        }
    }

    /// <summary>A learning rate set by a schedule: finite and non-negative (schedules may reach 0).</summary>
    public static void ScheduledLearningRate(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite non-negative number.");
        }
    }

    /// <summary>Weight decay: finite and non-negative.</summary>
    public static void WeightDecay(double value, string name) => NonNegative(value, name);

    /// <summary>A finite non-negative coefficient.</summary>
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite non-negative number.");
        }
    }

    /// <summary>A moment decay rate in [0, 1).</summary>
    public static void Beta(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, 1).");
        }
    }
}
