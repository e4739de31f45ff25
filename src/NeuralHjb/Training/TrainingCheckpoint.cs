using System.Globalization;
using NeuralHjb.Io;
using NeuralHjb.Optim;
using NeuralHjb.Tensors;

namespace NeuralHjb.Training;

/// <summary>
/// A training checkpoint in safetensors: parameters (<c>param.NAME</c>), optimiser state
/// (<c>optim.KEY</c>), loss history (<c>history.steps</c>, <c>history.series.NAME</c>) and the step
/// count, with the format and stage in the metadata. Written atomically (temp file + rename).
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>The metadata value identifying this layout.</summary>
    public const string Format = "neuralhjb-training-checkpoint/1";

    /// <summary>Writes a checkpoint.</summary>
    public static void Save(string path, IReadOnlyList<KeyValuePair<string, Tensor>> parameters, Optimizer optimizer, TrainingHistory history, int step, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(history);
        var entries = new List<SafetensorsEntry>();
        foreach (var (name, p) in parameters)
        {
            entries.Add(TensorEntries.ToEntry("param." + name, p));
        }

        foreach (var (key, t) in optimizer.StateDict())
        {
            entries.Add(TensorEntries.ToEntry("optim." + key, t));
        }

        entries.Add(SafetensorsEntry.FromFloat64("history.steps", [history.Count], history.Steps.Select(s => (double)s).ToArray()));
        foreach (var name in history.SeriesNames)
        {
            entries.Add(SafetensorsEntry.FromFloat64("history.series." + name, [history.Count], history[name].ToArray()));
        }

        entries.Add(SafetensorsEntry.FromFloat64("trainer.step", [], [step]));
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        SafetensorsWriter.Write(path, new SafetensorsDocument(entries, meta));
    }

    /// <summary>
    /// Restores parameters, optimiser state and history from a checkpoint and returns its step. Every
    /// name, shape and dtype is validated before anything is changed, so a bad file changes nothing.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is corrupt, of another format, or does not match the parameters.</exception>
    public static int Load(string path, IReadOnlyList<KeyValuePair<string, Tensor>> parameters, Optimizer optimizer, TrainingHistory history)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(history);
        var doc = SafetensorsReader.Read(path);
        if (!doc.Metadata.TryGetValue("format", out var format) || format != Format)
        {
            throw new InvalidDataException($"{path} is not a NeuralHjb training checkpoint (metadata format '{format ?? "missing"}', expected '{Format}').");
        }

        var problems = new List<string>();
        var values = new List<(Tensor Target, Tensor Value)>();
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, p) in parameters)
        {
            expected.Add("param." + name);
            if (!doc.TryGetEntry("param." + name, out var entry))
            {
                problems.Add($"parameter '{name}' is missing");
                continue;
            }

            var t = TensorEntries.ToTensor(entry);
            if (!t.Shape.SequenceEqual(p.Shape) || t.DType != p.DType)
            {
                problems.Add($"parameter '{name}' is {t.DType}[{string.Join(", ", t.ShapeArray())}] in the file but {p.DType}[{string.Join(", ", p.ShapeArray())}] in the model");
                continue;
            }

            values.Add((p, t));
        }

        foreach (var e in doc.Entries.Where(e => e.Name.StartsWith("param.", StringComparison.Ordinal) && !expected.Contains(e.Name)))
        {
            problems.Add($"unexpected parameter '{e.Name["param.".Length..]}'");
        }

        var hasStep = doc.TryGetEntry("trainer.step", out var stepEntry);
        var hasSteps = doc.TryGetEntry("history.steps", out var stepsEntry);
        if (!hasStep || !hasSteps)
        {
            problems.Add("trainer.step or history.steps is missing");
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"checkpoint {path} does not match: {string.Join("; ", problems)}.");
        }

        var step = stepEntry!.ToFloat64Array() is [var s] && s >= 0 && s <= int.MaxValue && s == Math.Floor(s)
            ? (int)s
            : throw new InvalidDataException($"checkpoint {path}: trainer.step is not a non-negative integer scalar.");
        var steps = stepsEntry!.ToFloat64Array().Select(v => (int)v).ToArray();
        var series = doc.Entries
            .Where(e => e.Name.StartsWith("history.series.", StringComparison.Ordinal))
            .ToDictionary(e => e.Name["history.series.".Length..], e => e.ToFloat64Array(), StringComparer.Ordinal);
        var optimState = doc.Entries
            .Where(e => e.Name.StartsWith("optim.", StringComparison.Ordinal))
            .ToDictionary(e => e.Name["optim.".Length..], TensorEntries.ToTensor, StringComparer.Ordinal);

        // The optimiser validates its state before changing anything; parameters are copied only after.
        var restored = new TrainingHistory();
        restored.Restore(steps, series);
        optimizer.LoadStateDict(optimState);
        foreach (var (target, value) in values)
        {
            target.CopyFrom(value);
        }

        history.Restore(restored.Steps, restored.SeriesNames.ToDictionary(n => n, n => restored[n].ToArray(), StringComparer.Ordinal));
        return step;
    }
}
