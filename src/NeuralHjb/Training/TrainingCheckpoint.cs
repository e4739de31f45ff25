using System.Globalization;
using System.Text.Json;
using NeuralHjb.Io;
using NeuralHjb.Optim;
using NeuralHjb.Tensors;

namespace NeuralHjb.Training;

/// <summary>
/// A training checkpoint in safetensors: parameters (<c>param.NAME</c>), optimiser state
/// (<c>optim.KEY</c>), loss history (<c>history.steps</c>, <c>history.series.NAME</c>, the series order in
/// the <c>history.series</c> metadata), the step count and the trainer's rollback state
/// (<c>trainer.*</c>), the solver-side <see cref="ITrainingState"/>s (<c>state.NAME.ENTRY</c>), with the format
/// and stage in the metadata. Written atomically (temp file + rename).
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>The metadata value identifying this layout.</summary>
    public const string Format = "neuralhjb-training-checkpoint/1";

    private const string SeriesOrderKey = "history.series";
    private const string LearningRateScaleEntry = "trainer.learning_rate_scale";
    private const string RollbacksEntry = "trainer.rollbacks";

    /// <summary>Writes a checkpoint.</summary>
    /// <param name="path">Target file (its directory is created if needed); replaced atomically.</param>
    /// <param name="parameters">Named parameters.</param>
    /// <param name="optimizer">The optimiser whose state is saved.</param>
    /// <param name="history">The loss history so far.</param>
    /// <param name="step">Optimiser steps completed (non-negative).</param>
    /// <param name="metadata">Extra string metadata (the keys <c>format</c>, <c>step</c> and <c>history.series</c> are reserved).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is negative.</exception>
    /// <exception cref="IOException">The file cannot be written (any previous checkpoint is left intact).</exception>
    public static void Save(string path, IReadOnlyList<KeyValuePair<string, Tensor>> parameters, Optimizer optimizer, TrainingHistory history, int step, IReadOnlyDictionary<string, string>? metadata = null)
        => Save(path, parameters, optimizer, history, step, metadata, new TrainerState(1.0, 0), new TrainingStateSet(null));

    /// <summary>Writes a checkpoint including the trainer's rollback state and the solver-side states.</summary>
    internal static void Save(string path, IReadOnlyList<KeyValuePair<string, Tensor>> parameters, Optimizer optimizer, TrainingHistory history, int step, IReadOnlyDictionary<string, string>? metadata, TrainerState trainer, TrainingStateSet states)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
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
        entries.Add(SafetensorsEntry.FromFloat64(LearningRateScaleEntry, [], [trainer.LearningRateScale]));
        entries.Add(SafetensorsEntry.FromFloat64(RollbacksEntry, [], [trainer.Rollbacks]));
        states.Save(entries);
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["step"] = step.ToString(CultureInfo.InvariantCulture),

            // The file orders entries by name; the history's column order (total first, then terms as
            // first seen) is kept here so a resumed run reports its columns in the same order.
            [SeriesOrderKey] = JsonSerializer.Serialize(history.SeriesNames),
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
    /// name, shape, dtype and value is validated before anything is changed, so a bad file changes nothing.
    /// Solver-side state entries (<c>state.*</c>) are ignored; <see cref="Trainer.Resume"/> restores them.
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="parameters">Named parameters to restore (names, shapes and dtypes must match the file).</param>
    /// <param name="optimizer">The optimiser to restore (same type and configuration as the one saved).</param>
    /// <param name="history">Replaced by the saved history.</param>
    /// <returns>The number of optimiser steps completed when the checkpoint was written.</returns>
    /// <exception cref="InvalidDataException">The file is corrupt, of another format, holds non-finite parameters or
    /// optimiser state, or does not match the parameters or optimiser.</exception>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    public static int Load(string path, IReadOnlyList<KeyValuePair<string, Tensor>> parameters, Optimizer optimizer, TrainingHistory history)
        => LoadWithState(path, parameters, optimizer, history, TrainingStateSet.IgnoringSaved, int.MaxValue).Step;

    /// <summary>
    /// As <see cref="Load"/>, also restoring the solver-side <paramref name="states"/> (validated with everything
    /// else, installed last) and returning the trainer's rollback state (defaults when the file predates it).
    /// A step count above <paramref name="maxStep"/> (a checkpoint of a longer run) is refused.
    /// </summary>
    internal static (int Step, TrainerState Trainer) LoadWithState(string path, IReadOnlyList<KeyValuePair<string, Tensor>> parameters, Optimizer optimizer, TrainingHistory history, TrainingStateSet states, int maxStep)
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

            if (!AllFinite(entry))
            {
                problems.Add($"parameter '{name}' holds NaN or infinite values");
                continue;
            }

            values.Add((p, t));
        }

        foreach (var e in doc.Entries.Where(e => e.Name.StartsWith("param.", StringComparison.Ordinal) && !expected.Contains(e.Name)))
        {
            problems.Add($"unexpected parameter '{e.Name["param.".Length..]}'");
        }

        var step = ReadCount(doc, "trainer.step", required: true, problems);
        if (step > maxStep)
        {
            problems.Add($"trainer.step {step} exceeds the {maxStep} steps this run takes (a checkpoint of another run)");
        }
        var rollbacks = ReadCount(doc, RollbacksEntry, required: false, problems);
        var scale = 1.0;
        if (doc.TryGetEntry(LearningRateScaleEntry, out var scaleEntry))
        {
            scale = ReadScalar(scaleEntry) is { } v && v > 0 && v <= 1 ? v : double.NaN;
            if (double.IsNaN(scale))
            {
                problems.Add($"{LearningRateScaleEntry} is not a scalar in (0, 1]");
            }
        }

        var steps = ReadHistorySteps(doc, step, problems);
        var series = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var e in doc.Entries.Where(e => e.Name.StartsWith("history.series.", StringComparison.Ordinal)))
        {
            if (!IsFloat(e))
            {
                problems.Add($"history series '{e.Name}' is {e.DTypeName}, not floating-point");
                continue;
            }

            series[e.Name["history.series.".Length..]] = e.ToFloat64Array();
        }

        var order = SeriesOrder(doc, series.Keys, problems);
        var installStates = states.Prepare(doc.Entries, problems);
        var optimState = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var e in doc.Entries.Where(e => e.Name.StartsWith("optim.", StringComparison.Ordinal)))
        {
            if (!IsFloat(e) || e.DType is SafetensorsDType.F16 or SafetensorsDType.BF16)
            {
                problems.Add($"optimiser state '{e.Name}' is {e.DTypeName}, not F32 or F64");
            }
            else if (!AllFinite(e))
            {
                problems.Add($"optimiser state '{e.Name}' holds NaN or infinite values");
            }
            else
            {
                optimState[e.Name["optim.".Length..]] = TensorEntries.ToTensor(e);
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"checkpoint {path} does not match: {string.Join("; ", problems)}.");
        }

        // Everything below is validated before anything changes: the history, then the optimiser
        // (LoadStateDict checks all of its state first), then the parameters and the states (cannot fail).
        var restored = new TrainingHistory();
        restored.Restore(steps!, order.ToDictionary(n => n, n => series[n], StringComparer.Ordinal), order);
        try
        {
            optimizer.LoadStateDict(optimState);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"checkpoint {path}: optimiser state does not match: {e.Message}", e);
        }

        foreach (var (target, value) in values)
        {
            target.CopyFrom(value);
        }

        history.Restore(restored.Steps, restored.SeriesNames.ToDictionary(n => n, n => restored[n].ToArray(), StringComparer.Ordinal), restored.SeriesNames);
        installStates();
        return (step, new TrainerState(scale, rollbacks));
    }

    private static bool IsFloat(SafetensorsEntry e) => e.DType is SafetensorsDType.F64 or SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16;

    private static bool AllFinite(SafetensorsEntry e)
    {
        foreach (var v in e.ToFloat64Array())
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private static double? ReadScalar(SafetensorsEntry e) => IsFloat(e) && e.ElementCount == 1 ? e.ToFloat64Array()[0] : null;

    private static int ReadCount(SafetensorsDocument doc, string name, bool required, List<string> problems)
    {
        if (!doc.TryGetEntry(name, out var e))
        {
            if (required)
            {
                problems.Add($"{name} is missing");
            }

            return 0;
        }

        if (ReadScalar(e) is { } v && v >= 0 && v <= int.MaxValue && v == Math.Floor(v))
        {
            return (int)v;
        }

        problems.Add($"{name} is not a non-negative integer scalar");
        return 0;
    }

    /// <summary>The recorded steps: positive integers, strictly increasing, none beyond the checkpoint's step.</summary>
    private static int[]? ReadHistorySteps(SafetensorsDocument doc, int step, List<string> problems)
    {
        if (!doc.TryGetEntry("history.steps", out var e))
        {
            problems.Add("history.steps is missing");
            return null;
        }

        if (!IsFloat(e))
        {
            problems.Add($"history.steps is {e.DTypeName}, not floating-point");
            return null;
        }

        var raw = e.ToFloat64Array();
        var steps = new int[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            var v = raw[i];
            if (!(v >= 1 && v <= step && v == Math.Floor(v)) || (i > 0 && v <= steps[i - 1]))
            {
                problems.Add($"history.steps[{i}] = {v.ToString(CultureInfo.InvariantCulture)} is not an increasing step in [1, {step}]");
                return null;
            }

            steps[i] = (int)v;
        }

        return steps;
    }

    /// <summary>The saved column order when present and consistent; otherwise the total first, then by name.</summary>
    private static List<string> SeriesOrder(SafetensorsDocument doc, IEnumerable<string> names, List<string> problems)
    {
        var present = new HashSet<string>(names, StringComparer.Ordinal);
        if (doc.Metadata.TryGetValue(SeriesOrderKey, out var json))
        {
            string[]? saved = null;
            try
            {
                saved = JsonSerializer.Deserialize<string[]>(json);
            }
            catch (JsonException)
            {
            }

            if (saved is not null && saved.Length == present.Count && saved.All(present.Contains) && saved.Distinct(StringComparer.Ordinal).Count() == saved.Length)
            {
                return [.. saved];
            }

            problems.Add($"metadata {SeriesOrderKey} does not list the history series");
            return [];
        }

        return [.. present.OrderBy(n => n == TrainingHistory.TotalLoss ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal)];
    }
}

/// <summary>The trainer's own state that a resumed run needs besides parameters, optimiser and history.</summary>
/// <param name="LearningRateScale">Product of the rollback factors applied so far (1 without rollbacks).</param>
/// <param name="Rollbacks">Rollbacks performed so far.</param>
internal readonly record struct TrainerState(double LearningRateScale, int Rollbacks);
