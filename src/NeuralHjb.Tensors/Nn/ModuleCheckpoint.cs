using System.Globalization;
using NeuralHjb.Io;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Saves and loads a module's parameters, buffers and counters (plus optional optimiser state and
/// string metadata) as a safetensors file that PyTorch and Hugging Face tools read directly.
/// </summary>
/// <remarks>
/// <para>Entries are named as in <see cref="Module.StateDict"/> (<c>layers.0.weight</c>…), float32/float64
/// tensors as F32/F64 and counters (<c>num_batches_tracked</c>) as I64 scalars, exactly as PyTorch's
/// <c>state_dict()</c> — so <c>load_state_dict(safetensors.torch.load_file(path))</c> works in Python, and
/// state dicts saved from the equivalent PyTorch module load here. Optimiser state is stored under
/// <c>optimizer/&lt;name&gt;</c> (module names never contain '/').</para>
/// <para>Saving is atomic (temporary file, flush, rename). Loading validates everything first —
/// names, dtypes, shapes — and only then copies, so a failed load leaves the module unchanged.</para>
/// </remarks>
public static class ModuleCheckpoint
{
    /// <summary>Prefix of optimiser-state entries.</summary>
    public const string OptimizerPrefix = "optimizer/";

    /// <summary>Metadata key holding the format tag written by <see cref="Save"/>.</summary>
    public const string FormatKey = "neuralhjb.format";

    /// <summary>The format tag value.</summary>
    public const string FormatValue = "module-checkpoint/1";

