using System.Numerics;
using System.Numerics.Tensors;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// One layer of forward-mode (Taylor) propagation of input derivatives: given a stack S = [x; x'₁…x'ₖ;
    /// x''₁…x''ₘ] laid out as <paramref name="layout"/> says, computes z = S·Wᵀ by one GEMM over all blocks
    /// (the bias on the value block only, since derivatives of a constant vanish), then a = f(z),
    /// a'ⱼ = f'(z)·z'ⱼ and a''ᵢ = f'(z)·z''ᵢ + f''(z)·z'ₚ₍ᵢ₎², stacked the same way. The backward rule reverses
    /// these recurrences in a few fused passes (it needs f''' for the value block), then dS = gz·W and dW = gzᵀ·S by
    /// GEMM; under createGraph it is recorded from differentiable ops instead, so higher derivatives work.
    /// </summary>
    /// <param name="s">The stack [Blocks·Batch, in], or with <paramref name="seeded"/> its value block [Batch, in].</param>
    /// <param name="w">Weight [out, in].</param>
    /// <param name="b">Bias [out], or null.</param>
    /// <param name="act">Activation.</param>
    /// <param name="layout">Block layout of the stack (shared by every layer of a network).</param>
    /// <param name="pooledOutput">
    /// True when the caller (a module) never hands the result to user code: the result and the pre-activation stack
    /// the rule keeps then share one buffer that follows the forward pool's lifetime rule (<see cref="ForwardBufferPool"/>):
    /// the pre-activations are read only by this node's rule, which runs before the node, and so the result, is released.
    /// </param>
    /// <param name="seeded">
    /// The first layer of a network: <paramref name="s"/> is the input itself and the derivative blocks are the layout's
    /// constant seeds, so z'ⱼ is a column of W and z''ᵢ is zero without a product (see <see cref="TaylorLayout"/>).
    /// </param>
    /// <returns>The activation stack [Blocks·Batch, out].</returns>
    internal static Tensor TaylorLinear(Tensor s, Tensor w, Tensor? b, TaylorActivation act, TaylorLayout layout, bool pooledOutput = false, bool seeded = false)
    {
        var inF = w._shape[1];
        var outF = w._shape[0];
        var rows = layout.Blocks * layout.Batch;
        int[] shape = [rows, outF];
        Tensor z, y;
        if (pooledOutput)
        {
            var count = rows * outF;
            var identity = act == TaylorActivation.Identity;
            var storage = ForwardBufferPool.Rent(identity ? count : 2 * count, s.DType);
            var strides = ShapeMath.SharedContiguousStrides(shape);
            z = new Tensor(storage, 0, shape, strides, s.DType);
            y = identity ? z : new Tensor(storage, count, shape, strides, s.DType);
            y.ForwardPooled = true;
        }
        else
        {
            z = UninitializedShared(shape, s.DType);
            y = act == TaylorActivation.Identity ? z : UninitializedShared(shape, s.DType);
        }

        var sd = s.Dense();
        var wd = w.Dense();
        if (s.DType == DType.Float32)
        {
            TaylorForward<float>(sd, wd, b?.Dense(), act, layout, seeded, inF, outF, z, y);
        }
        else
        {
            TaylorForward<double>(sd, wd, b?.Dense(), act, layout, seeded, inF, outF, z, y);
        }

        Tensor[] inputs = b is null ? [s, w] : [s, w, b];
        if (GradMode.ShouldRecord(inputs))
        {
            // Counted: the rule reads s, y and z only while this node is unreleased (see ForwardBufferPool).
            var node = GradMode.AttachCounted(y, "taylor_linear", inputs, TaylorRule);
            node.S0 = (double)act;
            node.Saved = new TaylorSaved(layout, z, seeded);
        }

        return y;
    }

    /// <summary>What the Taylor rule needs besides the inputs and the output: the layout, the pre-activation stack, whether the input was seeded.</summary>
    private sealed record TaylorSaved(TaylorLayout Layout, Tensor Z, bool Seeded);

    private static UnaryOp TaylorValueOp(TaylorActivation act) => act switch
    {
        TaylorActivation.Tanh => UnaryOp.Tanh,
        TaylorActivation.Relu => UnaryOp.Relu,
        TaylorActivation.Silu => UnaryOp.Silu,
        TaylorActivation.Softplus => UnaryOp.Softplus,
        TaylorActivation.Sigmoid => UnaryOp.Sigmoid,
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, "no value op for this activation."),
    };

    private static void TaylorForward<T>(Tensor s, Tensor w, Tensor? b, TaylorActivation act, TaylorLayout layout, bool seeded, int inF, int outF, Tensor z, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gemmRows = seeded ? layout.Batch : layout.Blocks * layout.Batch;
        MatMulKernel.Multiply(false, true, gemmRows, outF, inF, s.Array<T>(), s.Offset, inF, w.Array<T>(), w.Offset, inF, z.Array<T>(), z.Offset, outF, false);
        var blk = layout.Batch * outF;
        var zs = z.Span<T>();
        if (seeded)
        {
            FillSeedBlocks(zs, w.Span<T>(), layout, inF, outF);
        }

        if (b is not null)
        {
            AddBiasRows(zs[..blk], b.Span<T>(), outF);
        }

        if (act == TaylorActivation.Identity)
        {
            return;
        }

        var za = z.Array<T>();
        var ya = y.Array<T>();
        int zo = z.Offset, yo = y.Offset;
        ForChunkRanges(layout, blk, (from, to) => TaylorActivate<T>(act, layout, blk, za.AsSpan(zo, z.Count), ya.AsSpan(yo, y.Count), from, to));
    }

    /// <summary>
    /// Runs <paramref name="body"/> over [0, blk) split at chunk boundaries across up to
    /// <see cref="EngineSettings.MaxDegreeOfParallelism"/> threads when the stack is large (about 8 flops per stack
    /// element against <see cref="EngineSettings.ParallelThreshold"/>). Chunks are independent, so the results do not
    /// depend on the number of threads.
    /// </summary>
    private static void ForChunkRanges(TaylorLayout layout, int blk, Action<int, int> body)
    {
        var chunks = (blk + TaylorChunk - 1) / TaylorChunk;
        var work = 8L * blk * layout.Blocks;
        var threads = work >= EngineSettings.ParallelThreshold ? Math.Min(EngineSettings.MaxDegreeOfParallelism, chunks) : 1;
        if (threads <= 1)
        {
            body(0, blk);
            return;
        }

        Parallel.For(0, threads, EngineSettings.ParallelOptions, t =>
        {
            var c0 = (int)((long)chunks * t / threads);
            var c1 = (int)((long)chunks * (t + 1) / threads);
            body(c0 * TaylorChunk, Math.Min(c1 * TaylorChunk, blk));
        });
    }

    /// <summary>Elements per chunk of the Taylor passes: the coefficient buffers stay in L1 while every block's chunk is updated.</summary>
    private const int TaylorChunk = 512;

    /// <summary>
    /// y = f(z) on the value block, y'ⱼ = f'(z)·z'ⱼ and y''ᵢ = f'(z)·z''ᵢ + f''(z)·z'ₚ₍ᵢ₎², chunk by chunk so that each
    /// element of every block is read and written once.
    /// </summary>
    private static void TaylorActivate<T>(TaylorActivation act, TaylorLayout layout, int blk, ReadOnlySpan<T> zs, Span<T> ys, int from, int to)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var op = TaylorValueOp(act);
        Span<T> d1 = stackalloc T[TaylorChunk];
        Span<T> d2 = stackalloc T[TaylorChunk];
        for (var o = from; o < to; o += TaylorChunk)
        {
            var len = Math.Min(TaylorChunk, to - o);
            var c1 = d1[..len];
            var c2 = d2[..len];
            ElementwiseKernels.Unary(op, zs.Slice(o, len), ys.Slice(o, len));
            TaylorKernels.Coefficients<T>(act, zs.Slice(o, len), ys.Slice(o, len), c1, c2, default);
            for (var j = 1; j <= layout.FirstCount; j++)
            {
                TensorPrimitives.Multiply(c1, zs.Slice((j * blk) + o, len), ys.Slice((j * blk) + o, len));
            }

            for (var i = 0; i < layout.SecondCount; i++)
            {
                var k = (layout.SecondBlock(i) * blk) + o;
                TaylorKernels.SecondForward<T>(c1, zs.Slice(k, len), c2, zs.Slice((layout.SecondPairs[i] * blk) + o, len), ys.Slice(k, len));
            }
        }
    }

    /// <summary>The derivative blocks of a seeded layer's pre-activations: every row of block j is W[:, cⱼ]·vⱼ; second-derivative blocks are zero.</summary>
    private static void FillSeedBlocks<T>(Span<T> z, ReadOnlySpan<T> w, TaylorLayout layout, int inF, int outF)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var blk = layout.Batch * outF;
        Span<T> row = stackalloc T[outF <= 1024 ? outF : 0];
        if (row.Length != outF)
        {
            row = new T[outF];
        }

        for (var j = 1; j <= layout.FirstCount; j++)
        {
            var c = layout.SeedColumns[j - 1];
            var v = T.CreateTruncating(layout.SeedValues[j - 1]);
            for (var o = 0; o < outF; o++)
            {
                row[o] = w[(o * inF) + c] * v;
            }

            var block = z.Slice(j * blk, blk);
            for (var r = 0; r < blk; r += outF)
            {
                row.CopyTo(block.Slice(r, outF));
            }
        }

        z.Slice((1 + layout.FirstCount) * blk, layout.SecondCount * blk).Clear();
    }

    /// <summary>acc = column sums of a [rows, outF] block (row by row).</summary>
    private static void ColumnSums<T>(ReadOnlySpan<T> block, int outF, Span<T> acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        acc.Clear();
        if (outF == 1)
        {
            acc[0] = TensorPrimitives.Sum(block);
            return;
        }

        for (var r = 0; r < block.Length; r += outF)
        {
            TensorPrimitives.Add(acc, block.Slice(r, outF), acc);
        }
    }

    /// <summary>Adds the bias to each row of a [rows, outF] block.</summary>
    private static void AddBiasRows<T>(Span<T> block, ReadOnlySpan<T> bias, int outF)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outF == 1)
        {
            TensorPrimitives.Add(block, bias[0], block);
            return;
        }

        for (var r = 0; r < block.Length; r += outF)
        {
            var row = block.Slice(r, outF);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    private static readonly BackwardRule TaylorRule = static (n, g) =>
    {
        var saved = (TaylorSaved)n.Saved!;
        var act = (TaylorActivation)(int)n.S0;
        if (GradMode.Enabled)
        {
            return TaylorRuleRecorded(n, g, act, saved);
        }

        var w = n.Inputs[1];
        var inF = w._shape[1];
        var outF = w._shape[0];
        var rows = n.Inputs[0]._shape[0];
        var gd = g.Dense();
        var gz = act == TaylorActivation.Identity ? gd : UninitializedShared(saved.Z._shape, g.DType);
        var grads = new Tensor?[n.Inputs.Length];
        if (g.DType == DType.Float32)
        {
            TaylorBackward<float>(n, act, saved, gd, gz, rows, inF, outF, grads);
        }
        else
        {
            TaylorBackward<double>(n, act, saved, gd, gz, rows, inF, outF, grads);
        }

        return grads;
    };

    private static void TaylorBackward<T>(Node n, TaylorActivation act, TaylorSaved saved, Tensor g, Tensor gz, int rows, int inF, int outF, Tensor?[] grads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layout = saved.Layout;
        var blk = layout.Batch * outF;
        if (act != TaylorActivation.Identity)
        {
            var z = saved.Z;
            var y = n.Output!;
            T[] za = z.Array<T>(), ya = y.Array<T>(), ga = g.Array<T>(), gzs = gz.Array<T>();
            int zo = z.Offset, yo = y.Offset, go = g.Offset, gzo = gz.Offset, count = z.Count;
            ForChunkRanges(layout, blk, (from, to) => TaylorAdjoint<T>(act, layout, blk, za.AsSpan(zo, count), ya.AsSpan(yo, count), ga.AsSpan(go, count), gzs.AsSpan(gzo, count), from, to));
        }

        var gza = gz.Array<T>();
        if (n.Needs[0])
        {
            var s = n.Inputs[0];
            var wd = n.Inputs[1].Dense();
            var gs = UninitializedShared(s._shape, s.DType);
            MatMulKernel.Multiply(false, false, rows, inF, outF, gza, gz.Offset, outF, wd.Array<T>(), wd.Offset, inF, gs.Array<T>(), 0, inF, false);
            grads[0] = gs;
        }

        if (n.Needs[1])
        {
            var w = n.Inputs[1];
            var sd = n.Inputs[0].Dense();
            var gw = UninitializedShared(w._shape, w.DType);
            MatMulKernel.Multiply(true, false, outF, inF, rows, gza, gz.Offset, outF, sd.Array<T>(), sd.Offset, inF, gw.Array<T>(), 0, inF, false);
            grads[1] = gw;
        }

        if (n.Needs[1] && saved.Seeded)
        {
            // The seeds: z'ⱼ = W[:, cⱼ]·vⱼ in every row, so dW[:, cⱼ] += vⱼ · (column sums of gz'ⱼ).
            var gw = grads[1]!.Span<T>();
            Span<T> sums = new T[outF];
            for (var j = 1; j <= layout.FirstCount; j++)
            {
                ColumnSums<T>(gz.Span<T>().Slice(j * blk, blk), outF, sums);
                var c = layout.SeedColumns[j - 1];
                var v = T.CreateTruncating(layout.SeedValues[j - 1]);
                for (var o = 0; o < outF; o++)
                {
                    gw[(o * inF) + c] += v * sums[o];
                }
            }
        }

        if (grads.Length > 2 && n.Needs[2])
        {
            // Only the value block saw the bias.
            var gb = UninitializedShared([outF], gz.DType);
            ColumnSums<T>(gz.Span<T>()[..blk], outF, gb.Span<T>());
            grads[2] = gb;
        }
    }

    /// <summary>
    /// gz from g through the activation's Taylor recurrences: gz''ᵢ = f'·g''ᵢ; gz'ⱼ = f'·g'ⱼ + Σ_{p(i)=j} 2f''·z'ⱼ·g''ᵢ;
    /// gz = f'·g + Σⱼ f''·z'ⱼ·g'ⱼ + Σᵢ (f''·z''ᵢ + f'''·z'ₚ₍ᵢ₎²)·g''ᵢ.
    /// </summary>
    private static void TaylorAdjoint<T>(TaylorActivation act, TaylorLayout layout, int blk, ReadOnlySpan<T> z, ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> gz, int from, int to)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> d1 = stackalloc T[TaylorChunk];
        Span<T> d2 = stackalloc T[TaylorChunk];
        Span<T> d3 = stackalloc T[TaylorChunk];
        for (var o = from; o < to; o += TaylorChunk)
        {
            var len = Math.Min(TaylorChunk, to - o);
            var c1 = d1[..len];
            var c2 = d2[..len];
            TaylorKernels.Coefficients<T>(act, z.Slice(o, len), y.Slice(o, len), c1, c2, d3[..len]);
            var gv = gz.Slice(o, len);
            TensorPrimitives.Multiply(c1, g.Slice(o, len), gv);
            for (var j = 1; j <= layout.FirstCount; j++)
            {
                var at = (j * blk) + o;
                TaylorKernels.FirstAdjoint(c1, c2, z.Slice(at, len), g.Slice(at, len), gz.Slice(at, len), gv);
            }

            for (var i = 0; i < layout.SecondCount; i++)
            {
                var k = (layout.SecondBlock(i) * blk) + o;
                var p = (layout.SecondPairs[i] * blk) + o;
                TaylorKernels.SecondAdjoint(c1, c2, d3[..len], z.Slice(k, len), z.Slice(p, len), g.Slice(k, len), gz.Slice(k, len), gz.Slice(p, len), gv);
            }
        }
    }

    /// <summary>The Taylor rule from differentiable ops (when the backward pass records a graph): the forward recomputed, then the same adjoint formulas.</summary>
    private static Tensor?[] TaylorRuleRecorded(Node n, Tensor g, TaylorActivation act, TaylorSaved saved)
    {
        var layout = saved.Layout;
        var w = n.Inputs[1];
        var hasBias = n.Inputs.Length > 2;
        var batch = layout.Batch;

        // A seeded input is the value block of the stack [x; seeds] (constants): the rule runs on the whole stack.
        var s = saved.Seeded && layout.Blocks > 1 ? Concat([n.Inputs[0], SeedStack(layout, w._shape[1], w.DType)], 0) : n.Inputs[0];
        Tensor gz;
        if (act == TaylorActivation.Identity)
        {
            gz = g;
        }
        else
        {
            var z = s.MatMul(w.T);
            var zv = z.Slice(0, 0, batch);
            if (hasBias)
            {
                zv += n.Inputs[2];
            }

            var (d1, d2, d3) = TaylorCoefficientTensors(act, zv);
            Tensor Block(Tensor t, int k) => t.Slice(0, k * batch, batch);
            var blocks = new Tensor[layout.Blocks];
            var gv = d1 * Block(g, 0);
            for (var j = 1; j <= layout.FirstCount; j++)
            {
                gv += d2 * Block(z, j) * Block(g, j);
                blocks[j] = d1 * Block(g, j);
            }

            for (var i = 0; i < layout.SecondCount; i++)
            {
                var k = layout.SecondBlock(i);
                var p = layout.SecondPairs[i];
                var gi = Block(g, k);
                var zp = Block(z, p);
                blocks[p] += 2.0 * d2 * zp * gi;
                gv += ((d2 * Block(z, k)) + (d3 * zp * zp)) * gi;
                blocks[k] = d1 * gi;
            }

            blocks[0] = gv;
            gz = Concat(blocks, 0);
        }

        var grads = new Tensor?[n.Inputs.Length];
        if (n.Needs[0])
        {
            var gs = gz.MatMul(w);
            grads[0] = ReferenceEquals(s, n.Inputs[0]) ? gs : gs.Slice(0, 0, batch);
        }

        if (n.Needs[1])
        {
            grads[1] = gz.T.MatMul(s);
        }

        if (hasBias && n.Needs[2])
        {
            grads[2] = gz.Slice(0, 0, batch).Sum(0);
        }

        return grads;
    }

    /// <summary>The derivative rows of a seeded input stack: row block j holds vⱼ at column cⱼ, second-derivative blocks zero.</summary>
    private static Tensor SeedStack(TaylorLayout layout, int inF, DType dtype)
    {
        var batch = layout.Batch;
        var data = new double[(layout.Blocks - 1) * batch * inF];
        for (var j = 0; j < layout.FirstCount; j++)
        {
            for (var r = 0; r < batch; r++)
            {
                data[(((j * batch) + r) * inF) + layout.SeedColumns[j]] = layout.SeedValues[j];
            }
        }

        return FromSpan(data, [(layout.Blocks - 1) * batch, inF], dtype);
    }

    /// <summary>f', f'' and f''' at z as differentiable tensors (the formulas of <see cref="TaylorKernels.Coefficients"/>).</summary>
    private static (Tensor D1, Tensor D2, Tensor D3) TaylorCoefficientTensors(TaylorActivation act, Tensor z)
    {
        switch (act)
        {
            case TaylorActivation.Tanh:
            {
                var a = z.Tanh();
                var a2 = a * a;
                var q = a2.RSub(1.0);
                return (q, -2.0 * a * q, ((6.0 * a2) - 2.0) * q);
            }

            case TaylorActivation.Sigmoid:
            {
                var sg = z.Sigmoid();
                var q = sg * sg.RSub(1.0);
                return (q, q * (2.0 * sg).RSub(1.0), q * ((6.0 * sg * sg) - (6.0 * sg) + 1.0));
            }

            case TaylorActivation.Softplus:
            {
                var sg = z.Sigmoid();
                var q = sg * sg.RSub(1.0);
                return (sg, q, q * (2.0 * sg).RSub(1.0));
            }

            case TaylorActivation.Silu:
            {
                var sg = z.Sigmoid();
                var q = sg * sg.RSub(1.0);
                var r = (2.0 * sg).RSub(1.0);
                return (sg + (z * q), (2.0 * q) + (z * q * r), q * ((3.0 * r) + (z * ((6.0 * sg * sg) - (6.0 * sg) + 1.0))));
            }

            case TaylorActivation.Relu:
            {
                var zero = ZerosLike(z);
                return (Compare(z, Zeros([], z.DType), CompareOp.Greater), zero, zero);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(act), act, "no Taylor coefficients for this activation.");
        }
    }
}
