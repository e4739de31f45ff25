using NeuralHjb.Tensors;

namespace NeuralHjb.Optim;

/// <summary>
/// A set of parameters that an <see cref="Optimizer"/> updates with its own learning rate and weight
/// decay (for example: no weight decay on biases, a smaller learning rate for a pretrained trunk).
/// </summary>
/// <remarks>
/// Pass groups to an optimiser's group constructor; a group that leaves <see cref="LearningRate"/> or
/// <see cref="WeightDecay"/> unspecified takes the optimiser's default. The optimiser keeps its own
/// copies of the groups (see <see cref="Optimizer.Groups"/>), so one specification can be reused.
/// </remarks>
public sealed class ParameterGroup
{
    private double _learningRate;
    private double _weightDecay;

    /// <summary>Specifies a group.</summary>
    /// <param name="parameters">Leaf tensors with <see cref="Tensor.RequiresGrad"/> set.</param>
    /// <param name="learningRate">This group's learning rate (&gt; 0), or null for the optimiser's.</param>
    /// <param name="weightDecay">This group's weight decay (≥ 0), or null for the optimiser's.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A given learning rate is not a finite positive number, or a given weight decay is negative or not finite.</exception>
    public ParameterGroup(IReadOnlyList<Tensor> parameters, double? learningRate = null, double? weightDecay = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        if (learningRate is { } lr)
        {
            OptimizerChecks.LearningRate(lr, nameof(learningRate));
            _learningRate = lr;
            HasLearningRate = true;
        }

        if (weightDecay is { } wd)
        {
            OptimizerChecks.WeightDecay(wd, nameof(weightDecay));
            _weightDecay = wd;
            HasWeightDecay = true;
        }
    }

    /// <summary>The group's parameters, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>
    /// The group's current learning rate. Setting <see cref="Optimizer.LearningRate"/> rescales it so
    /// that its ratio to the optimiser's learning rate stays what it was at construction.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, infinite or NaN value.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            OptimizerChecks.ScheduledLearningRate(value, nameof(value));
            _learningRate = value;
            HasLearningRate = true;
        }
    }

    /// <summary>The group's weight decay coefficient (L2 for SGD and Adam, decoupled for AdamW).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, infinite or NaN value.</exception>
    public double WeightDecay
    {
        get => _weightDecay;
        set
        {
            OptimizerChecks.WeightDecay(value, nameof(value));
            _weightDecay = value;
            HasWeightDecay = true;
        }
    }

    internal bool HasLearningRate { get; private set; }

    internal bool HasWeightDecay { get; private set; }

    /// <summary>Group learning rate / optimiser learning rate, fixed when the optimiser adopts the group.</summary>
    internal double LearningRateRatio { get; set; } = 1.0;
}