    /// <summary>Writes a checkpoint atomically.</summary>
    /// <param name="path">Target file; its directory must exist.</param>
    /// <param name="module">The module whose state is saved.</param>
    /// <param name="optimizerState">Optional named tensors of an optimiser (moments, step counts as tensors).</param>
    /// <param name="metadata">Optional string metadata; keys starting with <c>neuralhjb.</c> are reserved.</param>
    /// <exception cref="ArgumentException">A reserved metadata key or an invalid optimiser-state name.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(string path, Module module, IReadOnlyDictionary<string, Tensor>? optimizerState = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        SafetensorsWriter.Write(path, ToDocument(module, optimizerState, metadata));
    }

    /// <summary>Builds the safetensors document that <see cref="Save"/> writes (for streams and in-memory use).</summary>
    /// <param name="module">The module whose state is saved.</param>
    /// <param name="optimizerState">Optional named optimiser tensors.</param>
    /// <param name="metadata">Optional string metadata; keys starting with <c>neuralhjb.</c> are reserved.</param>
    /// <returns>The document.</returns>
    public static SafetensorsDocument ToDocument(Module module, IReadOnlyDictionary<string, Tensor>? optimizerState = null, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var entries = new List<SafetensorsEntry>();
        foreach (var (name, t) in module.StateDict())
        {
            entries.Add(TensorEntries.ToEntry(name, t));
        }

        foreach (var (name, value) in module.NamedCounters())
        {
            entries.Add(SafetensorsEntry.FromInt64(name, [], [value]));
        }

        if (optimizerState is not null)
        {
            foreach (var (name, t) in optimizerState)
            {
                if (string.IsNullOrEmpty(name) || t is null)
                {
                    throw new ArgumentException("optimizer state names must be non-empty and tensors non-null.", nameof(optimizerState));
                }

                entries.Add(TensorEntries.ToEntry(OptimizerPrefix + name, t));
            }
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata is not null)
        {
            foreach (var (k, v) in metadata)
            {
                if (k.StartsWith("neuralhjb.", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"metadata key '{k}' is reserved (prefix 'neuralhjb.').", nameof(metadata));
                }

                meta[k] = v;
            }
        }

        meta[FormatKey] = FormatValue;
        meta["neuralhjb.module"] = module.GetType().Name;
        meta["neuralhjb.parameters"] = module.ParameterCount.ToString(CultureInfo.InvariantCulture);
        return new SafetensorsDocument(entries, meta);
    }

    /// <summary>Loads a checkpoint into <paramref name="module"/>.</summary>
    /// <param name="path">The safetensors file.</param>
    /// <param name="module">The module to update in place.</param>
    /// <param name="strict">When true every module entry must be in the file and every file entry
    /// (other than <c>optimizer/…</c>) must be in the module; when false such names are skipped and reported.
    /// Dtype and shape must match in both modes.</param>
    /// <returns>Metadata, optimiser state and the skipped names.</returns>
    /// <exception cref="InvalidDataException">The file is not valid safetensors, or a name, dtype or shape does
    /// not match the module (the message names the tensor); the module is unchanged.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CheckpointContents Load(string path, Module module, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(module);
        var document = SafetensorsReader.Read(path);
        try
        {
            return Load(document, module, strict);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Loads a document (see <see cref="Load(string, Module, bool)"/>).</summary>
    /// <param name="document">The safetensors contents.</param>
    /// <param name="module">The module to update in place.</param>
    /// <param name="strict">Whether missing and unexpected names are errors.</param>
    /// <returns>Metadata, optimiser state and the skipped names.</returns>
    /// <exception cref="InvalidDataException">A name, dtype or shape does not match; the module is unchanged.</exception>
    public static CheckpointContents Load(SafetensorsDocument document, Module module, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(module);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var missing = new List<string>();
        var copies = new List<(Tensor Target, Tensor Value)>();
        var counters = new List<(string Name, long Value)>();

        // Phase 1: validate and decode everything; nothing in the module changes.
        foreach (var (name, target) in module.StateDict())
        {
            if (!document.TryGetEntry(name, out var entry))
            {
                missing.Add(name);
                continue;
            }

            used.Add(name);
            copies.Add((target, Decode(entry, target.DType, target.ShapeArray())));
        }

        foreach (var (name, _) in module.NamedCounters())
        {
            if (!document.TryGetEntry(name, out var entry))
            {
                missing.Add(name);
                continue;
            }

            used.Add(name);
            if (entry.DType is not (SafetensorsDType.I64 or SafetensorsDType.I32) || entry.ElementCount != 1 || entry.Rank > 1)
            {
                throw new InvalidDataException($"tensor '{name}': expected an integer scalar (I64, shape []), found {entry.DTypeName} {FormatShape(entry.GetShape())}.");
            }

            var value = entry.DType == SafetensorsDType.I64
                ? entry.ToInt64Array()[0]
                : BitConverter.ToInt32(entry.Data.Span);
            counters.Add((name, value));
        }

        var unexpected = new List<string>();
        var optimizer = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in document.Entries)
        {
            if (entry.Name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            {
                var dtype = entry.DType switch
                {
                    SafetensorsDType.F32 => DType.Float32,
                    SafetensorsDType.F64 => DType.Float64,
                    _ => throw new InvalidDataException($"tensor '{entry.Name}': optimizer state must be F32 or F64, found {entry.DTypeName}."),
                };
                optimizer[entry.Name[OptimizerPrefix.Length..]] = Decode(entry, dtype, null);
            }
            else if (!used.Contains(entry.Name))
            {
                unexpected.Add(entry.Name);
            }
        }

        if (strict && (missing.Count > 0 || unexpected.Count > 0))
        {
            var parts = new List<string>();
            if (missing.Count > 0)
            {
                parts.Add($"missing from the file: {string.Join(", ", missing.Select(n => $"'{n}'"))}");
            }

            if (unexpected.Count > 0)
            {
                parts.Add($"not in the module: {string.Join(", ", unexpected.Select(n => $"'{n}'"))}");
            }

            throw new InvalidDataException($"checkpoint does not match the {module.GetType().Name}: {string.Join("; ", parts)}.");
        }

        // Phase 2: copy (cannot fail: shapes and dtypes were checked).
        foreach (var (target, value) in copies)
        {
            target.CopyFrom(value);
        }

        foreach (var (name, value) in counters)
        {
            module.SetCounter(name, value);
        }

        return new CheckpointContents(document.Metadata, optimizer, missing, unexpected);
    }

    private static Tensor Decode(SafetensorsEntry entry, DType dtype, int[]? expectedShape)
    {
        var want = dtype == DType.Float32 ? SafetensorsDType.F32 : SafetensorsDType.F64;
        if (entry.DType != want)
        {
            throw new InvalidDataException($"tensor '{entry.Name}': dtype {entry.DTypeName} in the file, {dtype} ({SafetensorsDTypes.ToName(want)}) in the module.");
        }

        var shape = entry.GetShape();
        int[] ishape;
        try
        {
            ishape = entry.GetShapeInt32();
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"tensor '{entry.Name}': shape {FormatShape(shape)} is too large.");
        }

        if (expectedShape is not null && !ishape.AsSpan().SequenceEqual(expectedShape))
        {
            throw new InvalidDataException($"tensor '{entry.Name}': shape {FormatShape(shape)} in the file, {Module.ShapeText(expectedShape)} in the module.");
        }

        return dtype == DType.Float32
            ? Tensor.FromArray(entry.ToFloat32Array(), ishape)
            : Tensor.FromArray(entry.ToFloat64Array(), ishape);
    }

    private static string FormatShape(long[] shape) => "[" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";
}
