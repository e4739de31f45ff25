namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>Argument checks that name the offending parameter and the rule it broke.</summary>
internal static class FdGuard
{
    /// <summary>Throws unless <paramref name="value"/> is a finite number.</summary>
    public static void Finite(double value, string what, string paramName)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{what} must be a finite number (got {value}).", paramName);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and strictly positive.</summary>
    public static void Positive(double value, string what, string paramName)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentException($"{what} must be finite and > 0 (got {value}).", paramName);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and not negative.</summary>
    public static void NonNegative(double value, string what, string paramName)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"{what} must be finite and >= 0 (got {value}).", paramName);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> lies in the closed interval [lo, hi].</summary>
    public static void InRange(double value, double lo, double hi, string what, string paramName)
    {
        if (!(value >= lo && value <= hi))
        {
            throw new ArgumentException($"{what} must lie in [{lo}, {hi}] (got {value}).", paramName);
        }
    }

    /// <summary>Throws with a message stating the broken rule.</summary>
    public static void Require(bool condition, string rule, string paramName)
    {
        if (!condition)
        {
            throw new ArgumentException(rule, paramName);
        }
    }
}
