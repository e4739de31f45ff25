namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// How the terms of a composite loss are weighted: total = Σₖ wₖ Lₖ. The solver reads
/// <see cref="Weights"/> (treated as constants in the gradient) and then reports the step's term
/// values through <see cref="Update"/>, so a weighting may adapt from one step to the next.
/// </summary>
public abstract class LossWeighting
{
    /// <summary>Gets the current weights, one per term, in the order of the names given to <see cref="Reset"/>.</summary>
    public abstract IReadOnlyList<double> Weights { get; }

    /// <summary>Starts (or restarts, e.g. at a new curriculum stage) with initial weights.</summary>
    /// <param name="initialWeights">One non-negative weight per term.</param>
    public abstract void Reset(IReadOnlyList<double> initialWeights);

    /// <summary>Receives the unweighted term values of the step just evaluated.</summary>
    /// <param name="losses">One value per term.</param>
    public abstract void Update(ReadOnlySpan<double> losses);
}

/// <summary>Fixed weights: <see cref="Update"/> does nothing.</summary>
public sealed class FixedLossWeights : LossWeighting
{
    private double[] _weights = [];

    /// <inheritdoc />
    public override IReadOnlyList<double> Weights => _weights;

    /// <inheritdoc />
    public override void Reset(IReadOnlyList<double> initialWeights)
    {
        ArgumentNullException.ThrowIfNull(initialWeights);
        _weights = [.. initialWeights];
    }

    /// <inheritdoc />
    public override void Update(ReadOnlySpan<double> losses)
    {
    }
}
