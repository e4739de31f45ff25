using System.Globalization;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Residual attention U-net over a 1-D grid of discretised controls (after Na and Wan's neural optimal
/// execution): input [B, C_in, L] → output [B, C_out, L], plus a learned scalar times the previous time
/// step's estimate.
/// </summary>
/// <remarks>
/// <para>Forward pass, with SiLU σ and GroupNorm GN:</para>
/// <code>
/// h  = inp(x)                                   conv C_in → w0, same padding
/// h  = n0(h + att(h))                           multi-head self-attention over the L grid points, residual, GN
/// d  = h; for level ℓ = 1..D:
///     d = σ(n1ℓ(downℓ(d)))                      conv w(ℓ−1) → wℓ, kernel 4, stride 2, padding 1 (halves L)
///     d = σ(midℓ(d)) + d                        residual conv wℓ → wℓ, same padding
/// u  = d; for level ℓ = D..1:
///     u = cat(σ(n2ℓ(upℓ(u))), skip(ℓ−1))       transposed conv, kernel 4, stride 2, padding 1 (doubles L), GN, σ,
///                                               concatenated with the encoder output of level ℓ−1 (h at ℓ = 1)
/// y  = out(u) + s·previous                      1×1 conv 2·w0 → C_out; s = skip.weight, a learned scalar
/// </code>
/// <para>Names follow the PyTorch module of workload W5 so its state dict loads directly: <c>inp</c>,
/// <c>att</c> (in_proj_weight…), <c>n0</c>, <c>down</c>, <c>n1</c>, <c>mid</c>, <c>up</c>, <c>n2</c>,
/// <c>out</c>, <c>skip</c> (a bias-free Linear(1, 1)). Levels ℓ ≥ 2 append ℓ: <c>down2</c>, <c>n1_2</c>,
/// <c>mid2</c>, <c>up2</c>, <c>n2_2</c>.</para>
/// <para>L must be divisible by 2^D.</para>
/// </remarks>
public sealed class ResidualAttentionUNet : Module
{
    private readonly Conv1d _inp;
    private readonly MultiHeadSelfAttention _att;
    private readonly GroupNorm _n0;
    private readonly Conv1d[] _down;
    private readonly GroupNorm[] _n1;
    private readonly Conv1d[] _mid;
    private readonly ConvTranspose1d[] _up;
    private readonly GroupNorm[] _n2;
    private readonly Conv1d _out;
    private readonly Linear _skip;

    /// <summary>Creates the W5 network (<see cref="ResidualAttentionUNetOptions.W5"/>).</summary>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type.</param>
    public ResidualAttentionUNet(Philox? generator = null, DType dtype = DType.Float32)
        : this(ResidualAttentionUNetOptions.W5, generator, dtype)
    {
    }

    /// <summary>Creates the network.</summary>
    /// <param name="options">The architecture.</param>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type.</param>
    /// <exception cref="ArgumentException">The options are inconsistent (message names the rule).</exception>
    public ResidualAttentionUNet(ResidualAttentionUNetOptions options, Philox? generator = null, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        Options = options with { Widths = options.Widths.ToArray() };
        var g = generator ?? Init.DefaultGenerator;
        var w = Options.Widths;
        var depth = Options.Depth;
        _inp = RegisterModule("inp", new Conv1d(options.InputChannels, w[0], options.InputKernel, padding: options.InputKernel / 2, generator: g, dtype: dtype));
        _att = RegisterModule("att", new MultiHeadSelfAttention(w[0], options.Heads, generator: g, dtype: dtype));
        _n0 = RegisterModule("n0", new GroupNorm(options.Groups, w[0], dtype: dtype));
        _down = new Conv1d[depth];
        _n1 = new GroupNorm[depth];
        _mid = new Conv1d[depth];
        _up = new ConvTranspose1d[depth];
        _n2 = new GroupNorm[depth];
        for (var i = 0; i < depth; i++)
        {
            var level = i + 1;
            _down[i] = RegisterModule(LevelName("down", level, false), new Conv1d(w[i], w[level], 4, stride: 2, padding: 1, generator: g, dtype: dtype));
            _n1[i] = RegisterModule(LevelName("n1", level, true), new GroupNorm(options.Groups, w[level], dtype: dtype));
            _mid[i] = RegisterModule(LevelName("mid", level, false), new Conv1d(w[level], w[level], options.MidKernel, padding: options.MidKernel / 2, generator: g, dtype: dtype));
        }

        for (var i = depth - 1; i >= 0; i--)
        {
            var level = i + 1;
            var upIn = level == depth ? w[level] : 2 * w[level];
            _up[i] = RegisterModule(LevelName("up", level, false), new ConvTranspose1d(upIn, w[i], 4, stride: 2, padding: 1, generator: g, dtype: dtype));
            _n2[i] = RegisterModule(LevelName("n2", level, true), new GroupNorm(options.Groups, w[i], dtype: dtype));
        }

        _out = RegisterModule("out", new Conv1d(2 * w[0], options.OutputChannels, 1, generator: g, dtype: dtype));
        _skip = RegisterModule("skip", new Linear(1, 1, bias: false, generator: g, dtype: dtype));
    }

    /// <summary>The architecture.</summary>
    public ResidualAttentionUNetOptions Options { get; }

    /// <summary>The learned scalar multiplying the previous estimate (<c>skip.weight</c>, shape [1, 1]).</summary>
    public Tensor PreviousEstimateWeight => _skip.Weight;

    /// <summary>Applies the network with a zero previous estimate.</summary>
    /// <param name="input">A tensor of shape [B, C_in, L].</param>
    /// <returns>A tensor of shape [B, C_out, L].</returns>
    public override Tensor Forward(Tensor input)
    {
        CheckInput(input);
        return Forward(input, Tensor.Zeros([input.Shape[0], Options.OutputChannels, input.Shape[2]], input.DType));
    }

    /// <summary>Applies the network and adds the learned scalar times the previous time step's estimate.</summary>
    /// <param name="input">A tensor of shape [B, C_in, L], L divisible by 2^depth.</param>
    /// <param name="previousEstimate">A tensor of shape [B, C_out, L].</param>
    /// <returns>A tensor of shape [B, C_out, L].</returns>
    /// <exception cref="ArgumentException">A shape or dtype is wrong.</exception>
    public Tensor Forward(Tensor input, Tensor previousEstimate)
    {
        CheckInput(input);
        ArgumentNullException.ThrowIfNull(previousEstimate);
        var b = input.Shape[0];
        var l = input.Shape[2];
        if (previousEstimate.Rank != 3 || previousEstimate.Shape[0] != b || previousEstimate.Shape[1] != Options.OutputChannels || previousEstimate.Shape[2] != l)
        {
            throw new ArgumentException($"expected previousEstimate of shape {ShapeText([b, Options.OutputChannels, l])}, got {ShapeText(previousEstimate.Shape)}.", nameof(previousEstimate));
        }

        CheckDType(previousEstimate, input.DType, nameof(previousEstimate));
        var h = _inp.Forward(input);
        var a = _att.Forward(h.Permute([0, 2, 1])).Permute([0, 2, 1]);
        h = _n0.Forward(h + a);
        var depth = Options.Depth;
        var skips = new Tensor[depth];
        var d = h;
        for (var i = 0; i < depth; i++)
        {
            skips[i] = d;
            d = _n1[i].Forward(_down[i].Forward(d)).Silu();
            d = _mid[i].Forward(d).Silu() + d;
        }

        var u = d;
        for (var i = depth - 1; i >= 0; i--)
        {
            u = Tensor.Concat([_n2[i].Forward(_up[i].Forward(u)).Silu(), skips[i]], 1);
        }

        return _out.Forward(u) + (previousEstimate * _skip.Weight.Reshape([]));
    }

    private static string LevelName(string stem, int level, bool underscore)
        => level == 1 ? stem : stem + (underscore ? "_" : string.Empty) + level.ToString(CultureInfo.InvariantCulture);

    private void CheckInput(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[1] != Options.InputChannels)
        {
            throw new ArgumentException($"expected input of shape [*, {Options.InputChannels}, *], got {ShapeText(input.Shape)}.", nameof(input));
        }

        var factor = 1 << Options.Depth;
        if (input.Shape[2] < factor || input.Shape[2] % factor != 0)
        {
            throw new ArgumentException($"the grid length {input.Shape[2]} must be a positive multiple of 2^depth = {factor}.", nameof(input));
        }

        CheckDType(input, _inp.Weight.DType, nameof(input));
    }

    private static void Validate(ResidualAttentionUNetOptions options)
    {
        if (options.InputChannels < 1 || options.OutputChannels < 1)
        {
            throw new ArgumentException($"InputChannels ({options.InputChannels}) and OutputChannels ({options.OutputChannels}) must be at least 1.", nameof(options));
        }

        if (options.Widths is null || options.Widths.Count < 2)
        {
            throw new ArgumentException("Widths needs at least two entries (the top width and one level).", nameof(options));
        }

        foreach (var w in options.Widths)
        {
            if (w < 1 || options.Groups < 1 || w % options.Groups != 0)
            {
                throw new ArgumentException($"every width must be a positive multiple of Groups ({options.Groups}); got {w}.", nameof(options));
            }
        }

        if (options.Heads < 1 || options.Widths[0] % options.Heads != 0)
        {
            throw new ArgumentException($"Widths[0] ({options.Widths[0]}) must be divisible by Heads ({options.Heads}).", nameof(options));
        }

        if (options.InputKernel < 1 || options.InputKernel % 2 == 0 || options.MidKernel < 1 || options.MidKernel % 2 == 0)
        {
            throw new ArgumentException($"InputKernel ({options.InputKernel}) and MidKernel ({options.MidKernel}) must be odd and positive (same padding).", nameof(options));
        }
    }
}
