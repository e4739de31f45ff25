using System.Numerics;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product. 2-D × 2-D is the usual product; a leading batch of matrices multiplies
    /// batch-wise with NumPy broadcasting of the batch dimensions; an N-D tensor times a 2-D matrix
    /// multiplies every row (how <c>Linear</c> works on [batch, ..., features]). Transposed views are
    /// read in place, without a copy.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        CheckSameDType(this, other, "matmul");
        if (Rank == 0 || other.Rank == 0)
        {
            throw new ArgumentException("MatMul needs tensors of rank at least 1; use Mul for scalars.");
        }

        if (Rank == 1 && other.Rank == 1)
        {
            // Dot product: [k]·[k] → scalar (the 1-D/1-D case below would squeeze a missing axis).
            return Unsqueeze(0).MatMul(other.Unsqueeze(1)).Reshape([]);
        }

        if (Rank == 1)
        {
            return Unsqueeze(0).MatMul(other).Squeeze(-2);
        }

        if (other.Rank == 1)
        {
            return MatMul(other.Unsqueeze(1)).Squeeze(-1);
        }

        var k = _shape[^1];
        if (other._shape[^2] != k)
        {
            throw new ArgumentException($"MatMul: inner dimensions differ: {ShapeMath.Format(_shape)} × {ShapeMath.Format(other._shape)}.", nameof(other));
        }

        if (other.Rank == 2 && Rank > 2)
        {
            // [..., k] × [k, n]: flatten the leading dimensions into rows.
            var rows = Reshape([-1, k]).MatMul(other);
            return rows.Reshape([.. _shape.AsSpan(0, Rank - 1), other._shape[1]]);
        }

        Tensor result = Rank == 2 && other.Rank == 2
            ? MatMul2D(this, other)
            : BatchedMatMul(this, other);
        if (GradMode.ShouldRecord(this, other))
        {
            GradMode.Attach(result, "matmul", [this, other], static (n, g) =>
            {
                var a = n.Inputs[0];
                var b = n.Inputs[1];
                return
                [
                    n.Needs[0] ? g.MatMul(b.T).SumTo(a._shape) : null,
                    n.Needs[1] ? a.T.MatMul(g).SumTo(b._shape) : null,
                ];
            });
        }

        return result;
    }

    private static Tensor MatMul2D(Tensor a, Tensor b)
    {
        var m = a._shape[0];
        var k = a._shape[1];
        var n = b._shape[1];
        var result = Uninitialized([m, n], a.DType);
        var (aa, ta, lda, ao) = Operand(a);
        var (bb, tb, ldb, bo) = Operand(b);
        if (a.DType == DType.Float32)
        {
            MatMulKernel.Multiply(ta, tb, m, n, k, aa.Array<float>(), ao, lda, bb.Array<float>(), bo, ldb, result.Array<float>(), 0, n, false);
        }
        else
        {
            MatMulKernel.Multiply(ta, tb, m, n, k, aa.Array<double>(), ao, lda, bb.Array<double>(), bo, ldb, result.Array<double>(), 0, n, false);
        }

        return result;
    }

    /// <summary>How to read a 2-D operand: directly, as a transposed view, or from a dense copy.</summary>
    private static (Tensor Source, bool Trans, int Ld, int Offset) Operand(Tensor x)
    {
        var s = x._strides;
        if (s[1] == 1 && (s[0] == x._shape[1] || x._shape[0] == 1))
        {
            return (x, false, Math.Max(x._shape[1], 1), x.Offset);
        }

        if (s[0] == 1 && (s[1] == x._shape[0] || x._shape[1] == 1))
        {
            return (x, true, Math.Max(x._shape[0], 1), x.Offset);
        }

        var d = x.Dense();
        return (d, false, Math.Max(x._shape[1], 1), d.Offset);
    }

    private static Tensor BatchedMatMul(Tensor a, Tensor b)
    {
        var batchA = a._shape.AsSpan(0, a.Rank - 2);
        var batchB = b._shape.AsSpan(0, b.Rank - 2);
        var batch = ShapeMath.Broadcast(batchA, batchB, "matmul (batch dimensions)");
        var m = a._shape[^2];
        var k = a._shape[^1];
        var n = b._shape[^1];
        Tensor ae, be;
        using (Autograd.NoGrad())
        {
            // Data only: the matmul node itself carries the gradient.
            ae = a.Expand([.. batch, m, k]).Dense();
            be = b.Expand([.. batch, k, n]).Dense();
        }

        var count = ShapeMath.Product(batch);
        var result = Uninitialized([.. batch, m, n], a.DType);
        for (var i = 0; i < count; i++)
        {
            if (a.DType == DType.Float32)
            {
                MatMulKernel.Multiply(false, false, m, n, k, ae.Array<float>(), ae.Offset + (i * m * k), k, be.Array<float>(), be.Offset + (i * k * n), n, result.Array<float>(), i * m * n, n, false);
            }
            else
            {
                MatMulKernel.Multiply(false, false, m, n, k, ae.Array<double>(), ae.Offset + (i * m * k), k, be.Array<double>(), be.Offset + (i * k * n), n, result.Array<double>(), i * m * n, n, false);
            }
        }

        return result;
    }
}
