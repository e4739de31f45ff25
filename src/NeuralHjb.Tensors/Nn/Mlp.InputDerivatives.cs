using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>Forward-mode (Taylor) input derivatives of an <see cref="Mlp"/>.</summary>
public sealed partial class Mlp
{
    /// <summary>
    /// V(x), its first derivatives along the requested input columns and its second derivatives ∂²V/∂x_c² along the
    /// requested diagonal columns, in one forward pass that carries them through the layers ("Taylor mode", forward
    /// automatic differentiation): each linear layer multiplies the stacked [values; first derivatives; second
    /// derivatives] by one GEMM, and each activation maps them by a' = f'(z)·z', a'' = f'(z)·z'' + f''(z)·z'². The
    /// results are differentiable with respect to the parameters and <paramref name="input"/>, with a fused backward
    /// rule, so a loss built from them trains the network; they equal (to rounding) what
    /// <c>Autograd.Grad</c> gives by differentiating
    /// <see cref="Forward"/> twice, at a fraction of the cost. The input normalisation is included (derivatives are
    /// with respect to the raw input).
    /// </summary>
    /// <param name="input">The batch [batch, <see cref="InputWidth"/>].</param>
    /// <param name="gradientColumns">Input columns c whose ∂V/∂x_c to compute, distinct, each in [0, <see cref="InputWidth"/>).</param>
    /// <param name="secondDiagonalColumns">Input columns c whose ∂²V/∂x_c² to compute, distinct, each in [0, <see cref="InputWidth"/>).</param>
    /// <returns>Value [batch, 1], Gradient [batch, k], SecondDiagonal [batch, m] (k, m: the numbers of columns requested).</returns>
    /// <exception cref="ArgumentException">The input is not [batch, InputWidth] of the network's dtype, or a column list repeats a column.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is outside [0, InputWidth).</exception>
    /// <exception cref="NotSupportedException">
    /// The network has more than one output (only scalar networks, such as value functions, are supported), or an
    /// <see cref="OutputTransform"/> (an arbitrary function; differentiate <see cref="Forward"/> with
    /// <see cref="NeuralHjb.Autodiff.Autograd"/> instead).
    /// </exception>
    /// <example>
    /// <code>
    /// var d = net.ForwardWithInputDerivatives(tx, [0, 1], [1]); // V, (V_t, V_x), V_xx of V(t, x)
    /// var residual = d.Gradient.Slice(1, 0, 1) + d.SecondDiagonal;
    /// </code>
    /// </example>
    public MlpInputDerivatives ForwardWithInputDerivatives(Tensor input, ReadOnlySpan<int> gradientColumns, ReadOnlySpan<int> secondDiagonalColumns)
    {
        CheckLastDim(input, InputWidth, 2, nameof(input));
        CheckDType(input, _layers[0].Weight.DType, nameof(input));
        if (OutputWidth != 1)
        {
            throw new NotSupportedException($"input derivatives by forward propagation need a scalar network; this one has {OutputWidth} outputs.");
        }

        if (OutputTransform is not null)
        {
            throw new NotSupportedException("input derivatives by forward propagation cannot pass through OutputTransform (an arbitrary function): differentiate Forward with Autograd.Grad instead.");
        }

        CheckColumns(gradientColumns, nameof(gradientColumns));
        CheckColumns(secondDiagonalColumns, nameof(secondDiagonalColumns));
        var activations = TaylorActivations();

        // First-derivative blocks: the requested gradient columns, then any second-diagonal column not among them
        // (a'' needs z' along the same direction).
        var first = new List<int>(gradientColumns.ToArray());
        var pairs = new int[secondDiagonalColumns.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            var at = first.IndexOf(secondDiagonalColumns[i]);
            if (at < 0)
            {
                at = first.Count;
                first.Add(secondDiagonalColumns[i]);
            }

            pairs[i] = 1 + at;
        }

        // The derivative of the normalised input along e_c is 1/scale_c (second derivatives: zero, the map is affine).
        var scale = HasNormalization ? Buffer("input_scale").ToDoubleArray() : null;
        var seedValues = first.Select(c => scale is null ? 1.0 : 1.0 / scale[c]).ToArray();
        var layout = new TaylorLayout(input.Shape[0], [.. first], seedValues, pairs);
        var stack = HasNormalization ? (input - Buffer("input_shift")) / Buffer("input_scale") : input;
        for (var i = 0; i < activations.Length; i++)
        {
            // The first layer takes the input alone (its derivative blocks are the seeds). Hidden stacks never leave
            // this method: their storage follows the forward pool's lifetime rule.
            var next = Tensor.TaylorLinear(stack, _layers[i].Weight, _layers[i].Bias, activations[i], layout, pooledOutput: i < activations.Length - 1, seeded: i == 0);
            if (stack.ForwardPooled && stack.NodeRefs == 0)
            {
                // Nothing was recorded: the consumed stack is dead.
                ForwardBufferPool.Reclaim(stack);
            }

            stack = next;
        }

        var batch = layout.Batch;
        var blocks = stack.Reshape([layout.Blocks, batch]);
        return new MlpInputDerivatives(
            blocks.Slice(0, 0, 1).Reshape([batch, 1]),
            Columns(blocks, 1, gradientColumns.Length, batch),
            Columns(blocks, 1 + first.Count, pairs.Length, batch));
    }

    /// <summary>Blocks [start, start + count) of a [blocks, batch] tensor as the columns of a [batch, count] one.</summary>
    private static Tensor Columns(Tensor blocks, int start, int count, int batch) => count switch
    {
        0 => Tensor.Zeros([batch, 0], blocks.DType),
        1 => blocks.Slice(0, start, 1).Reshape([batch, 1]),
        _ => blocks.Slice(0, start, count).T.Contiguous(),
    };

    private void CheckColumns(ReadOnlySpan<int> columns, string paramName)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            if ((uint)columns[i] >= (uint)InputWidth)
            {
                throw new ArgumentOutOfRangeException(paramName, columns[i], $"column {columns[i]} is outside [0, {InputWidth}): the network has {InputWidth} inputs.");
            }

            if (columns[..i].Contains(columns[i]))
            {
                throw new ArgumentException($"column {columns[i]} is listed twice.", paramName);
            }
        }
    }

    private TaylorActivation[] TaylorActivations()
    {
        var result = new TaylorActivation[_activations.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = _activations[i] switch
            {
                Activation.Identity => TaylorActivation.Identity,
                Activation.Tanh => TaylorActivation.Tanh,
                Activation.Relu => TaylorActivation.Relu,
                Activation.Silu => TaylorActivation.Silu,
                Activation.Softplus => TaylorActivation.Softplus,
                Activation.Sigmoid => TaylorActivation.Sigmoid,
                _ => throw new NotSupportedException($"activation {_activations[i]} has no forward-mode derivative rule."),
            };
        }

        return result;
    }
}
