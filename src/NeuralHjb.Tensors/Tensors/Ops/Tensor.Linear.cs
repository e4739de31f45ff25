using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

/// <summary>Activations the fused linear op applies in its output pass (those whose derivative is a function of the output).</summary>
internal enum FusedActivation
{
    Identity,
    Tanh,
    Relu,
    Sigmoid,
}

public sealed partial class Tensor
{
    /// <summary>
    /// y = f(x·Wᵀ + b) over the last dimension as a single op (what <c>Nn.Linear</c> and <c>Nn.Mlp</c> run):
    /// one GEMM that reads W in place, then one pass adding the bias and applying f. Backward: the
    /// activation gradient g·f'(y) in one pass, then dx = gz·W and dW = gzᵀ·x by GEMM and db as column
    /// sums, without the expand/sum-to and transposed-view ops of the composite rule. Under createGraph
    /// the same rule is recorded from differentiable ops, so higher derivatives keep working.
    /// </summary>
    /// <param name="x">Input [*, in].</param>
    /// <param name="w">Weight [out, in].</param>
    /// <param name="b">Bias [out], or null.</param>
    /// <param name="act">Activation applied last.</param>
    /// <param name="pooledOutput">
    /// True when the caller (a module) never hands the result to user code: its storage then follows the
    /// forward pool's lifetime rule (<see cref="ForwardBufferPool"/>) and is recycled once nothing can read it.
    /// </param>
    internal static Tensor LinearFused(Tensor x, Tensor w, Tensor? b, FusedActivation act, bool pooledOutput = false)
    {
        var inF = w._shape[1];
        var outF = w._shape[0];
        var rows = x.Count / inF;
        var outShape = (int[])x._shape.Clone();
        outShape[^1] = outF;
        Tensor y;
        if (pooledOutput)
        {
            var count = rows * outF;
            y = new Tensor(ForwardBufferPool.Rent(count, x.DType), outShape, count, x.DType) { ForwardPooled = true };
        }
        else
        {
            y = UninitializedShared(outShape, x.DType);
        }

        var xd = x.Dense();
        var wd = w.Dense();
        if (x.DType == DType.Float32)
        {
            LinearForward<float>(xd, wd, b?.Dense(), act, rows, inF, outF, y);
        }
        else
        {
            LinearForward<double>(xd, wd, b?.Dense(), act, rows, inF, outF, y);
        }

        Tensor[] inputs = b is null ? [x, w] : [x, w, b];
        if (GradMode.ShouldRecord(inputs))
        {
            // Counted: the rule reads x and y only while this node is unreleased (see ForwardBufferPool).
            var node = GradMode.AttachCounted(y, "linear", inputs, LinearRule);
            node.S0 = (double)act;
        }

        return y;
    }

    /// <summary>Rows narrower than this take plain loops for the bias (elementwise, so the results are identical).</summary>
    private const int NarrowRow = 16;

    private static void LinearForward<T>(Tensor x, Tensor w, Tensor? b, FusedActivation act, int rows, int inF, int outF, Tensor y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var yd = y.Array<T>();
        MatMulKernel.Multiply(false, true, rows, outF, inF, x.Array<T>(), x.Offset, inF, w.Array<T>(), w.Offset, inF, yd, 0, outF, false);
        var all = y.Span<T>();
        if (b is not null)
        {
            var bias = b.Span<T>();
            if (outF == 1)
            {
                TensorPrimitives.Add(all, bias[0], all);
            }
            else if (outF < NarrowRow)
            {
                // Narrow layers: a plain loop; a library call per row of a few elements costs more than the adds.
                for (var r = 0; r < rows; r++)
                {
                    var row = all.Slice(r * outF, outF);
                    for (var j = 0; j < row.Length; j++)
                    {
                        row[j] += bias[j];
                    }
                }
            }
            else
            {
                for (var r = 0; r < rows; r++)
                {
                    var row = all.Slice(r * outF, outF);
                    TensorPrimitives.Add(row, bias, row);
                }
            }
        }

        switch (act)
        {
            case FusedActivation.Tanh: TensorPrimitives.Tanh<T>(all, all); break;
            case FusedActivation.Sigmoid: TensorPrimitives.Sigmoid<T>(all, all); break;
            case FusedActivation.Relu: TensorPrimitives.Max(all, T.Zero, all); break;
            default: break;
        }
    }

