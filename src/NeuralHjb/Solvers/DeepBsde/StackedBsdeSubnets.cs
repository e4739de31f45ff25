using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// K independent <see cref="BsdeSubnet"/>s (one per interior time step of the forward deep BSDE method)
/// evaluated together: subnet k sees slice k of the input, every Linear is one batched matrix product
/// over the K stacked weights and every BatchNorm normalises each subnet's batch separately, so one call
/// costs about 30 tensor operations however many time steps there are, instead of about 30 per step.
/// </summary>
/// <remarks>
/// <para>Mathematically identical, in training mode, to running K separate <see cref="BsdeSubnet"/>s
/// (the constructor builds them and packs their initial weights, so the initialisation is the same
/// draw for draw). The BatchNorm layers always use batch statistics (the deep BSDE objective never
/// evaluates the subnets in evaluation mode), so no running statistics are kept.</para>
/// <para>Internally activations are feature-major, [K, C, B] (batch contiguous): BatchNorm then reduces
/// along the contiguous axis and its per-channel factors broadcast as columns, the engine's fast path.
/// <see cref="ForwardFeatureMajor"/> takes and returns that layout directly.</para>
/// <para>Parameters: <c>linear{j}_weight</c> [K, out, in] (each subnet's Linear weight) and
/// <c>bn{j}_weight</c>, <c>bn{j}_bias</c> [K, C, 1] for the BatchNorm layers, j counting from the input.</para>
/// </remarks>
public sealed class StackedBsdeSubnets : Module
{
    // Names, not tensors: To(dtype) and ReplaceParameter swap the registered tensors.
    private readonly string[] _linear;
    private readonly string[] _gamma;
    private readonly string[] _beta;
    private readonly double _eps;

    /// <summary>Creates K subnets.</summary>
    /// <param name="count">K ≥ 1, the number of subnets.</param>
    /// <param name="dim">State dimension d ≥ 1.</param>
    /// <param name="hidden">Hidden width; null for d + 10.</param>
    /// <param name="hiddenLayers">Hidden [Linear, BN, ReLU] blocks per subnet (≥ 1; 2 in the published method).</param>
    /// <param name="eps">BatchNorm ε (positive).</param>
    /// <param name="generator">Generator of the initial weights (subnet 0 first, each as <see cref="BsdeSubnet"/> draws them).</param>
    /// <param name="dtype">Element type.</param>
    public StackedBsdeSubnets(int count, int dim, int? hidden = null, int hiddenLayers = 2, double eps = 1e-6, Philox? generator = null, DType dtype = DType.Float64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenLayers, 1);
        if (!(eps > 0) || !double.IsFinite(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive and finite.");
        }

        var g = generator ?? Init.DefaultGenerator;
        var seq = new Sequential[count];
        for (var k = 0; k < count; k++)
        {
            seq[k] = new BsdeSubnet(dim, hidden, hiddenLayers, eps, generator: g, dtype: dtype).Layers;
        }

        Count = count;
        Dim = dim;
        Hidden = hidden ?? (dim + 10);
        _eps = eps;
        var linears = new List<string>();
        var gammas = new List<string>();
        var betas = new List<string>();
        foreach (var (key, layer) in seq[0].NamedChildren())
        {
            if (layer is Linear)
            {
                var name = $"linear{linears.Count}_weight";
                RegisterParameter(name, Tensor.Stack([.. seq.Select(s => ((Linear)Child(s, key)).Weight.Detach())], 0).Contiguous());
                linears.Add(name);
            }
            else if (layer is BatchNorm1d)
            {
                var j = gammas.Count;
                gammas.Add($"bn{j}_weight");
                betas.Add($"bn{j}_bias");
                RegisterParameter(gammas[^1], Tensor.Stack([.. seq.Select(s => ((BatchNorm1d)Child(s, key)).Weight!.Detach().Unsqueeze(1))], 0).Contiguous());
                RegisterParameter(betas[^1], Tensor.Stack([.. seq.Select(s => ((BatchNorm1d)Child(s, key)).Bias!.Detach().Unsqueeze(1))], 0).Contiguous());
            }
        }

        _linear = [.. linears];
        _gamma = [.. gammas];
        _beta = [.. betas];
    }

    /// <summary>Number of subnets K.</summary>
    public int Count { get; }

    /// <summary>State dimension d.</summary>
    public int Dim { get; }

    /// <summary>Hidden width.</summary>
    public int Hidden { get; }

    /// <summary>Evaluates every subnet on its slice of the input.</summary>
    /// <param name="input">[K, B, d] with B ≥ 2.</param>
    /// <returns>[K, B, d].</returns>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3)
        {
            throw new ArgumentException($"expected input of shape [{Count}, B, {Dim}], got {ShapeText(input.Shape)}.", nameof(input));
        }

