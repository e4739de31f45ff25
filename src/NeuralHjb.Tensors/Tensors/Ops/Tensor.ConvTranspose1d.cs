using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// 1-D transposed convolution (PyTorch's <c>conv_transpose1d</c>), the adjoint of <see cref="Conv1d"/>
    /// in its input: <c>y[n, g·Cout/G + o, l·stride + k·dilation − padding] += x[n, c, l] · w[c, o, k]</c>
    /// for every input channel c of group g, plus <c>b</c>. Output length
    /// <c>(L − 1)·stride − 2·padding + dilation·(K − 1) + outputPadding + 1</c>.
    /// Computed with one matrix product per group and col2im; differentiable to any order (the input
    /// gradient is a convolution).
    /// </summary>
    /// <remarks>NaN and inf propagate through the sums.</remarks>
    /// <param name="input">[N, Cin, L], or unbatched [Cin, L].</param>
    /// <param name="weight">[Cin, Cout/groups, K].</param>
    /// <param name="bias">[Cout], or null.</param>
    /// <param name="stride">Step between input positions in the output; at least 1.</param>
    /// <param name="padding">Trimmed from both ends of the full output; non-negative.</param>
    /// <param name="outputPadding">Extra length added at the end (to pick among the input lengths a
    /// strided convolution maps to the same length); smaller than stride or dilation.</param>
    /// <param name="groups">Number of channel groups; divides Cin.</param>
    /// <param name="dilation">Spacing between kernel taps; at least 1.</param>
    /// <returns>[N, Cout, Lout] (or [Cout, Lout] for unbatched input).</returns>
    public static Tensor ConvTranspose1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int outputPadding = 0, int groups = 1, int dilation = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank == 2)
        {
            return ConvTranspose1d(input.Unsqueeze(0), weight, bias, stride, padding, outputPadding, groups, dilation).Squeeze(0);
        }

        CheckConvCommon("ConvTranspose1d", input, weight, bias, stride, padding, dilation, groups);
        int cin = input._shape[1], kernel = weight._shape[2];
        if (weight._shape[0] != cin)
        {
            throw new ArgumentException($"ConvTranspose1d: weight {ShapeMath.Format(weight.Shape)} has {weight._shape[0]} input channels (dimension 0) but input {ShapeMath.Format(input.Shape)} has {cin}.", nameof(weight));
        }

        var cout = weight._shape[1] * groups;
        if (bias is not null && (bias.Rank != 1 || bias._shape[0] != cout))
        {
            throw new ArgumentException($"ConvTranspose1d: bias must have shape [{cout}] but has {ShapeMath.Format(bias.Shape)}.", nameof(bias));
        }

        if (outputPadding < 0 || (outputPadding >= stride && outputPadding >= dilation))
        {
            throw new ArgumentOutOfRangeException(nameof(outputPadding), $"ConvTranspose1d: outputPadding must be non-negative and smaller than stride ({stride}) or dilation ({dilation}); got {outputPadding}.");
        }

        var lout = ConvTranspose1dOutputLength(input._shape[2], kernel, stride, padding, outputPadding, dilation);
        if (lout < 1)
        {
            throw new ArgumentException($"ConvTranspose1d: padding {padding} trims the whole output (length {lout}).", nameof(padding));
        }

        return ConvTranspose1dCore(input, weight, bias, new ConvGeometry(stride, padding, dilation, groups), lout);
    }

    /// <summary>PyTorch's conv_transpose1d output length <c>(L − 1)·stride − 2·padding + dilation·(K − 1) + outputPadding + 1</c>.</summary>
    /// <param name="length">Input length L.</param>
    /// <param name="kernelSize">Kernel size K.</param>
    /// <param name="stride">Stride.</param>
    /// <param name="padding">Padding.</param>
    /// <param name="outputPadding">Output padding.</param>
    /// <param name="dilation">Dilation.</param>
    public static int ConvTranspose1dOutputLength(int length, int kernelSize, int stride = 1, int padding = 0, int outputPadding = 0, int dilation = 1)
        => ((length - 1) * stride) - (2 * padding) + (dilation * (kernelSize - 1)) + outputPadding + 1;

    /// <summary>
    /// Transposed convolution without validation into an output of length <paramref name="lout"/>
    /// (positions past the natural length stay zero plus bias; positions beyond <paramref name="lout"/> are dropped).
    /// </summary>
    internal static Tensor ConvTranspose1dCore(Tensor x, Tensor w, Tensor? b, ConvGeometry g, int lout)
    {
        var y = Empty([x._shape[0], w._shape[1] * g.Groups, lout], x.DType);
        if (y.Count > 0)
        {
            if (x.DType == DType.Float32)
            {
                Conv1dKernels.Transpose<float>(x, w, b, g, lout, y);
            }
            else
            {
                Conv1dKernels.Transpose<double>(x, w, b, g, lout, y);
            }
        }

        var inputs = b is null ? new[] { x, w } : new[] { x, w, b };
        if (GradMode.ShouldRecord(inputs))
        {
            var node = GradMode.Attach(y, "conv_transpose1d", inputs, static (n, gy) =>
            {
                var geo = (ConvGeometry)n.Saved!;
                var x = n.Inputs[0];
                var w = n.Inputs[1];
                var grads = new Tensor?[n.Inputs.Length];
                if (n.Needs[0])
                {
                    grads[0] = Conv1dCore(gy, w, null, geo, x._shape[2]);
                }

                if (n.Needs[1])
                {
                    // dw[c, o, k] = Σ x[n, c, l] · gy[n, o, l·s + k·d − p]: the conv weight gradient with roles swapped.
                    grads[1] = Conv1dWeightGrad(gy, x, w._shape[2], geo);
                }

                if (grads.Length > 2 && n.Needs[2])
                {
                    grads[2] = gy.Sum([0, 2]);
                }

                return grads;
            });
            node.Saved = g;
        }

        return y;
    }
}
