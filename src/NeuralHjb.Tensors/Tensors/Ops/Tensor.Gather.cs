using System.Numerics;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

/// <summary>An index tensor saved for the backward pass of gather / scatter-add.</summary>
internal sealed class GatherIndex(int axis, int[] index, int[] shape)
{
    public int Axis { get; } = axis;

    public int[] Index { get; } = index;

    public int[] Shape { get; } = shape;
}

public sealed partial class Tensor
{
    /// <summary>
    /// Gathers values along <paramref name="axis"/> (PyTorch's <c>torch.gather</c>): for every position
    /// p of the index tensor, <c>out[p] = this[p with p[axis] replaced by index[p]]</c>. The output has
    /// the index tensor's shape. The gradient scatter-adds back (<see cref="ScatterAdd"/>), so repeated
    /// indices accumulate.
    /// </summary>
    /// <param name="axis">The axis the indices address; negative values count from the end.</param>
    /// <param name="index">Indices in row-major order, each in [0, Size(axis)).</param>
    /// <param name="indexShape">Shape of the index tensor: same rank as this tensor, and no larger than it on every other axis.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, Size(axis)), or the axis is invalid.</exception>
    /// <exception cref="ArgumentException">The index shape does not fit this tensor or does not match the index count.</exception>
    public Tensor Gather(int axis, int[] index, ReadOnlySpan<int> indexShape)
    {
        ArgumentNullException.ThrowIfNull(index);
        var info = CheckIndex("Gather", axis, index, indexShape, _shape, null);
        var result = Empty(info.Shape, DType);
        if (DType == DType.Float32)
        {
            GatherKernel<float>(this, info, result.Span<float>());
        }
        else
        {
            GatherKernel<double>(this, info, result.Span<double>());
        }

        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(result, "gather", [this], static (n, g) =>
            {
                var ix = (GatherIndex)n.Saved!;
                return [Zeros(n.Inputs[0]._shape, g.DType).ScatterAddCore(ix, g)];
            });
            node.Saved = info;
        }