    private static readonly BackwardRule LinearRule = static (n, g) =>
    {
        var x = n.Inputs[0];
        var w = n.Inputs[1];
        var act = (FusedActivation)(int)n.S0;
        var y = n.Output!;
        var hasBias = n.Inputs.Length > 2;
        if (GradMode.Enabled)
        {
            return LinearRuleRecorded(n, g, x, w, y, act, hasBias);
        }

        var inF = w._shape[1];
        var outF = w._shape[0];
        var rows = x.Count / inF;
        var gz = act == FusedActivation.Identity ? g.Dense() : PointwiseGrad(g, y, act);
        var grads = new Tensor?[n.Inputs.Length];
        if (x.DType == DType.Float32)
        {
            LinearBackward<float>(n, gz, x, w, rows, inF, outF, grads);
        }
        else
        {
            LinearBackward<double>(n, gz, x, w, rows, inF, outF, grads);
        }

        return grads;
    };

    private static void LinearBackward<T>(Node n, Tensor gz, Tensor x, Tensor w, int rows, int inF, int outF, Tensor?[] grads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gza = gz.Array<T>();
        if (n.Needs[0])
        {
            var wd = w.Dense();
            var gx = UninitializedShared(x._shape, x.DType);
            MatMulKernel.Multiply(false, false, rows, inF, outF, gza, gz.Offset, outF, wd.Array<T>(), wd.Offset, inF, gx.Array<T>(), 0, inF, false);
            grads[0] = gx;
        }

        if (n.Needs[1])
        {
            var xd = x.Dense();
            var gw = UninitializedShared(w._shape, w.DType);
            MatMulKernel.Multiply(true, false, outF, inF, rows, gza, gz.Offset, outF, xd.Array<T>(), xd.Offset, inF, gw.Array<T>(), 0, inF, false);
            grads[1] = gw;
        }

        if (grads.Length > 2 && n.Needs[2])
        {
            var gb = Zeros([outF], w.DType);
            var acc = gb.Span<T>();
            var all = gz.Span<T>();
            if (outF == 1)
            {
                acc[0] = TensorPrimitives.Sum<T>(all);
            }
            else if (outF <= Vector256<T>.Count)
            {
                ColumnSumsNarrow(all, rows, outF, acc);
            }
            else if (outF < NarrowRow)
            {
                // Column sums in the same order (row by row) as the vector form below.
                for (var r = 0; r < rows; r++)
                {
                    var row = all.Slice(r * outF, outF);
                    for (var j = 0; j < acc.Length; j++)
                    {
                        acc[j] += row[j];
                    }
                }
            }
            else
            {
                for (var r = 0; r < rows; r++)
                {
                    TensorPrimitives.Add(acc, all.Slice(r * outF, outF), acc);
                }
            }

            grads[2] = gb;
        }
    }

    /// <summary>
    /// Column sums of a [rows, outF] block with outF within one vector: lane j accumulates column j row by row
    /// (lanes past outF read the next row and are dropped), so each sum is 0 + g(0,j) + g(1,j) + … in the same
    /// order as the row-by-row loop, without its chain of stores and reloads.
    /// </summary>
    private static void ColumnSumsNarrow<T>(ReadOnlySpan<T> all, int rows, int outF, Span<T> acc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = Vector256<T>.Count;
        ref var g0 = ref MemoryMarshal.GetReference(all);
        var sums = Vector256<T>.Zero;
        var r = 0;
        for (; r < rows && (r * outF) + w <= all.Length; r++)
        {
            sums += Vector256.LoadUnsafe(ref g0, (nuint)(r * outF));
        }

        for (var j = 0; j < outF; j++)
        {
            acc[j] = sums[j];
        }

        for (; r < rows; r++)
        {
            var row = all.Slice(r * outF, outF);
            for (var j = 0; j < outF; j++)
            {
                acc[j] += row[j];
            }
        }
    }

    /// <summary>The linear rule from differentiable ops (used when the backward pass records a graph).</summary>
    private static Tensor?[] LinearRuleRecorded(Node n, Tensor g, Tensor x, Tensor w, Tensor y, FusedActivation act, bool hasBias)
    {
        var gz = act switch
        {
            FusedActivation.Tanh => TanhBackward(g, y),
            FusedActivation.Sigmoid => g * y * y.RSub(1.0),
            FusedActivation.Relu => g * Compare(y, Zeros([], y.DType), CompareOp.Greater),
            _ => g,
        };
        var inF = w._shape[1];
        var outF = w._shape[0];
        var gz2 = gz.Rank == 2 ? gz : gz.Reshape([-1, outF]);
        var grads = new Tensor?[n.Inputs.Length];
        if (n.Needs[0])
        {
            var gx = gz2.MatMul(w);
            grads[0] = x.Rank == 2 ? gx : gx.Reshape(x._shape);
        }

        if (n.Needs[1])
        {
            grads[1] = gz2.T.MatMul(x.Rank == 2 ? x : x.Reshape([-1, inF]));
        }

        if (hasBias && n.Needs[2])
        {
            grads[2] = gz2.Sum(0);
        }

        return grads;
    }
}
