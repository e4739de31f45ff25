namespace NeuralHjb.Control;

/// <summary>
/// A problem parameter that may be given per sample (a "preference"): its name, as problems read
/// it from a <see cref="PreferenceBatch"/>, and the interval a multi-preference solver samples it from.
/// </summary>
public sealed record PreferenceSpec
{
    /// <summary>Declares a preference.</summary>
    /// <param name="name">The name problems look the parameter up by (e.g. "lambda", "A", "phi").</param>
    /// <param name="low">Lower end of the sampling interval.</param>
    /// <param name="high">Upper end of the sampling interval (greater than <paramref name="low"/>).</param>
    /// <param name="description">What the parameter means, with units (for docs and the CLI).</param>
    public PreferenceSpec(string name, double low, double high, string description = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Guard.Finite(low, nameof(low));
        Guard.Interval(low, high, nameof(high));
        Name = name;
        Low = low;
        High = high;
        Description = description ?? string.Empty;
    }

    /// <summary>Gets the name problems look the parameter up by.</summary>
    public string Name { get; }

    /// <summary>Gets the lower end of the sampling interval.</summary>
    public double Low { get; }

    /// <summary>Gets the upper end of the sampling interval.</summary>
    public double High { get; }

    /// <summary>Gets a description of the parameter with units.</summary>
    public string Description { get; }
}
