using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// 1-D convolution (cross-correlation) over [N, C_in, L] inputs with zero padding, PyTorch's layout and
/// names: <c>weight</c> [C_out, C_in, K], <c>bias</c> [C_out]; output length
/// ⌊(L + 2·padding − dilation·(K − 1) − 1) / stride⌋ + 1.
/// </summary>
/// <remarks>Default initialisation is PyTorch's: U(−1/√(C_in·K), 1/√(C_in·K)) for weight and bias.</remarks>
public sealed class Conv1d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">Input channels (at least 1).</param>
    /// <param name="outChannels">Output channels (at least 1).</param>
    /// <param name="kernelSize">Kernel width K (at least 1).</param>
    /// <param name="stride">Stride (at least 1).</param>
    /// <param name="padding">Zeros added on both sides (non-negative).</param>
    /// <param name="dilation">Spacing between kernel taps (at least 1).</param>
    /// <param name="groups">Channel groups (divides both channel counts): group g convolves input channels
    /// g·C_in/G… with its own C_out/G filters.</param>
    /// <param name="bias">Whether to add a learned bias.</param>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type.</param>
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1, bool bias = true, Philox? generator = null, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(dilation, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"groups ({groups}) must divide inChannels ({inChannels}) and outChannels ({outChannels}).", nameof(groups));
        }
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
        Groups = groups;
        HasBias = bias;
        var w = Tensor.Zeros([outChannels, inChannels / groups, kernelSize], dtype);
        var b = bias ? Tensor.Zeros([outChannels], dtype) : null;
        Init.DefaultLayer(w, b, generator ?? Init.DefaultGenerator);
        RegisterParameter("weight", w);
        if (b is not null)
        {
            RegisterParameter("bias", b);
        }
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel width.</summary>
    public int KernelSize { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on each side.</summary>
    public int Padding { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Whether the layer has a bias.</summary>
    public bool HasBias { get; }

    /// <summary>The weight [C_out, C_in/groups, K].</summary>
    public Tensor Weight => Parameter("weight");

    /// <summary>The bias [C_out], or null.</summary>
    public Tensor? Bias => HasBias ? Parameter("bias") : null;

    /// <summary>Output length for an input of length <paramref name="length"/>.</summary>
    /// <param name="length">Input length L.</param>
    /// <returns>The output length (may be below 1 for too short inputs).</returns>
    public int OutputLength(int length) => Tensor.Conv1dOutputLength(length, KernelSize, Stride, Padding, Dilation);

    /// <summary>Convolves the input.</summary>
    /// <param name="input">A tensor of shape [N, C_in, L].</param>
    /// <returns>A tensor of shape [N, C_out, L_out].</returns>
    /// <exception cref="ArgumentException">Wrong shape or dtype, or the input is shorter than the (dilated) kernel.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[1] != InChannels)
        {
            throw new ArgumentException($"expected input of shape [*, {InChannels}, *], got {ShapeText(input.Shape)}.", nameof(input));
        }

        CheckDType(input, Weight.DType, nameof(input));
        if (OutputLength(input.Shape[2]) < 1)
        {
            throw new ArgumentException($"input length {input.Shape[2]} (padded by {Padding} on each side) is shorter than the kernel span {(Dilation * (KernelSize - 1)) + 1}.", nameof(input));
        }

        return Tensor.Conv1d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
    }
}
