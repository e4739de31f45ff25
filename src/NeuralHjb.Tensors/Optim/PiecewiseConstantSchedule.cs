namespace NeuralHjb.Optim;

/// <summary>
/// Piecewise-constant learning rate with TensorFlow's <c>piecewise_constant</c> convention, as used by the
/// deep-BSDE reference code (Han, Jentzen &amp; E): with boundaries b₀ &lt; b₁ &lt; … &lt; b_{k−1} and values
/// v₀ … v_k, lr(step) = v₀ for step ≤ b₀, vᵢ for b_{i−1} &lt; step ≤ bᵢ, and v_k for step &gt; b_{k−1}.
/// </summary>
public sealed class PiecewiseConstantSchedule : ILearningRateSchedule
{
    private readonly int[] _boundaries;
    private readonly double[] _values;

    /// <summary>Creates the schedule.</summary>
    /// <param name="boundaries">Strictly increasing, non-negative step boundaries (may be empty).</param>
    /// <param name="values">One more value than boundaries; each finite and ≥ 0.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Counts disagree or the boundaries are not strictly increasing and non-negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite.</exception>
    public PiecewiseConstantSchedule(IReadOnlyList<int> boundaries, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != boundaries.Count + 1)
        {
            throw new ArgumentException($"values must have one more entry than boundaries ({boundaries.Count}) but has {values.Count}.", nameof(values));
        }

        for (var i = 0; i < boundaries.Count; i++)
        {
            if (boundaries[i] < 0 || (i > 0 && boundaries[i] <= boundaries[i - 1]))
            {
                throw new ArgumentException("boundaries must be non-negative and strictly increasing.", nameof(boundaries));
            }
        }

        foreach (var v in values)
        {
            OptimizerChecks.ScheduledLearningRate(v, nameof(values));
        }

        _boundaries = boundaries.ToArray();
        _values = values.ToArray();
    }

    /// <summary>The boundaries.</summary>
    public IReadOnlyList<int> Boundaries => _boundaries;

    /// <summary>The values.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <inheritdoc />
    public double LearningRate(int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var i = 0;
        while (i < _boundaries.Length && step > _boundaries[i])
        {
            i++;
        }

        return _values[i];
    }
}
