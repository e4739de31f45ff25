using System.Runtime.CompilerServices;

namespace NeuralHjb.Reference;

/// <summary>Parameter validation shared by the reference closed forms; every message names the rule broken.</summary>
internal static class Guard
{
    public static double Finite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite.");
        }

        return value;
    }

    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
        }

        return value;
    }

    public static double NonNegative(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite.");
        }

        return value;
    }

    public static int PositiveCount(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }

        return value;
    }

    /// <summary>Checks 0 ≤ t ≤ horizon (the horizon itself already validated).</summary>
    public static double TimeInHorizon(double t, double horizon, [CallerArgumentExpression(nameof(t))] string? name = null)
    {
        if (!(t >= 0) || !(t <= horizon))
        {
            throw new ArgumentOutOfRangeException(name, t, $"{name} must lie in [0, {horizon}] (the horizon).");
        }

        return t;
    }

    /// <summary>Checks that a grid is non-empty, finite and strictly increasing.</summary>
    public static void IncreasingGrid(IReadOnlyList<double> grid, [CallerArgumentExpression(nameof(grid))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(grid, name);
        if (grid.Count == 0)
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }

        for (int i = 0; i < grid.Count; i++)
        {
            if (!double.IsFinite(grid[i]))
            {
                throw new ArgumentException($"{name} must contain only finite values (entry {i} is {grid[i]}).", name);
            }

            if (i > 0 && !(grid[i] > grid[i - 1]))
            {
                throw new ArgumentException($"{name} must be strictly increasing (entry {i} does not exceed entry {i - 1}).", name);
            }
        }
    }
}
