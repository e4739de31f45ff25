using System.Numerics;
using System.Numerics.Tensors;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Picks the given indices along <paramref name="axis"/> (indices may repeat; PyTorch's
    /// <c>index_select</c>): <c>out[..., j, ...] = this[..., indices[j], ...]</c>. One block copy per
    /// index; the gradient adds the blocks back (repeated indices accumulate).
    /// </summary>
    /// <param name="axis">The axis to index; negative values count from the end.</param>
    /// <param name="indices">Indices, each in [0, Size(axis)).</param>
    public Tensor IndexSelect(int axis, ReadOnlySpan<int> indices)
    {
        if (Rank == 0)
        {
            throw new ArgumentException("IndexSelect needs a tensor of rank at least 1.", nameof(axis));
        }

        var ax = ShapeMath.NormalizeAxis(axis, Rank, nameof(axis));
        var idx = indices.ToArray();
        for (var i = 0; i < idx.Length; i++)
        {
            if ((uint)idx[i] >= (uint)_shape[ax])
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"indices[{i}] = {idx[i]} is outside dimension {ax} of size {_shape[ax]}.");
            }
        }

        var result = Empty(ShapeWith(ax, idx.Length), DType);
        if (DType == DType.Float32)
        {
            IndexCopy<float>(Dense().Span<float>(), _shape, ax, idx, result.Span<float>(), add: false);
        }
        else
        {
            IndexCopy<double>(Dense().Span<double>(), _shape, ax, idx, result.Span<double>(), add: false);
        }

        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(result, "index_select", [this], static (n, g) =>
            {
                var (a, ix) = ((int, int[]))n.Saved!;
                return [g.IndexAdd(n.Inputs[0]._shape, a, ix)];
            });
            node.Saved = (ax, idx);
        }

        return result;
    }

    /// <summary>The adjoint of <see cref="IndexSelect"/>: adds the slices of this tensor into zeros of <paramref name="shape"/> at <paramref name="indices"/>.</summary>
    internal Tensor IndexAdd(int[] shape, int axis, int[] indices)
    {
        var result = Zeros(shape, DType);
        if (DType == DType.Float32)
        {
            IndexCopy<float>(Dense().Span<float>(), shape, axis, indices, result.Span<float>(), add: true);
        }
        else
        {
            IndexCopy<double>(Dense().Span<double>(), shape, axis, indices, result.Span<double>(), add: true);
        }

        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(result, "index_add", [this], static (n, g) =>
            {
                var (a, ix) = ((int, int[]))n.Saved!;
                return [g.IndexSelect(a, ix)];
            });
            node.Saved = (axis, indices);
        }

        return result;
    }

    /// <summary>
    /// With <paramref name="add"/> false: selected[o, j, :] = full[o, indices[j], :]. With it true:
    /// full[o, indices[j], :] += selected[o, j, :] (here <paramref name="a"/> is the selected tensor and
    /// <paramref name="b"/> the full one). <paramref name="fullShape"/> is the shape of the full tensor.
    /// </summary>
    private static void IndexCopy<T>(ReadOnlySpan<T> a, int[] fullShape, int ax, int[] indices, Span<T> b, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var outer = ShapeMath.Product(fullShape.AsSpan(0, ax));
        var n = fullShape[ax];
        var inner = ShapeMath.Product(fullShape.AsSpan(ax + 1));
        var m = indices.Length;
        if (inner == 0)
        {
            return;
        }

        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < m; j++)
            {
                var full = ((o * n) + indices[j]) * inner;
                var sel = ((o * m) + j) * inner;
                if (add)
                {
                    var d = b.Slice(full, inner);
                    TensorPrimitives.Add(d, a.Slice(sel, inner), d);
                }
                else
                {
                    a.Slice(full, inner).CopyTo(b.Slice(sel, inner));
                }
            }
        }
    }
}
