using NeuralHjb.Solvers;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// One solver in a quick configuration, for the reliability theory: <paramref name="Solve"/> runs it
/// with a seed and a cancellation token (and must take well under a second or two: it runs about six
/// times); <paramref name="Probe"/> optionally extracts numbers beyond the history and metrics (a value
/// function on fixed points, learned parameters) to compare bit for bit.
/// </summary>
/// <param name="Name">Shown in the test name, e.g. "deep-bsde/hjb-lq".</param>
/// <param name="Solve">Runs the solver: (seed, token) → result.</param>
/// <param name="Probe">Extra numbers to compare, or null.</param>
public sealed record SolverCase(string Name, Func<ulong, CancellationToken, SolverResult> Solve, Func<SolverResult, IReadOnlyList<double>>? Probe = null)
{
    /// <summary>Everything that must be reproducible: history (steps and every series), metrics by name, probe.</summary>
    public double[] Fingerprint(SolverResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = new List<double>();
        var h = result.History;
        values.AddRange(h.Steps.Select(s => (double)s));
        foreach (var name in h.SeriesNames)
        {
            values.Add(name.GetHashCode(StringComparison.Ordinal));
            values.AddRange(h[name]);
        }

        foreach (var (key, value) in result.Metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            values.Add(key.GetHashCode(StringComparison.Ordinal));
            values.Add(value);
        }

        if (Probe is not null)
        {
            values.AddRange(Probe(result));
        }

        return [.. values];
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
