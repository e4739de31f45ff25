namespace NeuralHjb.Training;

/// <summary>Loss history of a training run: the total and every named term at each recorded step.</summary>
public sealed class TrainingHistory
{
    private readonly List<int> _steps = [];
    private readonly Dictionary<string, List<double>> _series = new(StringComparer.Ordinal);

    /// <summary>Name of the series holding the total loss.</summary>
    public const string TotalLoss = "loss";

    /// <summary>Global step indices (1-based: the number of optimiser steps taken) of the records.</summary>
    public IReadOnlyList<int> Steps => _steps;

    /// <summary>Names of the recorded series (the total loss first, then terms in first-seen order).</summary>
    public IReadOnlyList<string> SeriesNames => [.. _series.Keys];

    /// <summary>Number of records.</summary>
    public int Count => _steps.Count;

    /// <summary>The values of one series, aligned with <see cref="Steps"/> (NaN where a term was absent).</summary>
    public IReadOnlyList<double> this[string name] => _series.TryGetValue(name, out var s)
        ? s
        : throw new KeyNotFoundException($"no series named '{name}' in the history (have: {string.Join(", ", _series.Keys)}).");

    /// <summary>Appends a record.</summary>
    public void Add(int step, double loss, IReadOnlyDictionary<string, double> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (_steps.Count > 0 && step <= _steps[^1])
        {
            throw new ArgumentOutOfRangeException(nameof(step), $"history steps must increase (last {_steps[^1]}, got {step}).");
        }

        _steps.Add(step);
        Append(TotalLoss, loss);
        foreach (var (name, value) in terms)
        {
            Append(name, value);
        }

        // Series that were not reported this time get NaN so every series stays aligned.
        foreach (var s in _series.Values)
        {
            if (s.Count < _steps.Count)
            {
                s.Add(double.NaN);
            }
        }
    }

    private void Append(string name, double value)
    {
        if (!_series.TryGetValue(name, out var s))
        {
            s = new List<double>(_steps.Count);
            for (var i = 0; i < _steps.Count - 1; i++)
            {
                s.Add(double.NaN);
            }

            _series[name] = s;
        }

        if (s.Count < _steps.Count)
        {
            s.Add(value);
        }
    }

    /// <summary>Drops records after <paramref name="step"/> (used when rolling back or resuming).</summary>
    public void TruncateAfter(int step)
    {
        var keep = 0;
        while (keep < _steps.Count && _steps[keep] <= step)
        {
            keep++;
        }

        _steps.RemoveRange(keep, _steps.Count - keep);
        foreach (var s in _series.Values)
        {
            s.RemoveRange(keep, s.Count - keep);
        }
    }

    /// <summary>A deep copy.</summary>
    public TrainingHistory Clone()
    {
        var h = new TrainingHistory();
        h._steps.AddRange(_steps);
        foreach (var (k, v) in _series)
        {
            h._series[k] = [.. v];
        }

        return h;
    }

    /// <summary>Replaces the contents; <paramref name="order"/> gives the series order (every key of <paramref name="series"/> once).</summary>
    /// <exception cref="InvalidDataException">A series' length differs from the number of steps.</exception>
    internal void Restore(IReadOnlyList<int> steps, IReadOnlyDictionary<string, double[]> series, IReadOnlyList<string> order)
    {
        foreach (var name in order)
        {
            if (series[name].Length != steps.Count)
            {
                throw new InvalidDataException($"history series '{name}' has {series[name].Length} values for {steps.Count} steps.");
            }
        }

        _steps.Clear();
        _series.Clear();
        _steps.AddRange(steps);
        foreach (var name in order)
        {
            _series[name] = [.. series[name]];
        }
    }
}