        return ForwardFeatureMajor(input.Transpose(1, 2).Contiguous(), 1.0).Transpose(1, 2).Contiguous();
    }

    /// <summary>
    /// Evaluates every subnet on feature-major input and multiplies the result by <paramref name="outputScale"/>
    /// (folded into the last BatchNorm's affine factors, so it costs no pass over the output).
    /// </summary>
    /// <param name="input">[K, d, B] with B ≥ 2 (subnet k's batch is input[k]ᵀ).</param>
    /// <param name="outputScale">Factor applied to the output (the published method uses 1/d).</param>
    /// <returns>[K, d, B].</returns>
    public Tensor ForwardFeatureMajor(Tensor input, double outputScale)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[0] != Count || input.Shape[1] != Dim || input.Shape[2] < 2)
        {
            throw new ArgumentException($"expected feature-major input of shape [{Count}, {Dim}, B ≥ 2], got {ShapeText(input.Shape)}.", nameof(input));
        }

        CheckDType(input, Parameter(_linear[0]).DType, nameof(input));
        var last = _gamma.Length - 1;
        var h = Normalize(input, 0, 1.0);
        for (var j = 0; j < _linear.Length; j++)
        {
            h = Parameter(_linear[j]).MatMul(h);
            h = j < _linear.Length - 1 ? Normalize(h, j + 1, 1.0).Relu() : Normalize(h, last, outputScale);
        }

        return h;
    }

    /// <summary>
    /// The per-subnet mean and 1/√(σ² + ε) that every BatchNorm layer sees on <paramref name="input"/> (feature-major
    /// [K, d, B]), in layer order: on a large batch of paths these are the population statistics with which a single
    /// state can be evaluated (<see cref="ForwardWithStatistics"/>), which training-mode BatchNorm cannot do.
    /// </summary>
    internal IReadOnlyList<(Tensor Mean, Tensor InverseStd)> Statistics(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var _ = Autograd.NoGrad();
        var stats = new List<(Tensor, Tensor)>();
        var h = Record(input, 0, stats);
        for (var j = 0; j < _linear.Length; j++)
        {
            h = Parameter(_linear[j]).MatMul(h);
            h = j < _linear.Length - 1 ? Record(h, j + 1, stats).Relu() : Record(h, _gamma.Length - 1, stats);
        }

        return stats;
    }

    /// <summary>Subnet <paramref name="k"/> on feature-major input [1, d, B] with BatchNorm statistics fixed to <paramref name="statistics"/>; [1, d, B] (with a graph to the parameters only when <paramref name="keepGraph"/>).</summary>
    internal Tensor ForwardWithStatistics(int k, Tensor input, double outputScale, IReadOnlyList<(Tensor Mean, Tensor InverseStd)> statistics, bool keepGraph = false)
    {
        using var _ = new OptionalNoGrad(!keepGraph);
        var last = _gamma.Length - 1;
        var h = Affine(input, k, 0, statistics[0], 1.0);
        for (var j = 0; j < _linear.Length; j++)
        {
            h = Parameter(_linear[j]).Slice(0, k, 1).MatMul(h);
            h = j < _linear.Length - 1 ? Affine(h, k, j + 1, statistics[j + 1], 1.0).Relu() : Affine(h, k, last, statistics[j + 1], outputScale);
        }

        return h;
    }

    private Tensor Record(Tensor x, int j, List<(Tensor, Tensor)> stats)
    {
        var n = x.Shape[2];
        var mean = x.Sum(2, keepDim: true) * (1.0 / n);
        var centered = x - mean;
        var inverseStd = ((centered.Square().Sum(2, keepDim: true) * (1.0 / n)) + _eps).Pow(-0.5);
        stats.Add((mean, inverseStd));
        return (centered * inverseStd * Parameter(_gamma[j])) + Parameter(_beta[j]);
    }

    private Tensor Affine(Tensor x, int k, int j, (Tensor Mean, Tensor InverseStd) s, double scale)
        => ((x - s.Mean.Slice(0, k, 1)) * s.InverseStd.Slice(0, k, 1) * (Parameter(_gamma[j]).Slice(0, k, 1) * scale)) + (Parameter(_beta[j]).Slice(0, k, 1) * scale);

    /// <summary>
    /// Training-mode BatchNorm over the batch axis (2) with the biased batch variance, scaled by s.
    /// On a constant input (the states) the normalisation itself is computed outside the graph, which
    /// leaves only γ and β to differentiate. Otherwise it is written as x·a + b with
    /// a = sγ/√(σ² + ε), b = sβ − μa and σ² = E[x²] − μ², so the full-size tensor sees three passes
    /// (square, multiply, add) and the rest happens on the [K, C, 1] statistics.
    /// </summary>
    private Tensor Normalize(Tensor x, int j, double scale)
    {
        var n = x.Shape[2];
        var gamma = Parameter(_gamma[j]);
        var beta = Parameter(_beta[j]);
        if (scale != 1.0)
        {
            gamma = gamma * scale;
            beta = beta * scale;
        }

        if (!x.RequiresGrad)
        {
            Tensor normalized;
            using (Autograd.NoGrad())
            {
                var centered = x - (x.Sum(2, keepDim: true) * (1.0 / n));
                var variance = centered.Square().Sum(2, keepDim: true) * (1.0 / n);
                normalized = centered * (variance + _eps).Pow(-0.5);
            }

            return (normalized * gamma) + beta;
        }

        var mean = x.Sum(2, keepDim: true) * (1.0 / n);
        var meanSquare = x.Square().Sum(2, keepDim: true) * (1.0 / n);
        var varianceU = (meanSquare - mean.Square()).Maximum(0.0);
        var a = (varianceU + _eps).Pow(-0.5) * gamma;
        return (x * a) + (beta - (mean * a));
    }

    private static Module Child(Module parent, string name)
    {
        foreach (var (n, m) in parent.NamedChildren())
        {
            if (n == name)
            {
                return m;
            }
        }

        throw new InvalidOperationException($"no child '{name}'.");
    }
}
