using NeuralHjb.Autodiff;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// The per-time-step subnetwork of the Han–Jentzen–E deep BSDE method (workload W4): it maps the state
/// X_t [B, d] to the estimate of Z_t = σᵀ∇u [B, d]:
/// BN(d) → Linear(d→h, no bias) → BN(h) → ReLU → Linear(h→h, no bias) → BN(h) → ReLU → Linear(h→d, no bias) → BN(d),
/// with h = d + 10 by default and every BatchNorm with ε = 1e-6, momentum 0.01.
/// </summary>
/// <remarks>
/// The layers form a <see cref="Sequential"/> registered as <c>seq</c>, so names are those of the PyTorch
/// baseline's <c>_Sub</c> module: <c>seq.0.weight</c> (input BN), <c>seq.1.weight</c> (first Linear),
/// <c>seq.2.running_mean</c>… with the ReLUs at <c>seq.3</c> and <c>seq.6</c>.
/// </remarks>
public sealed class BsdeSubnet : Module
{
    private readonly Sequential _seq;

    /// <summary>Creates the subnet.</summary>
    /// <param name="dim">State dimension d (at least 1).</param>
    /// <param name="hidden">Hidden width h; null for d + 10.</param>
    /// <param name="hiddenLayers">Number of hidden [Linear, BN, ReLU] blocks (2 in W4, at least 1).</param>
    /// <param name="eps">BatchNorm ε.</param>
    /// <param name="momentum">BatchNorm momentum.</param>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type (W4 uses float64).</param>
    public BsdeSubnet(int dim, int? hidden = null, int hiddenLayers = 2, double eps = 1e-6, double momentum = 0.01, Philox? generator = null, DType dtype = DType.Float64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenLayers, 1);
        var h = hidden ?? (dim + 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(h, 1, nameof(hidden));
        var g = generator ?? Init.DefaultGenerator;
        var layers = new List<Module> { new BatchNorm1d(dim, eps, momentum, dtype: dtype) };
        var width = dim;
        for (var i = 0; i < hiddenLayers; i++)
        {
            layers.Add(new Linear(width, h, bias: false, generator: g, dtype: dtype));
            layers.Add(new BatchNorm1d(h, eps, momentum, dtype: dtype));
            layers.Add(new ActivationLayer(Activation.Relu));
            width = h;
        }

        layers.Add(new Linear(width, dim, bias: false, generator: g, dtype: dtype));
        layers.Add(new BatchNorm1d(dim, eps, momentum, dtype: dtype));
        _seq = RegisterModule("seq", new Sequential([.. layers]));
        Dim = dim;
        Hidden = h;
    }

    /// <summary>State dimension d.</summary>
    public int Dim { get; }

    /// <summary>Hidden width h.</summary>
    public int Hidden { get; }

    /// <summary>The layer chain.</summary>
    public Sequential Layers => _seq;

    /// <summary>Maps states to gradient estimates.</summary>
    /// <param name="input">A tensor of shape [B, d] (B ≥ 2 in training mode).</param>
    /// <returns>A tensor of shape [B, d].</returns>
    /// <remarks>
    /// In training mode the layers run as fused ops: each [Linear, BN, ReLU] block is the linear op followed by a
    /// batch norm with the ReLU fused in, and every result inside the subnet (never returned) takes its storage
    /// from the forward buffer pool (<c>ForwardBufferPool</c>, the rule <c>Mlp</c>'s hidden activations follow).
    /// The values and gradients are bitwise those of <see cref="Layers"/>' own forward pass, which evaluation
    /// mode runs.
    /// </remarks>
    public override Tensor Forward(Tensor input)
    {
        CheckLastDim(input, Dim, 2, nameof(input));
        if (!Training || input.Rank != 2)
        {
            return _seq.Forward(input);
        }

        // [BN, (Linear, BN, ReLU) × k, Linear, BN]; only the last BN's result leaves this method.
        var count = _seq.Count;
        var x = ((BatchNorm1d)_seq[0]).Forward(input, relu: false, pooledOutput: true);
        for (var i = 1; i < count; i++)
        {
            Tensor next;
            if (_seq[i] is Linear linear)
            {
                next = linear.Forward(x, FusedActivation.Identity, pooledOutput: true);
            }
            else
            {
                var relu = i + 1 < count && _seq[i + 1] is ActivationLayer { Activation: Activation.Relu };
                next = ((BatchNorm1d)_seq[i]).Forward(x, relu, pooledOutput: i < count - 1);
                if (relu)
                {
                    i++;
                }
            }

            // A pooled result that no recorded node holds (nothing was recorded) is dead once consumed.
            if (x.ForwardPooled && x.NodeRefs == 0)
            {
                ForwardBufferPool.Reclaim(x);
            }

            x = next;
        }

        return x;
    }
}
