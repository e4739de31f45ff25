using NeuralHjb.Io;
using NeuralHjb.Tensors;

namespace NeuralHjb.Training;

/// <summary>
/// Collects the entries of one <see cref="ITrainingState"/> for a checkpoint or a rollback snapshot. Names are
/// local to the state (the file holds them as <c>state.STATE.NAME</c>); values are stored exactly (float64 or
/// int64, tensors in their own dtype), so a restored state has the bits of the saved one.
/// </summary>
public sealed class TrainingStateWriter
{
    private readonly string _prefix;
    private readonly List<SafetensorsEntry> _sink;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    internal TrainingStateWriter(string prefix, List<SafetensorsEntry> sink)
    {
        _prefix = prefix;
        _sink = sink;
    }

    /// <summary>Writes a vector of doubles (any values, NaN and infinities included).</summary>
    /// <param name="name">Entry name, unique within the state.</param>
    /// <param name="values">The values.</param>
    /// <exception cref="ArgumentException">The name is empty or already written.</exception>
    public void WriteDoubles(string name, ReadOnlySpan<double> values)
        => _sink.Add(SafetensorsEntry.FromFloat64(FullName(name), [values.Length], values));

    /// <summary>Writes one double (any value).</summary>
    /// <param name="name">Entry name, unique within the state.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The name is empty or already written.</exception>
    public void WriteDouble(string name, double value)
        => _sink.Add(SafetensorsEntry.FromFloat64(FullName(name), [], [value]));

    /// <summary>Writes a vector of 64-bit integers (counts, step indices).</summary>
    /// <param name="name">Entry name, unique within the state.</param>
    /// <param name="values">The values.</param>
    /// <exception cref="ArgumentException">The name is empty or already written.</exception>
    public void WriteInt64s(string name, ReadOnlySpan<long> values)
        => _sink.Add(SafetensorsEntry.FromInt64(FullName(name), [values.Length], values));

    /// <summary>Writes one 64-bit integer.</summary>
    /// <param name="name">Entry name, unique within the state.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The name is empty or already written.</exception>
    public void WriteInt64(string name, long value)
        => _sink.Add(SafetensorsEntry.FromInt64(FullName(name), [], [value]));

    /// <summary>Writes one unsigned 64-bit integer (a generator position; stored as the int64 with the same bits).</summary>
    /// <param name="name">Entry name, unique within the state.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="ArgumentException">The name is empty or already written.</exception>
    public void WriteUInt64(string name, ulong value) => WriteInt64(name, unchecked((long)value));

    /// <summary>Writes a copy of a tensor's elements with its shape and dtype.</summary>
    /// <param name="name">Entry name, unique within the state.</param>
    /// <param name="tensor">The tensor (float32 or float64).</param>
    /// <exception cref="ArgumentException">The name is empty or already written.</exception>
    public void WriteTensor(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        _sink.Add(TensorEntries.ToEntry(FullName(name), tensor));
    }

    private string FullName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_names.Add(name))
        {
            throw new ArgumentException($"entry '{name}' was already written for this state; names must be unique.", nameof(name));
        }

        return _prefix + name;
    }
}
