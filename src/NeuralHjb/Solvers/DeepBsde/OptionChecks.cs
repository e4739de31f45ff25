namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>Option validation with messages that name the option and the rule.</summary>
internal static class OptionChecks
{
    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum} (got {value}).");
        }
    }

    public static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite (got {value}).");
        }
    }

    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite (got {value}).");
        }
    }

    public static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite (got {value}).");
        }
    }

    /// <summary>Piecewise-constant rates: one more value than boundaries, boundaries strictly increasing and ≥ 1, values positive.</summary>
    public static void Schedule(IReadOnlyList<double> rates, IReadOnlyList<int> boundaries, string ratesName, string boundariesName)
    {
        ArgumentNullException.ThrowIfNull(rates, ratesName);
        ArgumentNullException.ThrowIfNull(boundaries, boundariesName);
        if (rates.Count != boundaries.Count + 1)
        {
            throw new ArgumentException($"{ratesName} must have one more entry than {boundariesName} ({boundaries.Count}); it has {rates.Count}.", ratesName);
        }

        for (var i = 0; i < rates.Count; i++)
        {
            Positive(rates[i], $"{ratesName}[{i}]");
        }

        for (var i = 0; i < boundaries.Count; i++)
        {
            if (boundaries[i] < 1 || (i > 0 && boundaries[i] <= boundaries[i - 1]))
            {
                throw new ArgumentException($"{boundariesName} must be positive and strictly increasing (entry {i} is {boundaries[i]}).", boundariesName);
            }
        }
    }
}
