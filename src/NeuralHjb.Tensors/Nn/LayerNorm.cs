using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Layer normalisation over the last dimensions (PyTorch semantics and names <c>weight</c>, <c>bias</c>):
/// y = (x − mean) / √(var + ε)·γ + β, with the biased variance over <see cref="NormalizedShape"/>.
/// The same in training and evaluation.
/// </summary>
public sealed class LayerNorm : Module
{
    private readonly int[] _normalizedShape;
    private readonly int _count;

    /// <summary>Creates the layer.</summary>
    /// <param name="normalizedShape">The trailing dimensions normalised over (for example [features]).</param>
    /// <param name="eps">Added to the variance (positive).</param>
    /// <param name="elementwiseAffine">Whether to learn γ (init 1) and β (init 0) of <paramref name="normalizedShape"/>.</param>
    /// <param name="dtype">Element type.</param>
    public LayerNorm(IReadOnlyList<int> normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        if (normalizedShape.Count == 0 || normalizedShape.Any(d => d < 1))
        {
            throw new ArgumentException($"normalizedShape {ShapeText(normalizedShape.ToArray())} must be non-empty with positive dimensions.", nameof(normalizedShape));
        }

        if (!(eps > 0) || !double.IsFinite(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive and finite.");
        }

        _normalizedShape = normalizedShape.ToArray();
        _count = _normalizedShape.Aggregate(1, (a, b) => a * b);
        Eps = eps;
        ElementwiseAffine = elementwiseAffine;
        if (elementwiseAffine)
        {
            RegisterParameter("weight", Tensor.Ones(_normalizedShape, dtype));
            RegisterParameter("bias", Tensor.Zeros(_normalizedShape, dtype));
        }

        DType = dtype;
    }

    /// <summary>Creates a layer normalising over the last dimension of size <paramref name="features"/>.</summary>
    /// <param name="features">Size of the last dimension.</param>
    /// <param name="eps">Added to the variance (positive).</param>
    /// <param name="elementwiseAffine">Whether to learn γ and β.</param>
    /// <param name="dtype">Element type.</param>
    public LayerNorm(int features, double eps = 1e-5, bool elementwiseAffine = true, DType dtype = DType.Float32)
        : this([features], eps, elementwiseAffine, dtype)
    {
    }

    /// <summary>The trailing dimensions normalised over.</summary>
    public IReadOnlyList<int> NormalizedShape => _normalizedShape;

    /// <summary>The ε added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Whether γ and β are learned.</summary>
    public bool ElementwiseAffine { get; }

    private DType DType { get; set; }

    /// <summary>Normalises over the trailing dimensions.</summary>
    /// <param name="input">A tensor of shape [*, normalizedShape...].</param>
    /// <returns>A tensor of the input's shape.</returns>
    /// <exception cref="ArgumentException">The trailing dimensions differ, or the dtype differs.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var k = _normalizedShape.Length;
        if (input.Rank < k || !input.Shape[^k..].SequenceEqual(_normalizedShape))
        {
            var expected = "[*, " + ShapeText(_normalizedShape)[1..];
            throw new ArgumentException($"expected input of shape {expected}, got {ShapeText(input.Shape)}.", nameof(input));
        }

        CheckDType(input, DType, nameof(input));
        var axes = Enumerable.Range(input.Rank - k, k).ToArray();
        var mean = input.Sum(axes, keepDim: true) / _count;
        var centered = input - mean;
        var variance = centered.Square().Sum(axes, keepDim: true) / _count;
        var y = centered / (variance + Eps).Sqrt();
        return ElementwiseAffine ? (y * Parameter("weight")) + Parameter("bias") : y;
    }

    /// <inheritdoc />
    protected override void OnDTypeChanged(DType dtype) => DType = dtype;
}
