using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuralHjb.Cli.Sweep;

/// <summary>
/// A parameter grid written as <c>"lambda=0,0.05,0.1;kappa=0.1,0.2"</c>: the Cartesian product in a
/// fixed order (the last parameter varies fastest), so every point has a stable index and shards of
/// the same grid never overlap.
/// </summary>
internal sealed partial class SweepGrid
{
    private SweepGrid(IReadOnlyList<(string Name, string[] Values)> axes) => Axes = axes;

    public IReadOnlyList<(string Name, string[] Values)> Axes { get; }

    public int Count => Axes.Aggregate(1, (n, a) => checked(n * a.Values.Length));

    public static SweepGrid Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("--grid is empty; write it as \"name=v1,v2;other=w1,w2\".");
        }

        var axes = new List<(string, string[])>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"--grid entry '{part}' is not of the form name=v1,v2.");
            }

            var name = part[..eq].Trim();
            if (!NamePattern().IsMatch(name))
            {
                throw new FormatException($"--grid parameter name '{name}' must be letters, digits, '-' or '_' (it becomes the option --{name}).");
            }

            if (axes.Any(a => a.Item1 == name))
            {
                throw new FormatException($"--grid names '{name}' twice.");
            }

            var values = part[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (values.Length == 0)
            {
                throw new FormatException($"--grid parameter '{name}' has no values.");
            }

            axes.Add((name, values));
        }

        return axes.Count == 0 ? throw new FormatException("--grid names no parameters.") : new SweepGrid(axes);
    }

    /// <summary>The point with the given index: one value per parameter.</summary>
    public IReadOnlyList<(string Name, string Value)> Point(int index)
    {
        var result = new (string, string)[Axes.Count];
        for (var a = Axes.Count - 1; a >= 0; a--)
        {
            var n = Axes[a].Values.Length;
            result[a] = (Axes[a].Name, Axes[a].Values[index % n]);
            index /= n;
        }

        return result;
    }

    /// <summary>Indices of the points in shard <paramref name="shard"/> (1-based) of <paramref name="shards"/>.</summary>
    public IEnumerable<int> Shard(int shard, int shards)
    {
        for (var i = shard - 1; i < Count; i += shards)
        {
            yield return i;
        }
    }

    /// <summary>Parses "I/N" with 1 ≤ I ≤ N.</summary>
    public static (int Shard, int Shards) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && i >= 1 && i <= n)
        {
            return (i, n);
        }

        throw new FormatException($"--shard '{text}' must be I/N with 1 <= I <= N (e.g. 3/8).");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex NamePattern();
}
