using System.Globalization;

namespace NeuralHjb.Control;

/// <summary>
/// Parameter validation shared by the problem library. Every message names the parameter and the
/// rule it broke, e.g. "sigma must be non-negative and finite (got -1)".
/// </summary>
internal static class Guard
{
    public static double Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite (got {Format(value)}).");
        }

        return value;
    }

    public static double NonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite (got {Format(value)}).");
        }

        return value;
    }

    public static double Positive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite (got {Format(value)}).");
        }

        return value;
    }

    /// <summary>Checks low ≤ value ≤ high (both ends included).</summary>
    public static double InRange(double value, double low, double high, string name)
    {
        if (!double.IsFinite(value) || value < low || value > high)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [{Format(low)}, {Format(high)}] (got {Format(value)}).");
        }

        return value;
    }

    /// <summary>Checks low &lt; value &lt; high (both ends excluded).</summary>
    public static double InOpenRange(double value, double low, double high, string name)
    {
        if (!double.IsFinite(value) || value <= low || value >= high)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in the open interval ({Format(low)}, {Format(high)}) (got {Format(value)}).");
        }

        return value;
    }

    public static int PositiveCount(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1 (got {value}).");
        }

        return value;
    }

    public static void Interval(double low, double high, string name)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || !(low < high))
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be a finite interval with low < high (got [{Format(low)}, {Format(high)}]).");
        }
    }

    public static T NotNull<T>(T? value, string name)
        where T : class
        => value ?? throw new ArgumentNullException(name, $"{name} must not be null.");

    /// <summary>
    /// Checks that <paramref name="correlation"/> is an n×n correlation matrix (finite, symmetric, unit
    /// diagonal, positive definite) and returns its lower Cholesky factor.
    /// </summary>
    public static double[,] CorrelationCholesky(double[,] correlation, int n, string name)
    {
        ArgumentNullException.ThrowIfNull(correlation, name);
        if (correlation.GetLength(0) != n || correlation.GetLength(1) != n)
        {
            throw new ArgumentException($"{name} must be {n}×{n} (got {correlation.GetLength(0)}×{correlation.GetLength(1)}).", name);
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var v = correlation[i, j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"{name} must be finite (entry [{i},{j}] is {Format(v)}).", name);
                }

                if (Math.Abs(v - correlation[j, i]) > 1e-12)
                {
                    throw new ArgumentException($"{name} must be symmetric positive definite (entry [{i},{j}] = {Format(v)} differs from [{j},{i}] = {Format(correlation[j, i])}).", name);
                }
            }

            if (Math.Abs(correlation[i, i] - 1) > 1e-12)
            {
                throw new ArgumentException($"{name} must have a unit diagonal (entry [{i},{i}] is {Format(correlation[i, i])}).", name);
            }
        }

        var factor = DenseMath.Cholesky(correlation, out var failedRow);
        if (factor is null)
        {
            throw new ArgumentException($"{name} must be symmetric positive definite (Cholesky failed at row {failedRow}).", name);
        }

        return factor;
    }

    /// <summary>An <see cref="ArgumentOutOfRangeException"/> for <paramref name="name"/>.</summary>
    public static ArgumentOutOfRangeException OutOfRange(string name, object? value, string message) => new(name, value, message);

    /// <summary>An <see cref="ArgumentException"/> for <paramref name="name"/>.</summary>
    public static ArgumentException Invalid(string name, string message) => new(message, name);

    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
