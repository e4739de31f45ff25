using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// 1-D convolution (cross-correlation, as in PyTorch's <c>conv1d</c>):
    /// <c>y[n, o, l] = b[o] + Σ_{c, k} w[o, c, k] · x[n, g·Cin/G + c, l·stride + k·dilation − padding]</c>
    /// where g = o / (Cout/G) is the group of output channel o and x is zero outside [0, L).
    /// Output length <c>⌊(L + 2·padding − dilation·(K − 1) − 1) / stride⌋ + 1</c>.
    /// Computed with im2col and one matrix product per group; differentiable to any order (the input
    /// gradient is a transposed convolution, the weight gradient a correlation of input and output gradient).
    /// </summary>
    /// <remarks>NaN and inf propagate through the sums (an inf times a zero weight gives NaN, as in any product).</remarks>
    /// <param name="input">[N, Cin, L], or unbatched [Cin, L].</param>
    /// <param name="weight">[Cout, Cin/groups, K].</param>
    /// <param name="bias">[Cout], or null.</param>
    /// <param name="stride">Step between output positions; at least 1.</param>
    /// <param name="padding">Zeros added on both sides; non-negative.</param>
    /// <param name="dilation">Spacing between kernel taps; at least 1.</param>
    /// <param name="groups">Number of channel groups; divides Cin and Cout.</param>
    /// <returns>[N, Cout, Lout] (or [Cout, Lout] for unbatched input).</returns>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Rank == 2)
        {
            return Conv1d(input.Unsqueeze(0), weight, bias, stride, padding, dilation, groups).Squeeze(0);
        }

        CheckConvCommon("Conv1d", input, weight, bias, stride, padding, dilation, groups);
        int cin = input._shape[1], cout = weight._shape[0], kernel = weight._shape[2];
        if (weight._shape[1] * groups != cin)
        {
            throw new ArgumentException($"Conv1d: weight {ShapeMath.Format(weight.Shape)} expects {weight._shape[1]}·{groups} = {weight._shape[1] * groups} input channels (Cin/groups per group) but input {ShapeMath.Format(input.Shape)} has {cin}.", nameof(weight));
        }

        if (cout % groups != 0)
        {
            throw new ArgumentException($"Conv1d: output channels {cout} (weight dimension 0) must be divisible by groups = {groups}.", nameof(weight));
        }

        if (bias is not null && (bias.Rank != 1 || bias._shape[0] != cout))
        {
            throw new ArgumentException($"Conv1d: bias must have shape [{cout}] but has {ShapeMath.Format(bias.Shape)}.", nameof(bias));
        }

        var lout = Conv1dOutputLength(input._shape[2], kernel, stride, padding, dilation);
        if (lout < 1)
        {
            throw new ArgumentException($"Conv1d: input length {input._shape[2]} with padding {padding} is shorter than the dilated kernel ({(dilation * (kernel - 1)) + 1}); the output would be empty.", nameof(input));
        }

        return Conv1dCore(input, weight, bias, new ConvGeometry(stride, padding, dilation, groups), lout);
    }

    /// <summary>PyTorch's conv1d output length <c>⌊(L + 2·padding − dilation·(K − 1) − 1) / stride⌋ + 1</c> (may be ≤ 0 for too short inputs).</summary>
    /// <param name="length">Input length L.</param>
    /// <param name="kernelSize">Kernel size K.</param>
    /// <param name="stride">Stride (at least 1).</param>
    /// <param name="padding">Padding on each side.</param>
    /// <param name="dilation">Dilation (at least 1).</param>
    public static int Conv1dOutputLength(int length, int kernelSize, int stride = 1, int padding = 0, int dilation = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        var span = length + (2 * padding) - (dilation * (kernelSize - 1)) - 1;
        return span < 0 ? 0 : (span / stride) + 1;
    }

    private static void CheckConvCommon(string op, Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups)
    {
        if (input.Rank != 3)
        {
            throw new ArgumentException($"{op}: input must be [N, C, L] (or unbatched [C, L]) but has shape {ShapeMath.Format(input.Shape)}.", nameof(input));
        }

        if (weight.Rank != 3)
        {
            throw new ArgumentException($"{op}: weight must have rank 3 but has shape {ShapeMath.Format(weight.Shape)}.", nameof(weight));
        }

        CheckSameDType(input, weight, op, nameof(weight));
        if (bias is not null)
        {
            CheckSameDType(input, bias, op + " (bias)", nameof(bias));
        }

        if (stride < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stride), $"{op}: stride must be at least 1 (got {stride}).");
        }

        if (padding < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), $"{op}: padding must be non-negative (got {padding}).");
        }

        if (dilation < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dilation), $"{op}: dilation must be at least 1 (got {dilation}).");
        }

        if (groups < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(groups), $"{op}: groups must be at least 1 (got {groups}).");
        }

        if (input._shape[1] % groups != 0)
        {
            throw new ArgumentException($"{op}: input channels {input._shape[1]} must be divisible by groups = {groups}.", nameof(groups));
        }

        if (weight._shape[2] < 1)
        {
            throw new ArgumentException($"{op}: kernel size (weight dimension 2) must be at least 1.", nameof(weight));
        }
    }

    /// <summary>Conv1d without validation, computing the first <paramref name="lout"/> output positions.</summary>
    internal static Tensor Conv1dCore(Tensor x, Tensor w, Tensor? b, ConvGeometry g, int lout)
    {
        var y = Empty([x._shape[0], w._shape[0], lout], x.DType);
        if (y.Count > 0)
        {
            if (x.DType == DType.Float32)
            {
                Conv1dKernels.Forward<float>(x, w, b, g, lout, y);
            }
            else
            {
                Conv1dKernels.Forward<double>(x, w, b, g, lout, y);
            }
        }

        var inputs = b is null ? new[] { x, w } : new[] { x, w, b };
        if (GradMode.ShouldRecord(inputs))
        {
            var node = GradMode.Attach(y, "conv1d", inputs, static (n, gy) =>
            {
                var geo = (ConvGeometry)n.Saved!;
                var x = n.Inputs[0];
                var w = n.Inputs[1];
                var grads = new Tensor?[n.Inputs.Length];
                if (n.Needs[0])
                {
                    grads[0] = ConvTranspose1dCore(gy, w, null, geo, x._shape[2]);
                }

                if (n.Needs[1])
                {
                    grads[1] = Conv1dWeightGrad(x, gy, w._shape[2], geo);
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

    /// <summary>
    /// The weight gradient of a convolution as a differentiable op:
    /// <c>dw[o, c, k] = Σ_{n, l} gout[n, o, l] · x[n, g·Cin/G + c, l·s + k·d − p]</c>, shape [Cout, Cin/G, K].
    /// Its own adjoints are a convolution (for gout) and a transposed convolution (for x).
    /// </summary>
    internal static Tensor Conv1dWeightGrad(Tensor x, Tensor gout, int kernel, ConvGeometry g)
    {
        var dw = Empty([gout._shape[1], x._shape[1] / g.Groups, kernel], x.DType);
        if (dw.Count > 0)
        {
            if (x.DType == DType.Float32)
            {
                Conv1dKernels.WeightGrad<float>(x, gout, kernel, g, dw);
            }
            else
            {
                Conv1dKernels.WeightGrad<double>(x, gout, kernel, g, dw);
            }
        }

        if (GradMode.ShouldRecord(x, gout))
        {
            var node = GradMode.Attach(dw, "conv1d_weight_grad", [x, gout], static (n, h) =>
            {
                var geo = (ConvGeometry)n.Saved!;
                var x = n.Inputs[0];
                var gout = n.Inputs[1];
                return
                [
                    n.Needs[0] ? ConvTranspose1dCore(gout, h, null, geo, x._shape[2]) : null,
                    n.Needs[1] ? Conv1dCore(x, h, null, geo, gout._shape[2]) : null,
                ];
            });
            node.Saved = g;
        }

        return dw;
    }
}
