using System.Collections.ObjectModel;

namespace NeuralHjb.Io;

/// <summary>
/// The contents of a safetensors file: an ordered list of uniquely named tensors and a string→string
/// metadata dictionary (the header's <c>__metadata__</c> object).
/// </summary>
/// <remarks>
/// A document read by <see cref="SafetensorsReader"/> lists its entries in the order their keys appear
/// in the JSON header (for files written by the reference implementation or by
/// <see cref="SafetensorsWriter"/>, that is also the order of their bytes). The writer does not keep the
/// order of <see cref="Entries"/>; it lays tensors out deterministically (see <see cref="SafetensorsWriter"/>).
/// </remarks>
public sealed class SafetensorsDocument
{
    private static readonly ReadOnlyDictionary<string, string> EmptyMetadata = new(new Dictionary<string, string>());

    private readonly SafetensorsEntry[] _entries;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a document.</summary>
    /// <param name="entries">The tensors; names must be unique (ordinal comparison).</param>
    /// <param name="metadata">Optional string metadata; copied. Keys and values must not be null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> or one of its items is null.</exception>
    /// <exception cref="ArgumentException">Two entries share a name, or a metadata key or value is null,
    /// duplicated or not well-formed UTF-16.</exception>
    public SafetensorsDocument(IEnumerable<SafetensorsEntry> entries, IEnumerable<KeyValuePair<string, string>>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries.ToArray();
        _index = new Dictionary<string, int>(_entries.Length, StringComparer.Ordinal);
        for (int i = 0; i < _entries.Length; i++)
        {
            SafetensorsEntry e = _entries[i] ?? throw new ArgumentNullException(nameof(entries), $"Entry {i} is null.");
            if (!_index.TryAdd(e.Name, i))
            {
                throw new ArgumentException($"Duplicate tensor name '{e.Name}'.", nameof(entries));
            }
        }

        if (metadata is null)
        {
            Metadata = EmptyMetadata;
        }
        else
        {
            var copy = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> kv in metadata)
            {
                if (kv.Key is null || kv.Value is null)
                {
                    throw new ArgumentException("Metadata keys and values must not be null.", nameof(metadata));
                }

                if (!SafetensorsEntry.IsWellFormed(kv.Key) || !SafetensorsEntry.IsWellFormed(kv.Value))
                {
                    throw new ArgumentException($"Metadata entry '{kv.Key}' is not well-formed UTF-16 (lone surrogate).", nameof(metadata));
                }

                if (!copy.TryAdd(kv.Key, kv.Value))
                {
                    throw new ArgumentException($"Duplicate metadata key '{kv.Key}'.", nameof(metadata));
                }
            }

            Metadata = new ReadOnlyDictionary<string, string>(copy);
        }
    }

    /// <summary>The tensors, in the order given to the constructor (or header order when read).</summary>
    public IReadOnlyList<SafetensorsEntry> Entries => Array.AsReadOnly(_entries);

    /// <summary>String metadata (the header's <c>__metadata__</c>); empty when there is none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Number of tensors.</summary>
    public int Count => _entries.Length;

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <param name="name">Tensor name (ordinal comparison).</param>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public SafetensorsEntry this[string name] =>
        TryGetEntry(name, out SafetensorsEntry? entry)
            ? entry
            : throw new KeyNotFoundException($"No tensor named '{name}'.");

    /// <summary>Looks a tensor up by name.</summary>
    /// <param name="name">Tensor name (ordinal comparison).</param>
    /// <param name="entry">The tensor, or null when absent.</param>
    /// <returns><see langword="true"/> when the tensor exists.</returns>
    public bool TryGetEntry(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SafetensorsEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_index.TryGetValue(name, out int i))
        {
            entry = _entries[i];
            return true;
        }

        entry = null;
        return false;
    }

    /// <summary>Whether a tensor called <paramref name="name"/> exists.</summary>
    /// <param name="name">Tensor name (ordinal comparison).</param>
    /// <returns><see langword="true"/> when it exists.</returns>
    public bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _index.ContainsKey(name);
    }
}
