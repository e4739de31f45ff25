using NeuralHjb.Autodiff;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Affine layer y = x Wᵀ + b over the last dimension, with PyTorch's layout and names:
/// <c>weight</c> [out, in] and <c>bias</c> [out].
/// </summary>
/// <remarks>Default initialisation is PyTorch's: W and b ~ U(−1/√in, 1/√in) (see <see cref="Init.DefaultLayer"/>).</remarks>
public sealed class Linear : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inFeatures">Input width (at least 1).</param>
    /// <param name="outFeatures">Output width (at least 1).</param>
    /// <param name="bias">Whether to add a learned bias.</param>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type of the parameters.</param>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Philox? generator = null, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        var g = generator ?? Init.DefaultGenerator;
        var w = Tensor.Zeros([outFeatures, inFeatures], dtype);
        var b = bias ? Tensor.Zeros([outFeatures], dtype) : null;
        Init.DefaultLayer(w, b, g);
        RegisterParameter("weight", w);
        if (b is not null)
        {
            RegisterParameter("bias", b);
        }

        HasBias = bias;
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>Whether the layer has a bias.</summary>
    public bool HasBias { get; }

    /// <summary>The weight [out, in].</summary>
    public Tensor Weight => Parameter("weight");

    /// <summary>The bias [out], or null.</summary>
    public Tensor? Bias => HasBias ? Parameter("bias") : null;

    /// <summary>
    /// A copy of this layer that accepts <paramref name="count"/> more inputs, inserted before input
    /// <paramref name="index"/>, with zero weights: on the old inputs the new layer computes exactly what
    /// this one does, whatever values the new inputs take (input inflation, e.g. a continuation from a
    /// reduced problem to the full one). Bias and existing weights are copied; this layer is unchanged.
    /// </summary>
    /// <param name="index">Position of the first new input, in [0, <see cref="InFeatures"/>].</param>
    /// <param name="count">Number of new inputs (at least 1).</param>
    /// <returns>The widened layer, [out, in + count].</returns>
    public Linear WithInsertedInputs(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, InFeatures);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var w = Weight;
        var widened = new Linear(InFeatures + count, OutFeatures, HasBias, new Philox(0), w.DType);
        using (Autograd.NoGrad())
        {
            var parts = new List<Tensor>(3);
            if (index > 0)
            {
                parts.Add(w.Slice(1, 0, index));
            }

            parts.Add(Tensor.Zeros([OutFeatures, count], w.DType));
            if (index < InFeatures)
            {
                parts.Add(w.Slice(1, index, InFeatures - index));
            }

            widened.Weight.CopyFrom(Tensor.Concat(parts, 1));
            if (HasBias)
            {
                widened.Parameter("bias").CopyFrom(Parameter("bias"));
            }
        }

        return widened;
    }

    /// <summary>Computes x Wᵀ + b.</summary>
    /// <param name="input">A tensor of shape [*, in].</param>
    /// <returns>A tensor of shape [*, out].</returns>
    /// <exception cref="ArgumentException">The last dimension is not <see cref="InFeatures"/>, or the dtype differs.</exception>
    public override Tensor Forward(Tensor input)
    {
        CheckLastDim(input, InFeatures, 0, nameof(input));
        var w = Weight;
        CheckDType(input, w.DType, nameof(input));
        return Tensor.LinearFused(input, w, Bias, FusedActivation.Identity);
    }

    /// <summary>
    /// f(x Wᵀ + b) as one fused op (GEMM, then bias and activation in one pass; one backward node),
    /// for <see cref="Mlp"/>. Same checks as <see cref="Forward(Tensor)"/>.
    /// </summary>
    /// <param name="input">A tensor of shape [*, in].</param>
    /// <param name="activation">The activation fused into the op.</param>
    /// <param name="pooledOutput">True when the caller never hands the result out (see <c>ForwardBufferPool</c>).</param>
    internal Tensor Forward(Tensor input, FusedActivation activation, bool pooledOutput = false)
    {
        CheckLastDim(input, InFeatures, 0, nameof(input));
        var w = Weight;
        CheckDType(input, w.DType, nameof(input));
        return Tensor.LinearFused(input, w, Bias, activation, pooledOutput);
    }
}
