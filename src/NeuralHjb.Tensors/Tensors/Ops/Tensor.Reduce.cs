using System.Numerics;
using System.Numerics.Tensors;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>Sum of all elements (a scalar tensor).</summary>
    public Tensor Sum()
    {
        var result = Empty([], DType);
        var d = Dense();
        if (DType == DType.Float32)
        {
            result.Span<float>()[0] = TensorPrimitives.Sum<float>(d.Span<float>());
        }
        else
        {
            result.Span<double>()[0] = TensorPrimitives.Sum<double>(d.Span<double>());
        }

        if (GradMode.ShouldRecord(this))
        {
            GradMode.Attach(result, "sum", [this], static (n, g) => [g.Expand(n.Inputs[0]._shape)]);
        }

        return result;
    }

    /// <summary>Mean of all elements (a scalar tensor; NaN for an empty tensor).</summary>
    public Tensor Mean() => Sum() / Count;

    /// <summary>Sum over one axis.</summary>
    public Tensor Sum(int axis, bool keepDim = false)
    {
        if (Rank == 0)
        {
            return ScalarAxisIdentity(axis, nameof(axis));
        }

        var ax = ShapeMath.NormalizeAxis(axis, Rank, nameof(axis));
        var kept = SumAxisKeep(ax);
        return keepDim ? kept : kept.Squeeze(ax);
    }

    /// <summary>Sum over several axes.</summary>
    public Tensor Sum(ReadOnlySpan<int> axes, bool keepDim = false)
    {
        if (Rank == 0)
        {
            foreach (var a in axes)
            {
                _ = ShapeMath.NormalizeAxis(a, 1, nameof(axes));
            }

            return this;
        }

        var normalized = new int[axes.Length];
        for (var i = 0; i < axes.Length; i++)
        {
            normalized[i] = ShapeMath.NormalizeAxis(axes[i], Rank, nameof(axes));
        }

        System.Array.Sort(normalized);
        for (var i = 1; i < normalized.Length; i++)
        {
            if (normalized[i] == normalized[i - 1])
            {
                throw new ArgumentException($"Sum: axis {normalized[i]} appears twice in the axes.", nameof(axes));
            }
        }

        var t = this;
        foreach (var ax in normalized)
        {
            t = t.SumAxisKeep(ax);
        }

        if (!keepDim)
        {
            for (var i = normalized.Length - 1; i >= 0; i--)
            {
                t = t.Squeeze(normalized[i]);
            }
        }

        return t;
    }

    /// <summary>Mean over one axis.</summary>
    public Tensor Mean(int axis, bool keepDim = false) => Rank == 0 ? ScalarAxisIdentity(axis, nameof(axis)) : Sum(axis, keepDim) / Size(axis);

    /// <summary>A reduction over axis 0 or −1 of a scalar is the scalar itself (as in PyTorch).</summary>
    private Tensor ScalarAxisIdentity(int axis, string paramName)
    {
        _ = ShapeMath.NormalizeAxis(axis, 1, paramName);
        return this;
    }

    /// <summary>Maximum over one axis; the gradient flows to the first maximal element.</summary>
    public Tensor Max(int axis, bool keepDim = false)
    {
        if (Rank == 0)
        {
            return ScalarAxisIdentity(axis, nameof(axis));
        }

        var ax = ShapeMath.NormalizeAxis(axis, Rank, nameof(axis));
        if (_shape[ax] == 0)
        {
            throw new ArgumentException($"Max over axis {axis} of size 0 is undefined.", nameof(axis));
        }

        var (values, argmax) = DType == DType.Float32 ? MaxAxis<float>(ax) : MaxAxis<double>(ax);
        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(values, "max", [this], static (n, g) =>
            {
                var (axis, onehot) = ((int, Tensor))n.Saved!;
                _ = axis;
                return [onehot * g];
            });
            node.Saved = (ax, OneHotMask(argmax, ax));
        }

        return keepDim ? values : values.Squeeze(ax);
    }

    /// <summary>Largest element (a scalar tensor); the gradient flows to the first maximal element.</summary>
    public Tensor Max() => Reshape([-1]).Max(0);

    /// <summary>Smallest element over one axis.</summary>
    public Tensor Min(int axis, bool keepDim = false) => Neg().Max(axis, keepDim).Neg();

    /// <summary>
    /// Sums this tensor down to <paramref name="shape"/> (the inverse of broadcasting): leading
    /// dimensions are summed away and dimensions of size 1 in the target are summed with keepDim.
    /// </summary>
    public Tensor SumTo(ReadOnlySpan<int> shape)
    {
        if (shape.SequenceEqual(_shape))
        {
            return this;
        }

        var target = shape.ToArray();
        var lead = Rank - target.Length;
        if (lead < 0)
        {
            throw new ArgumentException($"SumTo: cannot reduce {ShapeMath.Format(_shape)} to the larger rank of {ShapeMath.Format(target)}.", nameof(shape));
        }

        var t = this;
        if (lead > 0)
        {
            t = t.Reshape([ShapeMath.Product(_shape.AsSpan(0, lead)), .. _shape.AsSpan(lead)]).SumAxisKeep(0).Reshape(_shape.AsSpan(lead));
        }

        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] == 1 && t._shape[i] != 1)
            {
                t = t.SumAxisKeep(i);
            }
            else if (target[i] != t._shape[i])
            {
                throw new ArgumentException($"SumTo: {ShapeMath.Format(_shape)} cannot be summed down to {ShapeMath.Format(target)}.", nameof(shape));
            }
        }

        return t;
    }

    /// <summary>Sum over <paramref name="ax"/> keeping it as size 1.</summary>
    private Tensor SumAxisKeep(int ax)
    {
        var outShape = (int[])_shape.Clone();
        outShape[ax] = 1;
        var result = Empty(outShape, DType);
        if (DType == DType.Float32)
        {
            SumAxisKernel<float>(Dense(), ax, result.Span<float>());
        }
        else
        {
            SumAxisKernel<double>(Dense(), ax, result.Span<double>());
        }

        if (GradMode.ShouldRecord(this))
        {
            GradMode.Attach(result, "sum_axis", [this], static (n, g) => [g.Expand(n.Inputs[0]._shape)]);
        }

        return result;
    }

    private static void SumAxisKernel<T>(Tensor x, int ax, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = x._shape;
        var outer = ShapeMath.Product(shape.AsSpan(0, ax));
        var n = shape[ax];
        var inner = ShapeMath.Product(shape.AsSpan(ax + 1));
        var s = x.Span<T>();
        d.Clear();
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                d[o] = TensorPrimitives.Sum<T>(s.Slice(o * n, n));
            }

            return;
        }

        for (var o = 0; o < outer; o++)
        {
            var dst = d.Slice(o * inner, inner);
            var baseIdx = o * n * inner;
            for (var k = 0; k < n; k++)
            {
                TensorPrimitives.Add(dst, s.Slice(baseIdx + (k * inner), inner), dst);
            }
        }
    }

    private (Tensor Values, int[] ArgMax) MaxAxis<T>(int ax)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var outShape = (int[])_shape.Clone();
        outShape[ax] = 1;
        var values = Empty(outShape, DType);
        var outer = ShapeMath.Product(_shape.AsSpan(0, ax));
        var n = _shape[ax];
        var inner = ShapeMath.Product(_shape.AsSpan(ax + 1));
        var s = Dense().Span<T>();
        var v = values.Span<T>();
        var arg = new int[outer * inner];
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var best = s[o * n * inner + i];
                var bestK = 0;
                for (var k = 1; k < n; k++)
                {
                    var c = s[((o * n) + k) * inner + i];
                    if (c > best || (T.IsNaN(c) && !T.IsNaN(best)))
                    {
                        best = c;
                        bestK = k;
                    }
                }

                v[(o * inner) + i] = best;
                arg[(o * inner) + i] = bestK;
            }
        }

        return (values, arg);
    }

    /// <summary>A 0/1 tensor of this shape with a one at each arg-max position along <paramref name="ax"/>.</summary>
    private Tensor OneHotMask(int[] argmax, int ax)
    {
        var mask = Empty(_shape, DType);
        var n = _shape[ax];
        var inner = ShapeMath.Product(_shape.AsSpan(ax + 1));
        for (var j = 0; j < argmax.Length; j++)
        {
            var o = j / inner;
            var i = j % inner;
            mask.SetFlat(((o * n) + argmax[j]) * inner + i, 1.0);
        }

        return mask;
    }
}
