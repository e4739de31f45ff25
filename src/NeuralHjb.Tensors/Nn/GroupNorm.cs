using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Group normalisation over [N, C] or [N, C, L] inputs (PyTorch semantics and names <c>weight</c>,
/// <c>bias</c>): the C channels are split into G groups of C/G; each sample's group is normalised by its
/// own mean and biased variance over (C/G)·L values, then γ, β are applied per channel. Independent of
/// the batch, the same in training and evaluation.
/// </summary>
public sealed class GroupNorm : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numGroups">Number of groups G (divides <paramref name="numChannels"/>).</param>
    /// <param name="numChannels">Number of channels C.</param>
    /// <param name="eps">Added to the variance (positive).</param>
    /// <param name="affine">Whether to learn per-channel γ (init 1) and β (init 0).</param>
    /// <param name="dtype">Element type.</param>
    public GroupNorm(int numGroups, int numChannels, double eps = 1e-5, bool affine = true, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numGroups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numChannels, 1);
        if (numChannels % numGroups != 0)
        {
            throw new ArgumentException($"numChannels ({numChannels}) must be divisible by numGroups ({numGroups}).", nameof(numGroups));
        }

        if (!(eps > 0) || !double.IsFinite(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive and finite.");
        }

        NumGroups = numGroups;
        NumChannels = numChannels;
        Eps = eps;
        Affine = affine;
        DType = dtype;
        if (affine)
        {
            RegisterParameter("weight", Tensor.Ones([numChannels], dtype));
            RegisterParameter("bias", Tensor.Zeros([numChannels], dtype));
        }
    }

    /// <summary>Number of groups G.</summary>
    public int NumGroups { get; }

    /// <summary>Number of channels C.</summary>
    public int NumChannels { get; }

    /// <summary>The ε added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Whether γ and β are learned.</summary>
    public bool Affine { get; }

    private DType DType { get; set; }

    /// <summary>Normalises each sample's channel groups.</summary>
    /// <param name="input">A tensor of shape [N, C] or [N, C, L].</param>
    /// <returns>A tensor of the input's shape.</returns>
    /// <exception cref="ArgumentException">Wrong shape or dtype.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!((input.Rank == 2 || input.Rank == 3) && input.Shape[1] == NumChannels))
        {
            throw new ArgumentException($"expected input of shape [*, {NumChannels}] or [*, {NumChannels}, *], got {ShapeText(input.Shape)}.", nameof(input));
        }

        CheckDType(input, DType, nameof(input));
        return Tensor.GroupNormFused(input, NumGroups, Affine ? Parameter("weight") : null, Affine ? Parameter("bias") : null, Eps);
    }

    /// <inheritdoc />
    protected override void OnDTypeChanged(DType dtype) => DType = dtype;
}
