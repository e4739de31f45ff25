using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>
/// Per-sample values of problem parameters ("preferences"): for each name a [batch, 1] tensor, so
/// one batch can mix, say, several risk aversions. Problems read a parameter with
/// <see cref="Resolve(PreferenceBatch?, string, double, DType)"/>, which returns the per-sample column
/// when the batch holds the name and the problem's scalar otherwise.
/// </summary>
public sealed class PreferenceBatch
{
    private readonly Dictionary<string, Tensor> _values;
    private readonly string[] _names;

    /// <summary>Creates a batch from named per-sample tensors.</summary>
    /// <param name="values">Each value is [batch] or [batch, 1] (stored as [batch, 1]); all share batch size and dtype.</param>
    /// <exception cref="ArgumentException">When shapes, batch sizes or dtypes disagree.</exception>
    public PreferenceBatch(IReadOnlyDictionary<string, Tensor> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("values must hold at least one preference.", nameof(values));
        }

        _values = new Dictionary<string, Tensor>(values.Count, StringComparer.Ordinal);
        var batch = -1;
        DType? dtype = null;
        foreach (var (name, tensor) in values)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name, nameof(values));
            ArgumentNullException.ThrowIfNull(tensor, nameof(values));
            Tensor column = tensor.Rank switch
            {
                1 => tensor.Unsqueeze(1),
                2 when tensor.Size(1) == 1 => tensor,
                _ => throw new ArgumentException($"preference '{name}' must have shape [batch] or [batch, 1] (got rank {tensor.Rank}).", nameof(values)),
            };
            if (batch >= 0 && column.Size(0) != batch)
            {
                throw new ArgumentException($"preference '{name}' has batch size {column.Size(0)}, expected {batch}.", nameof(values));
            }

            if (dtype is not null && column.DType != dtype)
            {
                throw new ArgumentException($"preference '{name}' is {column.DType}, expected {dtype}.", nameof(values));
            }

            batch = column.Size(0);
            dtype = column.DType;
            _values[name] = column;
        }

        BatchSize = batch;
        DType = dtype!.Value;
        _names = [.. _values.Keys];
    }

    /// <summary>Gets the number of samples.</summary>
    public int BatchSize { get; }

    /// <summary>Gets the element type of the stored tensors.</summary>
    public DType DType { get; }

    /// <summary>Gets the names present, in insertion order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Gets the [batch, 1] values of <paramref name="name"/>.</summary>
    /// <param name="name">A preference name.</param>
    /// <exception cref="KeyNotFoundException">When the batch does not hold <paramref name="name"/>.</exception>
    public Tensor this[string name] => _values.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"The preference batch holds no '{name}' (it holds: {string.Join(", ", _names)}).");

    /// <summary>Whether the batch holds <paramref name="name"/>.</summary>
    /// <param name="name">A preference name.</param>
    /// <returns>True when present.</returns>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>Gets the [batch, 1] values of <paramref name="name"/> when present.</summary>
    /// <param name="name">A preference name.</param>
    /// <param name="values">The values, or null.</param>
    /// <returns>True when present.</returns>
    public bool TryGetValue(string name, out Tensor? values)
    {
        var found = _values.TryGetValue(name, out var t);
        values = t;
        return found;
    }

    /// <summary>A batch of one preference.</summary>
    /// <param name="name">The preference name.</param>
    /// <param name="values">Its [batch] or [batch, 1] values.</param>
    /// <returns>The batch.</returns>
    public static PreferenceBatch Of(string name, Tensor values)
        => new(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [name] = values });

    /// <summary>A copy of this batch with <paramref name="name"/> added or replaced.</summary>
    /// <param name="name">The preference name.</param>
    /// <param name="values">Its [batch] or [batch, 1] values.</param>
    /// <returns>The new batch.</returns>
    public PreferenceBatch With(string name, Tensor values)
        => new(new Dictionary<string, Tensor>(_values, StringComparer.Ordinal) { [name] = values });

    /// <summary>Samples every declared preference uniformly on its interval.</summary>
    /// <param name="specs">The declared preferences (at least one).</param>
    /// <param name="count">Batch size.</param>
    /// <param name="generator">Random source.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>A batch holding one column per spec.</returns>
    public static PreferenceBatch Sample(IReadOnlyList<PreferenceSpec> specs, int count, Philox generator, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(generator);
        Guard.PositiveCount(count, nameof(count));
        var values = new Dictionary<string, Tensor>(specs.Count, StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            values[spec.Name] = Tensor.Uniform([count, 1], generator, spec.Low, spec.High, dtype);
        }

        return new PreferenceBatch(values);
    }

    /// <summary>
    /// The preferences as network input: a [batch, k] tensor with one column per spec, in spec order,
    /// optionally rescaled from [low, high] to [−1, 1].
    /// </summary>
    /// <param name="specs">Which preferences, in which order.</param>
    /// <param name="normalize">Rescale each column from its spec interval to [−1, 1].</param>
    /// <returns>The [batch, k] tensor.</returns>
    public Tensor ToFeatures(IReadOnlyList<PreferenceSpec> specs, bool normalize = true)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var columns = new Tensor[specs.Count];
        for (var i = 0; i < specs.Count; i++)
        {
            var s = specs[i];
            var c = this[s.Name];
            columns[i] = normalize ? ((c - s.Low) * (2.0 / (s.High - s.Low))) - 1.0 : c;
        }

        return columns.Length == 1 ? columns[0] : Tensor.Concat(columns, 1);
    }

    /// <summary>
    /// Reads a problem parameter: the per-sample [batch, 1] column when <paramref name="preferences"/>
    /// holds <paramref name="name"/> (converted to <paramref name="dtype"/>), otherwise the scalar
    /// <paramref name="value"/> as a zero-dimensional tensor. Either broadcasts against [batch, k].
    /// </summary>
    /// <param name="preferences">The batch, or null.</param>
    /// <param name="name">The parameter's preference name.</param>
    /// <param name="value">The problem's own value.</param>
    /// <param name="dtype">The dtype of the computation.</param>
    /// <returns>A [batch, 1] or zero-dimensional tensor.</returns>
    public static Tensor Resolve(PreferenceBatch? preferences, string name, double value, DType dtype)
    {
        if (preferences is not null && preferences._values.TryGetValue(name, out var t))
        {
            return t.To(dtype);
        }

        return Tensor.Scalar(value, dtype);
    }

    /// <summary>Whether <paramref name="preferences"/> gives <paramref name="name"/> per sample.</summary>
    /// <param name="preferences">The batch, or null.</param>
    /// <param name="name">The parameter's preference name.</param>
    /// <returns>True when per-sample values are present.</returns>
    public static bool IsPerSample(PreferenceBatch? preferences, string name)
        => preferences is not null && preferences._values.ContainsKey(name);

    /// <summary>
    /// Checks that every name in the batch is declared by <paramref name="specs"/>, so a misspelt
    /// preference does not silently fall back to the scalar.
    /// </summary>
    /// <param name="specs">The problem's declared preferences.</param>
    /// <exception cref="ArgumentException">When an undeclared name is present.</exception>
    public void EnsureDeclared(IReadOnlyList<PreferenceSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        foreach (var name in _names)
        {
            var declared = false;
            foreach (var s in specs)
            {
                declared |= s.Name == name;
            }

            if (!declared)
            {
                throw new ArgumentException($"preference '{name}' is not declared by the problem (declared: {string.Join(", ", specs.Select(s => s.Name))}).", nameof(specs));
            }
        }
    }
}
