namespace NeuralHjb.Nn;

/// <summary>
/// A fixed affine map of raw inputs, x ↦ (x − shift) / scale per input column, so that users can feed
/// raw ranges such as t ∈ [0, T] and prices around 100 while the network sees values near [−1, 1].
/// </summary>
public sealed class InputNormalization
{
    /// <summary>Creates the normalisation.</summary>
    /// <param name="shift">Per-column shift (finite).</param>
    /// <param name="scale">Per-column scale (finite, non-zero), same length as <paramref name="shift"/>.</param>
    /// <exception cref="ArgumentException">Lengths differ, or a value is not finite, or a scale is zero.</exception>
    public InputNormalization(IReadOnlyList<double> shift, IReadOnlyList<double> scale)
    {
        ArgumentNullException.ThrowIfNull(shift);
        ArgumentNullException.ThrowIfNull(scale);
        if (shift.Count != scale.Count || shift.Count == 0)
        {
            throw new ArgumentException($"shift has {shift.Count} entries and scale {scale.Count}: they must be equal and non-zero.", nameof(scale));
        }

        for (var i = 0; i < shift.Count; i++)
        {
            if (!double.IsFinite(shift[i]))
            {
                throw new ArgumentException($"shift[{i}] = {shift[i]} is not finite.", nameof(shift));
            }

            if (!double.IsFinite(scale[i]) || scale[i] == 0)
            {
                throw new ArgumentException($"scale[{i}] = {scale[i]} must be finite and non-zero.", nameof(scale));
            }
        }

        Shift = shift.ToArray();
        Scale = scale.ToArray();
    }

    /// <summary>Per-column shift.</summary>
    public IReadOnlyList<double> Shift { get; }

    /// <summary>Per-column scale.</summary>
    public IReadOnlyList<double> Scale { get; }

    /// <summary>Number of input columns.</summary>
    public int Width => Shift.Count;

    /// <summary>The normalisation mapping each column's range [low, high] onto [−1, 1].</summary>
    /// <param name="low">Per-column lower ends.</param>
    /// <param name="high">Per-column upper ends (each greater than its lower end).</param>
    /// <returns>shift = (low + high)/2, scale = (high − low)/2.</returns>
    /// <exception cref="ArgumentException">Lengths differ or a range is empty.</exception>
    public static InputNormalization FromRanges(IReadOnlyList<double> low, IReadOnlyList<double> high)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Count != high.Count)
        {
            throw new ArgumentException($"low has {low.Count} entries and high {high.Count}.", nameof(high));
        }

        var shift = new double[low.Count];
        var scale = new double[low.Count];
        for (var i = 0; i < low.Count; i++)
        {
            if (!(high[i] > low[i]) || !double.IsFinite(low[i]) || !double.IsFinite(high[i]))
            {
                throw new ArgumentException($"range {i} is [{low[i]}, {high[i]}]: it needs finite low < high.", nameof(high));
            }

            shift[i] = 0.5 * (low[i] + high[i]);
            scale[i] = 0.5 * (high[i] - low[i]);
        }

        return new InputNormalization(shift, scale);
    }
}
