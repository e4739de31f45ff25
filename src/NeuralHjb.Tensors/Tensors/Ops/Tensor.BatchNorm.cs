using System.Numerics;
using System.Numerics.Tensors;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Batch normalisation with batch statistics of x [N, C] or [N, C, L] (per channel over N and L), then
    /// the optional per-channel affine map, as one op (what <c>Nn.BatchNorm1d</c> runs in training). The
    /// forward pass performs the composite's floating-point operations in the same order (row sums·(1/n),
    /// centred squares, /√(var + ε), ·γ, +β), so results are bitwise equal; backward is the closed form
    /// dx = (dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))/σ per channel. Under createGraph the rule is recorded from
    /// differentiable ops.
    /// </summary>
    /// <remarks>
    /// For [N, C] input the op keeps only the per-channel mean and σ: the backward pass recomputes x̂ = (x − μ)/σ
    /// from its input (the same operations, so the same bits), as the fused linear op reads its input then; and
    /// it can apply a ReLU last (<paramref name="relu"/>, for the deep BSDE subnets: max(y, 0) as the ReLU op
    /// computes it, and the ReLU op's gradient mask before the closed form), and write into a pooled buffer
    /// (<paramref name="pooledOutput"/>, see <see cref="ForwardBufferPool"/>). The node then counts its pooled
    /// input and output as the fused linear op does.
    /// </remarks>
    /// <param name="x">Input [N, C] or [N, C, L].</param>
    /// <param name="weight">γ [C] or null.</param>
    /// <param name="bias">β [C] or null (only with γ).</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="mean">The batch mean [C] (no graph), for the running statistics.</param>
    /// <param name="variance">The biased batch variance [C] (no graph).</param>
    /// <param name="relu">Apply a ReLU to the result ([N, C] input only).</param>
    /// <param name="pooledOutput">The caller never hands the result to user code ([N, C] input only).</param>
    internal static Tensor BatchNormFused(Tensor x, Tensor? weight, Tensor? bias, double eps, out Tensor mean, out Tensor variance, bool relu = false, bool pooledOutput = false)
    {
        var rows = x.Rank == 2;
        if ((relu || pooledOutput) && !rows)
        {
            throw new ArgumentException("The fused ReLU and pooled output are for [N, C] input.", nameof(x));
        }

        var xd = x.Dense();
        var n = x._shape[0];
        var c = x._shape[1];
        var l = x.Rank == 3 ? x._shape[2] : 1;
        Tensor y;
        if (pooledOutput)
        {
            y = new Tensor(ForwardBufferPool.Rent(n * c, x.DType), x._shape, n * c, x.DType) { ForwardPooled = true };
        }
        else
        {
            y = UninitializedShared(x._shape, x.DType);
        }

        var xhat = rows ? null : Uninitialized(x._shape, x.DType);
        mean = Uninitialized([c], x.DType);
        variance = Uninitialized([c], x.DType);
        var std = Uninitialized([c], x.DType);
        if (x.DType == DType.Float32)
        {
            BatchNormForward<float>(xd.Span<float>(), n, c, l, weight is null ? default : weight.Dense().Span<float>(), bias is null ? default : bias.Dense().Span<float>(), weight is not null, bias is not null, eps, relu, y.Span<float>(), xhat is null ? default : xhat.Span<float>(), mean.Span<float>(), variance.Span<float>(), std.Span<float>());
        }
        else
        {
            BatchNormForward<double>(xd.Span<double>(), n, c, l, weight is null ? default : weight.Dense().Span<double>(), bias is null ? default : bias.Dense().Span<double>(), weight is not null, bias is not null, eps, relu, y.Span<double>(), xhat is null ? default : xhat.Span<double>(), mean.Span<double>(), variance.Span<double>(), std.Span<double>());
        }

        Tensor[] inputs = weight is null ? [x] : bias is null ? [x, weight] : [x, weight, bias];
        if (GradMode.ShouldRecord(inputs))
        {
            // [N, C]: counted, since the rule reads x and y only while this node is unreleased (see ForwardBufferPool).
            var node = rows ? GradMode.AttachCounted(y, "batch_norm", inputs, BatchNormRule) : GradMode.Attach(y, "batch_norm", inputs, BatchNormRule);
            node.Saved = new NormSaved(xhat, rows ? mean : null, std, eps, weight is not null, bias is not null, relu);
        }

        return y;
    }

    /// <summary>What the batch-norm rule needs: x̂ (general case) or the mean to recompute it ([N, C]), σ, and the flags.</summary>
    private sealed record NormSaved(Tensor? XHat, Tensor? Mean, Tensor Std, double Eps, bool HasWeight, bool HasBias, bool Relu);

    private static void BatchNormForward<T>(ReadOnlySpan<T> x, int n, int c, int l, ReadOnlySpan<T> w, ReadOnlySpan<T> b, bool hasW, bool hasB, double eps, bool relu, Span<T> y, Span<T> xhat, Span<T> mean, Span<T> variance, Span<T> std)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var row = c * l;
        var invN = T.CreateTruncating(1.0 / ((double)n * l));
        var epsT = T.CreateTruncating(eps);
        if (xhat.IsEmpty)
        {
            BatchNormRowKernels.Forward(x, n, c, w, b, hasW, hasB, invN, epsT, y, mean, variance, std);
            if (relu)
            {
                // The ReLU op's kernel.
                TensorPrimitives.Max(y, T.Zero, y);
            }

            return;
        }

        // Statistics: sum the N slabs in order (as a sum over axis 0 does), then each channel's L values.
        var slab = l == 1 ? mean : new T[row];
        slab.Clear();
        for (var o = 0; o < n; o++)
        {
            TensorPrimitives.Add(slab, x.Slice(o * row, row), slab);
        }

        ReduceChannels(slab, mean, c, l);
        TensorPrimitives.Multiply(mean, invN, mean);
        for (var o = 0; o < n; o++)
        {
            SubtractChannels(x.Slice(o * row, row), mean, xhat.Slice(o * row, row), c, l);
        }

        TensorPrimitives.Multiply(xhat, xhat, y); // scratch: centred squares
        var sq = l == 1 ? variance : new T[row];
        sq.Clear();
        for (var o = 0; o < n; o++)
        {
            TensorPrimitives.Add(sq, y.Slice(o * row, row), sq);
        }

        ReduceChannels(sq, variance, c, l);
        TensorPrimitives.Multiply(variance, invN, variance);
        TensorPrimitives.Add(variance, epsT, std);
        TensorPrimitives.Sqrt<T>(std, std);
        for (var o = 0; o < n; o++)
        {
            var h = xhat.Slice(o * row, row);
            var d = y.Slice(o * row, row);
            if (l == 1)
            {
                TensorPrimitives.Divide(h, std, h);
                if (hasW)
                {
                    TensorPrimitives.Multiply(h, w, d);
                    if (hasB)
                    {
                        TensorPrimitives.Add(d, b, d);
                    }
                }
                else
                {
                    h.CopyTo(d);
                }

                continue;
            }

            for (var ch = 0; ch < c; ch++)
            {
                var hs = h.Slice(ch * l, l);
                var ds = d.Slice(ch * l, l);
                TensorPrimitives.Divide(hs, std[ch], hs);
                if (hasW)
                {
                    TensorPrimitives.Multiply(hs, w[ch], ds);
                    if (hasB)
                    {
                        TensorPrimitives.Add(ds, b[ch], ds);
                    }
                }
                else
                {
                    hs.CopyTo(ds);
                }
            }
        }
    }

    /// <summary>dst[c] = Σ_i src[c·l + i] (a copy when l = 1 and the spans differ).</summary>
    private static void ReduceChannels<T>(ReadOnlySpan<T> src, Span<T> dst, int c, int l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (l == 1)
        {
            if (!src.Overlaps(dst))
            {
                src.CopyTo(dst);
            }

            return;
        }

        for (var ch = 0; ch < c; ch++)
        {
            dst[ch] = TensorPrimitives.Sum(src.Slice(ch * l, l));
        }
    }

    private static void SubtractChannels<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> mean, Span<T> d, int c, int l)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (l == 1)
        {
            TensorPrimitives.Subtract(x, mean, d);
            return;
        }

        for (var ch = 0; ch < c; ch++)
        {
            TensorPrimitives.Subtract(x.Slice(ch * l, l), mean[ch], d.Slice(ch * l, l));
        }
    }

    private static readonly BackwardRule BatchNormRule = static (node, g) =>
    {
        var saved = (NormSaved)node.Saved!;
        var x = node.Inputs[0];
        var w = saved.HasWeight ? node.Inputs[1] : null;
        if (GradMode.Enabled)
        {
            return BatchNormRuleRecorded(node, g, x, w, saved);
        }

        var grads = new Tensor?[node.Inputs.Length];
        if (x.DType == DType.Float32)
        {
            BatchNormBackward<float>(node, g.Dense(), w, saved, grads);
        }
        else
        {
            BatchNormBackward<double>(node, g.Dense(), w, saved, grads);
        }

        return grads;
    };

    private static void BatchNormBackward<T>(Node node, Tensor g, Tensor? w, NormSaved saved, Tensor?[] grads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = node.Inputs[0];
        var n = x._shape[0];
        var c = x._shape[1];
        var l = x.Rank == 3 ? x._shape[2] : 1;
        var row = c * l;
        var gs = g.Span<T>();
        var std = saved.Std.Span<T>();
        if (saved.XHat is null)
        {
            BatchNormBackwardRows<T>(node, g, x, w, saved, n, c, grads);
            return;
        }

        var xh = saved.XHat.Span<T>();

        // Per-channel Σ dy and Σ dy·x̂ (slab sums, then over L).
        var sumG = new T[row];
        var sumGh = new T[row];
        var prod = new T[row];
        for (var o = 0; o < n; o++)
        {
            var go = gs.Slice(o * row, row);
            TensorPrimitives.Add(sumG, go, sumG);
            TensorPrimitives.Multiply(go, xh.Slice(o * row, row), prod);
            TensorPrimitives.Add(sumGh, prod, sumGh);
        }

        var sg = new T[c];
        var sgh = new T[c];
        ReduceChannels<T>(sumG, sg, c, l);
        ReduceChannels<T>(sumGh, sgh, c, l);
        if (saved.HasWeight && node.Needs[1])
        {
            grads[1] = FromSpanOf<T>(sgh, g.DType);
        }

        if (saved.HasBias && node.Needs[2])
        {
            grads[2] = FromSpanOf<T>(sg, g.DType);
        }

        if (!node.Needs[0])
        {
            return;
        }

        // With dx̂ = γ·dy: dx = γ/σ · (dy − Σdy/m − x̂·Σ(dy·x̂)/m) per channel.
        var m = T.CreateTruncating((double)n * l);
        var scale = new T[c];
        var a = new T[c];
        var bcoef = new T[c];
        for (var ch = 0; ch < c; ch++)
        {
            var gamma = w is null ? T.One : w.Dense().Span<T>()[ch];
            scale[ch] = gamma / std[ch];
            a[ch] = sg[ch] / m;
            bcoef[ch] = sgh[ch] / m;
        }

        var gx = Uninitialized(x._shape, g.DType);
        var dx = gx.Span<T>();
        for (var o = 0; o < n; o++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                var p = (o * row) + (ch * l);
                for (var i = 0; i < l; i++)
                {
                    dx[p + i] = scale[ch] * (gs[p + i] - a[ch] - (xh[p + i] * bcoef[ch]));
                }
            }
        }

        grads[0] = gx;
    }

    /// <summary>
    /// The [N, C] case of <see cref="BatchNormBackward{T}"/>: x̂ recomputed from x, the ReLU mask applied by the
    /// ReLU op's kernel when fused, then one sweep per pass over the rows (bitwise the general kernels' results).
    /// Its temporaries come from the backward buffer pool.
    /// </summary>
    private static void BatchNormBackwardRows<T>(Node node, Tensor g, Tensor x, Tensor? w, NormSaved saved, int n, int c, Tensor?[] grads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dtype = g.DType;
        var xhat = Uninitialized([n, c], dtype);
        BatchNormRowKernels.Normalize(x.Dense().Span<T>(), saved.Mean!.Span<T>(), saved.Std.Span<T>(), n, c, xhat.Span<T>());
        ReadOnlySpan<T> gs = g.Span<T>();
        if (saved.Relu)
        {
            var masked = Uninitialized([n, c], dtype);
            ActivationGradKernels.Relu(gs, node.Output!.Dense().Span<T>(), masked.Span<T>());
            gs = masked.Span<T>();
        }

        var sg = Uninitialized([c], dtype);
        var sgh = Uninitialized([c], dtype);
        var gx = node.Needs[0] ? Uninitialized([n, c], dtype) : null;
        var scratch = gx is null ? null : Uninitialized([3 * c], dtype);
        BatchNormRowKernels.Backward(gs, xhat.Span<T>(), saved.Std.Span<T>(), w is null ? default : w.Dense().Span<T>(), w is not null, n, c, T.CreateTruncating((double)n),
            sg.Span<T>(), sgh.Span<T>(), gx is null ? default : gx.Span<T>(), scratch is null ? default : scratch.Span<T>());
        if (saved.HasWeight && node.Needs[1])
        {
            grads[1] = sgh;
        }

        if (saved.HasBias && node.Needs[2])
        {
            grads[2] = sg;
        }

        grads[0] = gx;
    }

    private static Tensor FromSpanOf<T>(ReadOnlySpan<T> values, DType dtype)
        where T : unmanaged
    {
        var t = Uninitialized([values.Length], dtype);
        values.CopyTo(t.Span<T>());
        return t;
    }

    /// <summary>The batch-norm rule from differentiable ops, recomputing x̂ from x (for createGraph).</summary>
    private static Tensor?[] BatchNormRuleRecorded(Node node, Tensor g, Tensor x, Tensor? w, NormSaved saved)
    {
        if (saved.Relu)
        {
            var y = node.Output!;
            g *= Compare(y, Zeros([], y.DType), CompareOp.Greater);
        }

        int[] axes = x.Rank == 2 ? [0] : [0, 2];
        int[] channelShape = x.Rank == 2 ? [x._shape[1]] : [x._shape[1], 1];
        var m = x.Rank == 2 ? x._shape[0] : x._shape[0] * x._shape[2];
        var centered = x - (x.Sum(axes, keepDim: true) / m);
        var std = ((centered.Square().Sum(axes, keepDim: true) / m) + saved.Eps).Sqrt();
        var xhat = centered / std;
        var grads = new Tensor?[node.Inputs.Length];
        if (saved.HasWeight && node.Needs[1])
        {
            grads[1] = (g * xhat).Sum(axes);
        }

        if (saved.HasBias && node.Needs[2])
        {
            grads[2] = g.Sum(axes);
        }

        if (node.Needs[0])
        {
            var dxhat = w is null ? g : g * w.Reshape(channelShape);
            var meanD = dxhat.Sum(axes, keepDim: true) / m;
            var meanDh = (dxhat * xhat).Sum(axes, keepDim: true) / m;
            grads[0] = (dxhat - meanD - (xhat * meanDh)) / std;
        }

        return grads;
    }
}