        return result;
    }

    /// <summary>
    /// A copy of this tensor with <paramref name="source"/> added at the gathered positions (PyTorch's
    /// <c>scatter_add</c>): for every position p of the index tensor,
    /// <c>out[p with p[axis] replaced by index[p]] += source[p]</c>. Repeated indices accumulate. It is
    /// the adjoint of <see cref="Gather"/>; differentiable in this tensor and in <paramref name="source"/>.
    /// </summary>
    /// <param name="axis">The axis the indices address; negative values count from the end.</param>
    /// <param name="index">Indices in row-major order, each in [0, Size(axis)).</param>
    /// <param name="indexShape">Shape of the index tensor: same rank, no larger than <paramref name="source"/>
    /// on any axis and no larger than this tensor on the axes other than <paramref name="axis"/>.</param>
    /// <param name="source">Values to add (only the leading block the index covers is used).</param>
    public Tensor ScatterAdd(int axis, int[] index, ReadOnlySpan<int> indexShape, Tensor source)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(source);
        CheckSameDType(this, source, "ScatterAdd", nameof(source));
        var info = CheckIndex("ScatterAdd", axis, index, indexShape, _shape, source);
        return ScatterAddCore(info, source);
    }

    private Tensor ScatterAddCore(GatherIndex info, Tensor source)
    {
        var result = Clone();
        if (DType == DType.Float32)
        {
            ScatterAddKernel<float>(source, info, result.Span<float>());
        }
        else
        {
            ScatterAddKernel<double>(source, info, result.Span<double>());
        }

        if (GradMode.ShouldRecord(this, source))
        {
            var node = GradMode.Attach(result, "scatter_add", [this, source], static (n, g) =>
            {
                var ix = (GatherIndex)n.Saved!;
                Tensor? gs = null;
                if (n.Needs[1])
                {
                    gs = g.Gather(ix.Axis, ix.Index, ix.Shape);
                    var target = n.Inputs[1]._shape;
                    // Source elements outside the index block get no gradient: pad with zeros.
                    for (var d = 0; d < target.Length; d++)
                    {
                        if (gs._shape[d] != target[d])
                        {
                            var shape = (int[])gs._shape.Clone();
                            shape[d] = target[d];
                            gs = gs.ScatterSlice(shape, d, 0, 1);
                        }
                    }
                }

                return [n.Needs[0] ? g : null, gs];
            });
            node.Saved = info;
        }

        return result;
    }

    private static GatherIndex CheckIndex(string op, int axis, int[] index, ReadOnlySpan<int> indexShape, int[] shape, Tensor? source)
    {
        var rank = shape.Length;
        if (rank == 0)
        {
            throw new ArgumentException($"{op}: needs a tensor of rank at least 1.", nameof(axis));
        }

        var ax = ShapeMath.NormalizeAxis(axis, rank, nameof(axis));
        var ishape = ShapeMath.Validate(indexShape, nameof(indexShape));
        if (ishape.Length != rank)
        {
            throw new ArgumentException($"{op}: the index has rank {ishape.Length} but the tensor has rank {rank}; they must be equal.", nameof(indexShape));
        }

        if (ShapeMath.Product(ishape) != index.Length)
        {
            throw new ArgumentException($"{op}: index has {index.Length} elements but indexShape {ShapeMath.Format(ishape)} needs {ShapeMath.Product(ishape)}.", nameof(index));
        }

        for (var d = 0; d < rank; d++)
        {
            if (d != ax && ishape[d] > shape[d])
            {
                throw new ArgumentException($"{op}: indexShape {ShapeMath.Format(ishape)} is larger than the tensor {ShapeMath.Format(shape)} on axis {d}.", nameof(indexShape));
            }

            if (source is not null && (source.Rank != rank || ishape[d] > source._shape[d]))
            {
                throw new ArgumentException($"{op}: source {ShapeMath.Format(source.Shape)} must have rank {rank} and be at least as large as indexShape {ShapeMath.Format(ishape)} on every axis.", nameof(source));
            }
        }

        var n = shape[ax];
        for (var i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)n)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"{op}: index[{i}] = {index[i]} is outside [0, {n}) on axis {ax}.");
            }
        }

        return new GatherIndex(ax, (int[])index.Clone(), ishape);
    }

    private static void GatherKernel<T>(Tensor x, GatherIndex info, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var src = x.Array<T>();
        var strides = x._strides;
        var ishape = info.Shape;
        var ax = info.Axis;
        var index = info.Index;
        var rank = ishape.Length;
        Span<int> coord = stackalloc int[rank];
        var basePos = x.Offset;
        var axisStride = strides[ax];
        for (var i = 0; i < dst.Length; i++)
        {
            dst[i] = src[basePos + (index[i] * axisStride)];
            for (var d = rank - 1; d >= 0; d--)
            {
                if (d != ax)
                {
                    basePos += strides[d];
                }

                if (++coord[d] < ishape[d])
                {
                    break;
                }

                if (d != ax)
                {
                    basePos -= strides[d] * ishape[d];
                }

                coord[d] = 0;
            }
        }
    }

    private void ScatterAddKernel<T>(Tensor source, GatherIndex info, Span<T> dst)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var src = source.Array<T>();
        var sStrides = source._strides;
        var dStrides = ShapeMath.ContiguousStrides(_shape);
        var ishape = info.Shape;
        var ax = info.Axis;
        var index = info.Index;
        var rank = ishape.Length;
        Span<int> coord = stackalloc int[rank];
        var sPos = source.Offset;
        var dBase = 0;
        for (var i = 0; i < index.Length; i++)
        {
            dst[dBase + (index[i] * dStrides[ax])] += src[sPos];
            for (var d = rank - 1; d >= 0; d--)
            {
                sPos += sStrides[d];
                if (d != ax)
                {
                    dBase += dStrides[d];
                }

                if (++coord[d] < ishape[d])
                {
                    break;
                }

                sPos -= sStrides[d] * ishape[d];
                if (d != ax)
                {
                    dBase -= dStrides[d] * ishape[d];
                }

                coord[d] = 0;
            }
        }
    }
}
