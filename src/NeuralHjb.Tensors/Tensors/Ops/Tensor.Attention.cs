using System.Numerics;
using System.Numerics.Tensors;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Multi-head scaled dot-product self-attention straight from the packed projections (what
    /// <c>Nn.MultiHeadSelfAttention</c> runs): qkv [B, L, 3E] holds Q, K, V side by side, heads are
    /// column blocks of width E/H; the result is the context [B, L, E] with heads side by side.
    /// Per (batch, head): S = scale·Q Kᵀ, P = softmax(S) by rows, O = P V, each product a GEMM that reads
    /// the heads in place (no permuted copies). P [B, H, L, L] is kept for the backward pass:
    /// dV = Pᵀ dO, dS = scale·P ⊙ (dO Vᵀ − rowsum(P ⊙ dO Vᵀ)), dQ = dS K, dK = dSᵀ Q. Under createGraph the
    /// rule is recorded from differentiable ops.
    /// </summary>
    internal static Tensor SelfAttentionFused(Tensor qkv, int heads, double scale)
    {
        var q = qkv.Dense();
        var b = qkv._shape[0];
        var l = qkv._shape[1];
        var e = qkv._shape[2] / 3;
        var context = Uninitialized([b, l, e], qkv.DType);
        var probs = Uninitialized([b, heads, l, l], qkv.DType);
        if (qkv.DType == DType.Float32)
        {
            AttentionForward<float>(q, b, l, e, heads, scale, context, probs);
        }
        else
        {
            AttentionForward<double>(q, b, l, e, heads, scale, context, probs);
        }

        if (GradMode.ShouldRecord(qkv))
        {
            var node = GradMode.Attach(context, "self_attention", [qkv], AttentionRule);
            node.Saved = probs;
            node.S0 = heads;
            node.S1 = scale;
        }

        return context;
    }

    /// <summary>Runs <paramref name="body"/> over [0, count) on up to MaxDegreeOfParallelism threads in contiguous chunks.</summary>
    private static void ForChunks(int count, long work, Action<int, int> body)
    {
        var threads = work >= EngineSettings.ParallelThreshold ? Math.Min(EngineSettings.MaxDegreeOfParallelism, count) : 1;
        if (threads <= 1)
        {
            body(0, count);
            return;
        }

        Parallel.For(0, threads, EngineSettings.ParallelOptions, t => body((int)((long)count * t / threads), (int)((long)count * (t + 1) / threads)));
    }

    private static void AttentionForward<T>(Tensor qkv, int b, int l, int e, int heads, double scale, Tensor context, Tensor probs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dh = e / heads;
        var src = qkv.Array<T>();
        var so = qkv.Offset;
        var ctx = context.Array<T>();
        var p = probs.Array<T>();
        var s = T.CreateTruncating(scale);
        ForChunks(b * heads, (long)b * heads * l * l * dh * 2, (start, end) =>
        {
            for (var item = start; item < end; item++)
            {
                var bi = item / heads;
                var h = item % heads;
                var rowBase = so + (bi * l * 3 * e) + (h * dh);
                var pOff = item * l * l;
                MatMulKernel.Multiply(false, true, l, l, dh, src, rowBase, 3 * e, src, rowBase + e, 3 * e, p, pOff, l, false);
                var block = p.AsSpan(pOff, l * l);
                TensorPrimitives.Multiply(block, s, block);
                SoftmaxKernel<T>(block, block, l, l, 1, false);
                MatMulKernel.Multiply(false, false, l, dh, l, p, pOff, l, src, rowBase + (2 * e), 3 * e, ctx, (bi * l * e) + (h * dh), e, false);
            }
        });
    }

    private static readonly BackwardRule AttentionRule = static (n, g) =>
    {
        var qkv = n.Inputs[0];
        var heads = (int)n.S0;
        if (GradMode.Enabled)
        {
            return [AttentionGradRecorded(qkv, g, heads, n.S1)];
        }

        var dqkv = Uninitialized(qkv._shape, qkv.DType);
        if (qkv.DType == DType.Float32)
        {
            AttentionBackward<float>(qkv.Dense(), g.Dense(), (Tensor)n.Saved!, heads, n.S1, dqkv);
        }
        else
        {
            AttentionBackward<double>(qkv.Dense(), g.Dense(), (Tensor)n.Saved!, heads, n.S1, dqkv);
        }

        return [dqkv];
    };

    private static void AttentionBackward<T>(Tensor qkv, Tensor g, Tensor probs, int heads, double scale, Tensor dqkv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b = qkv._shape[0];
        var l = qkv._shape[1];
        var e = qkv._shape[2] / 3;
        var dh = e / heads;
        var src = qkv.Array<T>();
        var so = qkv.Offset;
        var ga = g.Array<T>();
        var go = g.Offset;
        var p = probs.Array<T>();
        var d = dqkv.Array<T>();
        var s = T.CreateTruncating(scale);
        ForChunks(b * heads, (long)b * heads * l * l * dh * 4, (start, end) =>
        {
            var dp = new T[l * l];
            for (var item = start; item < end; item++)
            {
                var bi = item / heads;
                var h = item % heads;
                var rowBase = so + (bi * l * 3 * e) + (h * dh);
                var outBase = (bi * l * 3 * e) + (h * dh);
                var gBase = go + (bi * l * e) + (h * dh);
                var pOff = item * l * l;
                // dV = Pᵀ dO
                MatMulKernel.Multiply(true, false, l, dh, l, p, pOff, l, ga, gBase, e, d, outBase + (2 * e), 3 * e, false);
                // dP = dO Vᵀ, then dS = scale·P ⊙ (dP − rowsum(P ⊙ dP)) in place.
                MatMulKernel.Multiply(false, true, l, l, dh, ga, gBase, e, src, rowBase + (2 * e), 3 * e, dp, 0, l, false);
                for (var r = 0; r < l; r++)
                {
                    var pr = p.AsSpan(pOff + (r * l), l);
                    var dr = dp.AsSpan(r * l, l);
                    var dot = TensorPrimitives.Dot<T>(pr, dr);
                    TensorPrimitives.Subtract(dr, dot, dr);
                    TensorPrimitives.Multiply(dr, pr, dr);
                    TensorPrimitives.Multiply(dr, s, dr);
                }

                // dQ = dS K, dK = dSᵀ Q
                MatMulKernel.Multiply(false, false, l, dh, l, dp, 0, l, src, rowBase + e, 3 * e, d, outBase, 3 * e, false);
                MatMulKernel.Multiply(true, false, l, dh, l, dp, 0, l, src, rowBase, 3 * e, d, outBase + e, 3 * e, false);
            }
        });
    }

    /// <summary>The attention gradient from differentiable ops (recomputing P), for createGraph.</summary>
    private static Tensor AttentionGradRecorded(Tensor qkv, Tensor g, int heads, double scale)
    {
        var b = qkv._shape[0];
        var l = qkv._shape[1];
        var e = qkv._shape[2] / 3;
        var dh = e / heads;
        Tensor Part(Tensor t, int part) => t.Slice(2, part * e, e).Reshape([b, l, heads, dh]).Permute([0, 2, 1, 3]);
        var q = Part(qkv, 0);
        var k = Part(qkv, 1);
        var v = Part(qkv, 2);
        var p = (q.MatMul(k.Transpose(-2, -1)) * scale).Softmax(-1);
        var dout = g.Reshape([b, l, heads, dh]).Permute([0, 2, 1, 3]);
        var dv = p.Transpose(-2, -1).MatMul(dout);
        var dp = dout.MatMul(v.Transpose(-2, -1));
        var ds = p * (dp - (dp * p).Sum(-1, keepDim: true)) * scale;
        var dq = ds.MatMul(k);
        var dk = ds.Transpose(-2, -1).MatMul(q);
        Tensor Back(Tensor t) => t.Permute([0, 2, 1, 3]).Reshape([b, l, e]);
        return Concat([Back(dq), Back(dk), Back(dv)], 2);
    }
}
