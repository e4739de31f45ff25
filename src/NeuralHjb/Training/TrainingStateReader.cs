using NeuralHjb.Io;
using NeuralHjb.Tensors;

namespace NeuralHjb.Training;

/// <summary>
/// The saved entries of one <see cref="ITrainingState"/>, read back by the names given to
/// <see cref="TrainingStateWriter"/>. Every read checks presence, dtype, rank and (unless allowed otherwise)
/// finiteness, and throws <see cref="InvalidDataException"/> naming the entry (<c>state.STATE.NAME</c>).
/// </summary>
public sealed class TrainingStateReader
{
    private readonly string _prefix;
    private readonly IReadOnlyDictionary<string, SafetensorsEntry> _entries;
    private readonly HashSet<string> _read;

    internal TrainingStateReader(string prefix, IReadOnlyDictionary<string, SafetensorsEntry> entries, HashSet<string> read)
    {
        _prefix = prefix;
        _entries = entries;
        _read = read;
    }

    /// <summary>Whether the state has an entry called <paramref name="name"/> (for optional entries).</summary>
    /// <param name="name">Entry name.</param>
    /// <returns>True when present.</returns>
    public bool Contains(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _entries.ContainsKey(_prefix + name);
    }

    /// <summary>Reads a vector written by <see cref="TrainingStateWriter.WriteDoubles"/>.</summary>
    /// <param name="name">Entry name.</param>
    /// <param name="length">The required length, or null for any.</param>
    /// <param name="allowNonFinite">Whether NaN and infinities are accepted.</param>
    /// <returns>The values, bit for bit.</returns>
    /// <exception cref="InvalidDataException">Missing, not a float64 vector, of another length, or not finite.</exception>
    public double[] ReadDoubles(string name, int? length = null, bool allowNonFinite = false)
    {
        var e = Get(name, SafetensorsDType.F64, rank: 1);
        var values = e.ToFloat64Array();
        CheckLength(name, values.Length, length);
        CheckFinite(name, values, allowNonFinite);
        return values;
    }

    /// <summary>Reads a value written by <see cref="TrainingStateWriter.WriteDouble"/>.</summary>
    /// <param name="name">Entry name.</param>
    /// <param name="allowNonFinite">Whether NaN and infinities are accepted.</param>
    /// <returns>The value, bit for bit.</returns>
    /// <exception cref="InvalidDataException">Missing, not a float64 scalar, or not finite.</exception>
    public double ReadDouble(string name, bool allowNonFinite = false)
    {
        var values = Get(name, SafetensorsDType.F64, rank: 0).ToFloat64Array();
        CheckFinite(name, values, allowNonFinite);
        return values[0];
    }

    /// <summary>Reads a vector written by <see cref="TrainingStateWriter.WriteInt64s"/>.</summary>
    /// <param name="name">Entry name.</param>
    /// <param name="length">The required length, or null for any.</param>
    /// <returns>The values.</returns>
    /// <exception cref="InvalidDataException">Missing, not an int64 vector, or of another length.</exception>
    public long[] ReadInt64s(string name, int? length = null)
    {
        var values = Get(name, SafetensorsDType.I64, rank: 1).ToInt64Array();
        CheckLength(name, values.Length, length);
        return values;
    }

    /// <summary>Reads a value written by <see cref="TrainingStateWriter.WriteInt64"/> and checks its range.</summary>
    /// <param name="name">Entry name.</param>
    /// <param name="minimum">Smallest accepted value.</param>
    /// <param name="maximum">Largest accepted value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">Missing, not an int64 scalar, or outside [<paramref name="minimum"/>, <paramref name="maximum"/>].</exception>
    public long ReadInt64(string name, long minimum = long.MinValue, long maximum = long.MaxValue)
    {
        var value = Get(name, SafetensorsDType.I64, rank: 0).ToInt64Array()[0];
        if (value < minimum || value > maximum)
        {
            throw Invalid(name, $"is {value}, outside [{minimum}, {maximum}]");
        }

        return value;
    }

    /// <summary>Reads a value written by <see cref="TrainingStateWriter.WriteUInt64"/>.</summary>
    /// <param name="name">Entry name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidDataException">Missing or not an int64 scalar.</exception>
    public ulong ReadUInt64(string name) => unchecked((ulong)ReadInt64(name));

    /// <summary>Reads a tensor written by <see cref="TrainingStateWriter.WriteTensor"/>; the caller checks its shape.</summary>
    /// <param name="name">Entry name.</param>
    /// <param name="dtype">The required element type, or null for either float32 or float64.</param>
    /// <returns>A new tensor with the saved shape, dtype and elements.</returns>
    /// <exception cref="InvalidDataException">Missing, of another dtype, too large, or holding NaN or infinities.</exception>
    public Tensor ReadTensor(string name, DType? dtype = null)
    {
        var e = Get(name, dtype switch
        {
            DType.Float32 => SafetensorsDType.F32,
            DType.Float64 => SafetensorsDType.F64,
            _ => null,
        }, rank: null);
        CheckFinite(name, e.ToFloat64Array(), allowNonFinite: false);
        try
        {
            return TensorEntries.ToTensor(e);
        }
        catch (InvalidDataException ex)
        {
            throw Invalid(name, ex.Message);
        }
    }

    /// <summary>The exception for an entry that breaks a state's own rule (e.g. a shape that does not fit).</summary>
    /// <param name="name">Entry name.</param>
    /// <param name="rule">What is wrong, e.g. "has 3 rows but the pool holds at most 2".</param>
    /// <returns>An <see cref="InvalidDataException"/> naming the entry; throw it.</returns>
    public InvalidDataException Invalid(string name, string rule) => new($"state entry '{_prefix}{name}' {rule}");

    /// <summary>The entry, checked for dtype (null: F32 or F64) and rank (null: any).</summary>
    private SafetensorsEntry Get(string name, SafetensorsDType? dtype, int? rank)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_entries.TryGetValue(_prefix + name, out var e))
        {
            throw Invalid(name, "is missing");
        }

        _read.Add(e.Name);
        if (dtype is { } d ? e.DType != d : e.DType is not (SafetensorsDType.F32 or SafetensorsDType.F64))
        {
            throw Invalid(name, $"is {e.DTypeName}, not {(dtype is { } expected ? SafetensorsDTypes.ToName(expected) : "F32 or F64")}");
        }

        if (rank is { } r && e.Rank != r)
        {
            throw Invalid(name, $"has rank {e.Rank}, not {r}");
        }

        return e;
    }

    private void CheckLength(string name, int actual, int? length)
    {
        if (length is { } n && actual != n)
        {
            throw Invalid(name, $"has {actual} values, not {n}");
        }
    }

    private void CheckFinite(string name, double[] values, bool allowNonFinite)
    {
        if (!allowNonFinite && !Array.TrueForAll(values, double.IsFinite))
        {
            throw Invalid(name, "holds NaN or infinite values");
        }
    }
}
