using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Multi-head self-attention over a sequence, with the semantics and parameter names of PyTorch's
/// <c>nn.MultiheadAttention(E, H, batch_first=True)</c> called as <c>mha(x, x, x)</c>:
/// <c>in_proj_weight</c> [3E, E], <c>in_proj_bias</c> [3E], <c>out_proj.weight</c> [E, E], <c>out_proj.bias</c> [E],
/// so PyTorch state dicts load by name.
/// </summary>
/// <remarks>
/// <para>[q k v] = x W_inᵀ + b_in; each of the H heads (width E/H) computes softmax(q kᵀ / √(E/H)) v; the heads
/// are concatenated and projected by <c>out_proj</c>. No mask, no dropout.</para>
/// <para>Initialisation as PyTorch: in_proj_weight Xavier uniform, biases zero, out_proj.weight Linear's default.</para>
/// </remarks>
public sealed class MultiHeadSelfAttention : Module
{
    private readonly Linear _outProj;

    /// <summary>Creates the layer.</summary>
    /// <param name="embedDim">Model width E (divisible by <paramref name="numHeads"/>).</param>
    /// <param name="numHeads">Number of heads H.</param>
    /// <param name="bias">Whether the input and output projections have biases.</param>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type.</param>
    public MultiHeadSelfAttention(int embedDim, int numHeads, bool bias = true, Philox? generator = null, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(embedDim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numHeads, 1);
        if (embedDim % numHeads != 0)
        {
            throw new ArgumentException($"embedDim ({embedDim}) must be divisible by numHeads ({numHeads}).", nameof(numHeads));
        }

        EmbedDim = embedDim;
        NumHeads = numHeads;
        HasBias = bias;
        var g = generator ?? Init.DefaultGenerator;
        var w = Init.XavierUniform(Tensor.Zeros([3 * embedDim, embedDim], dtype), g);
        RegisterParameter("in_proj_weight", w);
        if (bias)
        {
            RegisterParameter("in_proj_bias", Tensor.Zeros([3 * embedDim], dtype));
        }

        _outProj = RegisterModule("out_proj", new Linear(embedDim, embedDim, bias, g, dtype));
        if (_outProj.Bias is { } ob)
        {
            Init.Zeros(ob);
        }
    }

    /// <summary>Model width E.</summary>
    public int EmbedDim { get; }

    /// <summary>Number of heads H.</summary>
    public int NumHeads { get; }

    /// <summary>Width of one head, E/H.</summary>
    public int HeadDim => EmbedDim / NumHeads;

    /// <summary>Whether the projections have biases.</summary>
    public bool HasBias { get; }

    /// <summary>The stacked query/key/value projection [3E, E].</summary>
    public Tensor InProjWeight => Parameter("in_proj_weight");

    /// <summary>The stacked projection bias [3E], or null.</summary>
    public Tensor? InProjBias => HasBias ? Parameter("in_proj_bias") : null;

    /// <summary>The output projection.</summary>
    public Linear OutProj => _outProj;

    /// <summary>Self-attention of a batch of sequences.</summary>
    /// <param name="input">A tensor of shape [B, L, E] (batch first).</param>
    /// <returns>A tensor of shape [B, L, E].</returns>
    /// <exception cref="ArgumentException">Wrong shape or dtype.</exception>
    public override Tensor Forward(Tensor input) => Attend(input, false).Output;

    /// <summary>Self-attention that also returns the attention weights averaged over heads (PyTorch's default <c>need_weights</c> output).</summary>
    /// <param name="input">A tensor of shape [B, L, E].</param>
    /// <returns>The output [B, L, E] and the weights [B, L, L] (rows sum to 1).</returns>
    public (Tensor Output, Tensor Weights) ForwardWithWeights(Tensor input)
    {
        var (o, w) = Attend(input, true);
        return (o, w!);
    }

    private (Tensor Output, Tensor? Weights) Attend(Tensor input, bool weights)
    {
        CheckLastDim(input, EmbedDim, 3, nameof(input));
        CheckDType(input, InProjWeight.DType, nameof(input));
        var b = input.Shape[0];
        var l = input.Shape[1];
        var e = EmbedDim;
        var h = NumHeads;
        var dh = HeadDim;
        var qkv = Tensor.LinearFused(input, InProjWeight, InProjBias, FusedActivation.Identity);
        if (!weights)
        {
            // One op over the packed projections: no per-head permuted copies, P kept for backward.
            return (_outProj.Forward(Tensor.SelfAttentionFused(qkv, h, 1.0 / Math.Sqrt(dh))), null);
        }

        Tensor Heads(int part) => qkv.Slice(2, part * e, e).Reshape([b, l, h, dh]).Permute([0, 2, 1, 3]);
        var q = Heads(0) * (1.0 / Math.Sqrt(dh));
        var k = Heads(1);
        var v = Heads(2);
        var attention = q.MatMul(k.Transpose(-2, -1)).Softmax(-1); // [B, H, L, L]
        var context = attention.MatMul(v).Permute([0, 2, 1, 3]).Reshape([b, l, e]);
        var output = _outProj.Forward(context);
        return (output, weights ? attention.Mean(1) : null);
    }
}
