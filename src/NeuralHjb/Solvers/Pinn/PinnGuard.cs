namespace NeuralHjb.Solvers.Pinn;

/// <summary>Argument checks that name the option and the rule it breaks.</summary>
internal static class PinnGuard
{
    public static double Positive(double value, string name)
        => value > 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");

    public static double NonNegative(double value, string name)
        => value >= 0 && double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite.");

    public static int PositiveCount(int value, string name)
        => value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");

    public static double InRange(double value, double low, double high, string name)
        => value >= low && value <= high ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [{low}, {high}].");

    /// <summary>An out-of-range error naming an option (options records validate their own properties).</summary>
    public static ArgumentOutOfRangeException OutOfRange(string name, object? value, string message) => new(name, value, message);

    /// <summary>An out-of-range error naming an option, without its value.</summary>
    public static ArgumentOutOfRangeException OutOfRange(string name, string message) => new(name, message);

    /// <summary>An inconsistency error naming an option.</summary>
    public static ArgumentException Invalid(string message, string name) => new(message, name);
}
