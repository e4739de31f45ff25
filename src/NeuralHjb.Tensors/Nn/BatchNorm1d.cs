using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Batch normalisation over [N, C] or [N, C, L] inputs with PyTorch's exact semantics and names
/// (<c>weight</c>, <c>bias</c>, buffers <c>running_mean</c>, <c>running_var</c>, counter <c>num_batches_tracked</c>).
/// </summary>
/// <remarks>
/// <para>Training: y = (x − μ_B) / √(σ²_B + ε)·γ + β with the batch mean μ_B and the <b>biased</b> batch
/// variance σ²_B (over N, and L for 3-D input); the running statistics are updated as
/// r ← (1 − m)·r + m·s with the batch mean and the <b>unbiased</b> batch variance (factor n/(n − 1)).
/// When <c>momentum</c> is null the update is a cumulative average (m = 1/num_batches_tracked).</para>
/// <para>Evaluation: the running statistics replace the batch ones (an affine map of x).</para>
/// </remarks>
public sealed class BatchNorm1d : Module
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numFeatures">Number of channels C.</param>
    /// <param name="eps">Added to the variance for stability (positive).</param>
    /// <param name="momentum">Weight of the new statistics in the running update, in (0, 1]; null for a cumulative average.</param>
    /// <param name="affine">Whether to learn γ (<c>weight</c>, init 1) and β (<c>bias</c>, init 0).</param>
    /// <param name="trackRunningStats">Whether to keep running statistics; when false batch statistics are used in both modes.</param>
    /// <param name="dtype">Element type.</param>
    public BatchNorm1d(int numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        if (!(eps > 0) || !double.IsFinite(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive and finite.");
        }

        if (momentum is { } m && !(m > 0 && m <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must lie in (0, 1] (or be null for a cumulative average).");
        }

        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        if (affine)
        {
            RegisterParameter("weight", Tensor.Ones([numFeatures], dtype));
            RegisterParameter("bias", Tensor.Zeros([numFeatures], dtype));
        }

        if (trackRunningStats)
        {
            RegisterBuffer("running_mean", Tensor.Zeros([numFeatures], dtype));
            RegisterBuffer("running_var", Tensor.Ones([numFeatures], dtype));
            RegisterCounter("num_batches_tracked");
        }
    }

    /// <summary>Number of channels C.</summary>
    public int NumFeatures { get; }

    /// <summary>The ε added to the variance.</summary>
    public double Eps { get; }

    /// <summary>Running-update momentum, or null for a cumulative average.</summary>
    public double? Momentum { get; }

    /// <summary>Whether γ and β are learned.</summary>
    public bool Affine { get; }

    /// <summary>Whether running statistics are kept.</summary>
    public bool TrackRunningStats { get; }

    /// <summary>γ [C], or null without affine.</summary>
    public Tensor? Weight => Affine ? Parameter("weight") : null;

    /// <summary>β [C], or null without affine.</summary>
    public Tensor? Bias => Affine ? Parameter("bias") : null;

    /// <summary>Running mean [C], or null without running statistics.</summary>
    public Tensor? RunningMean => TrackRunningStats ? Buffer("running_mean") : null;

    /// <summary>Running (unbiased) variance [C], or null without running statistics.</summary>
    public Tensor? RunningVar => TrackRunningStats ? Buffer("running_var") : null;

    /// <summary>Number of training batches seen (0 without running statistics).</summary>
    public long NumBatchesTracked => TrackRunningStats ? Counter("num_batches_tracked") : 0;

    /// <summary>Normalises the batch (see the class remarks for train and eval behaviour).</summary>
    /// <param name="input">A tensor of shape [N, C] or [N, C, L].</param>
    /// <returns>A tensor of the input's shape.</returns>
    /// <exception cref="ArgumentException">Wrong shape or dtype, or a training batch with a single value per channel.</exception>
    public override Tensor Forward(Tensor input) => Forward(input, relu: false, pooledOutput: false);

    /// <summary>
    /// <see cref="Forward(Tensor)"/>, optionally followed by a ReLU (fused into the op in training mode for
    /// [N, C] input), with the result in a pooled buffer when <paramref name="pooledOutput"/> (the caller, a module,
    /// never hands it to user code; training mode and [N, C] input only, see <c>ForwardBufferPool</c>).
    /// </summary>
    internal Tensor Forward(Tensor input, bool relu, bool pooledOutput)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!((input.Rank == 2 || input.Rank == 3) && input.Shape[1] == NumFeatures))
        {
            throw new ArgumentException($"expected input of shape [*, {NumFeatures}] or [*, {NumFeatures}, *], got {ShapeText(input.Shape)}.", nameof(input));
        }

        var dtype = Affine ? Parameter("weight").DType : Buffer("running_mean").DType;
        CheckDType(input, dtype, nameof(input));
        int[] axes = input.Rank == 2 ? [0] : [0, 2];
        var n = input.Rank == 2 ? input.Shape[0] : input.Shape[0] * input.Shape[2];
        int[] channelShape = input.Rank == 2 ? [NumFeatures] : [NumFeatures, 1];
        Tensor normalized;
        if (Training || !TrackRunningStats)
        {
            if (n <= 1)
            {
                throw new ArgumentException($"expected more than 1 value per channel when training, got input of shape {ShapeText(input.Shape)}.", nameof(input));
            }

            // One fused op (batch statistics, normalisation and the affine map; closed-form backward).
            var rows = input.Rank == 2;
            var y = Tensor.BatchNormFused(input, Affine ? Parameter("weight") : null, Affine ? Parameter("bias") : null, Eps, out var mean, out var variance, relu && rows, pooledOutput && rows);
            if (Training && TrackRunningStats)
            {
                UpdateRunningStats(mean, variance, n);
            }

            return relu && !rows ? y.Relu() : y;
        }
        else
        {
            var rm = Buffer("running_mean").Reshape(channelShape);
            var rv = Buffer("running_var").Reshape(channelShape);
            normalized = (input - rm) / (rv + Eps).Sqrt();
        }

        var result = Affine
            ? (normalized * Parameter("weight").Reshape(channelShape)) + Parameter("bias").Reshape(channelShape)
            : normalized;
        return relu ? result.Relu() : result;
    }

    private void UpdateRunningStats(Tensor mean, Tensor variance, int n)
    {
        using var _ = Autograd.NoGrad();
        var count = NumBatchesTracked + 1;
        SetLocalCounter("num_batches_tracked", count);
        var m = Momentum ?? (1.0 / count);
        var rm = Buffer("running_mean");
        var rv = Buffer("running_var");
        var batchMean = mean.Detach().Reshape([NumFeatures]);
        var unbiased = variance.Detach().Reshape([NumFeatures]) * ((double)n / (n - 1));
        rm.CopyFrom((rm * (1 - m)) + (batchMean * m));
        rv.CopyFrom((rv * (1 - m)) + (unbiased * m));
    }
}
