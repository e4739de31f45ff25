using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// 1-D transposed convolution over [N, C_in, L] inputs (the gradient of <see cref="Conv1d"/> with respect
/// to its input; used for up-sampling), PyTorch's layout and names: <c>weight</c> [C_in, C_out, K],
/// <c>bias</c> [C_out]; output length (L − 1)·stride − 2·padding + dilation·(K − 1) + outputPadding + 1.
/// </summary>
/// <remarks>Default initialisation is PyTorch's: U(−1/√(C_out·K), 1/√(C_out·K)) for weight and bias
/// (PyTorch computes the fan-in from dimension 1 of the weight).</remarks>
public sealed class ConvTranspose1d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inChannels">Input channels (at least 1).</param>
    /// <param name="outChannels">Output channels (at least 1).</param>
    /// <param name="kernelSize">Kernel width K (at least 1).</param>
    /// <param name="stride">Stride (at least 1).</param>
    /// <param name="padding">Cropped from both ends of the full output (non-negative).</param>
    /// <param name="outputPadding">Extra length added at the end (below max(stride, dilation)).</param>
    /// <param name="dilation">Spacing between kernel taps (at least 1).</param>
    /// <param name="groups">Channel groups (divides both channel counts): group g convolves input channels
    /// g·C_in/G… with its own C_out/G filters.</param>
    /// <param name="bias">Whether to add a learned bias.</param>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type.</param>
    public ConvTranspose1d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1, int groups = 1, bool bias = true, Philox? generator = null, DType dtype = DType.Float32)
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
        ArgumentOutOfRangeException.ThrowIfNegative(outputPadding);
        if (outputPadding >= Math.Max(stride, dilation))
        {
            throw new ArgumentOutOfRangeException(nameof(outputPadding), outputPadding, $"outputPadding must be smaller than max(stride, dilation) = {Math.Max(stride, dilation)}.");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Dilation = dilation;
        Groups = groups;
        HasBias = bias;
        var w = Tensor.Zeros([inChannels, outChannels / groups, kernelSize], dtype);
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

    /// <summary>Stride (the up-sampling factor).</summary>
    public int Stride { get; }

    /// <summary>Cropped from each end of the full output.</summary>
    public int Padding { get; }

    /// <summary>Extra length added at the end.</summary>
    public int OutputPadding { get; }

    /// <summary>Spacing between kernel taps.</summary>
    public int Dilation { get; }

    /// <summary>Channel groups.</summary>
    public int Groups { get; }

    /// <summary>Whether the layer has a bias.</summary>
    public bool HasBias { get; }

    /// <summary>The weight [C_in, C_out/groups, K].</summary>
    public Tensor Weight => Parameter("weight");

    /// <summary>The bias [C_out], or null.</summary>
    public Tensor? Bias => HasBias ? Parameter("bias") : null;

    /// <summary>Output length for an input of length <paramref name="length"/>.</summary>
    /// <param name="length">Input length L.</param>
    /// <returns>The output length (may be below 1 when the padding crops everything).</returns>
    public int OutputLength(int length) => Tensor.ConvTranspose1dOutputLength(length, KernelSize, Stride, Padding, OutputPadding, Dilation);

    /// <summary>Applies the transposed convolution.</summary>
    /// <param name="input">A tensor of shape [N, C_in, L].</param>
    /// <returns>A tensor of shape [N, C_out, L_out].</returns>
    /// <exception cref="ArgumentException">Wrong shape or dtype, or an empty output.</exception>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[1] != InChannels || input.Shape[2] < 1)
        {
            throw new ArgumentException($"expected input of shape [*, {InChannels}, *], got {ShapeText(input.Shape)}.", nameof(input));
        }

        CheckDType(input, Weight.DType, nameof(input));
        if (OutputLength(input.Shape[2]) < 1)
        {
            throw new ArgumentException($"input length {input.Shape[2]} gives an empty output after cropping padding {Padding} from both ends.", nameof(input));
        }

        return Tensor.ConvTranspose1d(input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);
    }
}
