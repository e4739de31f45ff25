using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// The same elements with a new shape (one dimension may be -1). A view sharing storage when this
    /// tensor is contiguous, otherwise a copy.
    /// </summary>
    public Tensor Reshape(ReadOnlySpan<int> shape)
    {
        var s = ShapeMath.ResolveReshape(shape, Count);
        var src = Dense();
        var result = new Tensor(src.Storage, src.Offset, s, ShapeMath.SharedContiguousStrides(s), DType);
        if (GradMode.ShouldRecord(this))
        {
            GradMode.Attach(result, "reshape", [this], static (n, g) => [g.Reshape(n.Inputs[0]._shape)]);
        }

        return result;
    }

    /// <summary>Flattens to one dimension.</summary>
    public Tensor Flatten() => Reshape([-1]);

    /// <summary>Inserts a dimension of size 1 at <paramref name="axis"/> (which may equal the rank).</summary>
    public Tensor Unsqueeze(int axis)
    {
        var ax = axis < 0 ? axis + Rank + 1 : axis;
        if (ax < 0 || ax > Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} is out of range for unsqueezing a tensor of rank {Rank}.");
        }

        var s = new List<int>(_shape);
        s.Insert(ax, 1);
        return Reshape(s.ToArray());
    }

    /// <summary>Removes the dimension of size 1 at <paramref name="axis"/>.</summary>
    public Tensor Squeeze(int axis)
    {
        var ax = ShapeMath.NormalizeAxis(axis, Rank, nameof(axis));
        if (_shape[ax] != 1)
        {
            throw new ArgumentException($"Squeeze: dimension {axis} has size {_shape[ax]}, not 1.", nameof(axis));
        }

        var s = new List<int>(_shape);
        s.RemoveAt(ax);
        return Reshape(s.ToArray());
    }

    /// <summary>Reorders the dimensions (a strided view): result dimension i is input dimension perm[i].</summary>
    public Tensor Permute(ReadOnlySpan<int> perm)
    {
        if (perm.Length != Rank)
        {
            throw new ArgumentException($"Permute: {perm.Length} axes given for a tensor of rank {Rank}.", nameof(perm));
        }

        var seen = new bool[Rank];
        var shape = new int[Rank];
        var strides = new int[Rank];
        var inverse = new int[Rank];
        for (var i = 0; i < Rank; i++)
        {
            var p = ShapeMath.NormalizeAxis(perm[i], Rank, nameof(perm));
            if (seen[p])
            {
                throw new ArgumentException($"Permute: axis {p} appears twice.", nameof(perm));
            }

            seen[p] = true;
            shape[i] = _shape[p];
            strides[i] = _strides[p];
            inverse[p] = i;
        }

        var result = new Tensor(Storage, Offset, shape, strides, DType);
        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(result, "permute", [this], static (n, g) => [g.Permute((int[])n.Saved!)]);
            node.Saved = inverse;
        }

        return result;
    }

    /// <summary>Swaps two dimensions (a strided view).</summary>
    public Tensor Transpose(int axis0, int axis1)
    {
        var perm = new int[Rank];
        for (var i = 0; i < Rank; i++)
        {
            perm[i] = i;
        }

        var a = ShapeMath.NormalizeAxis(axis0, Rank, nameof(axis0));
        var b = ShapeMath.NormalizeAxis(axis1, Rank, nameof(axis1));
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(perm);
    }

    /// <summary>The transpose of a matrix (swaps the last two dimensions).</summary>
    public Tensor T => Rank < 2 ? this : Transpose(-2, -1);

    /// <summary>
    /// A broadcast view of this tensor at <paramref name="shape"/> (NumPy rules; no copy). Its gradient
    /// sums back to this tensor's shape.
    /// </summary>
    public Tensor Expand(ReadOnlySpan<int> shape)
    {
        if (shape.SequenceEqual(_shape))
        {
            return this;
        }

        var target = shape.ToArray();
        var b = ShapeMath.Broadcast(_shape, target, "expand", nameof(shape));
        if (!b.AsSpan().SequenceEqual(target))
        {
            throw new ArgumentException($"Expand: {ShapeMath.Format(_shape)} cannot be expanded to {ShapeMath.Format(target)}.", nameof(shape));
        }

        var result = new Tensor(Storage, Offset, target, ShapeMath.BroadcastStrides(_shape, _strides, target), DType);
        if (GradMode.ShouldRecord(this))
        {
            GradMode.Attach(result, "expand", [this], static (n, g) => [g.SumTo(n.Inputs[0]._shape)]);
        }

        return result;
    }

    /// <summary>A dense copy when this tensor is a strided view (differentiable identity).</summary>
    public Tensor Contiguous()
    {
        if (IsContiguous)
        {
            return this;
        }

        var result = Materialize();
        if (GradMode.ShouldRecord(this))
        {
            GradMode.Attach(result, "contiguous", [this], static (n, g) => [g]);
        }

        return result;
    }

    /// <summary>
    /// Elements start, start+step, ... (length of them) along <paramref name="axis"/>: a strided view.
    /// </summary>
    public Tensor Slice(int axis, int start, int length, int step = 1)
    {
        var ax = ShapeMath.NormalizeAxis(axis, Rank, nameof(axis));
        if (step < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), "step must be at least 1.");
        }

        if (start < 0 || length < 0 || (length > 0 && start + ((length - 1) * step) >= _shape[ax]))
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, +{length}, step {step}] is outside dimension {axis} of size {_shape[ax]}.");
        }

        var shape = (int[])_shape.Clone();
        var strides = (int[])_strides.Clone();
        shape[ax] = length;
        strides[ax] *= step;
        var result = new Tensor(Storage, Offset + (start * _strides[ax]), shape, strides, DType);
        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(result, "slice", [this], static (n, g) =>
            {
                var (a, s, st) = ((int, int, int))n.Saved!;
                return [g.ScatterSlice(n.Inputs[0]._shape, a, s, st)];
            });
            node.Saved = (ax, start, step);
        }

        return result;
    }

    /// <summary>Selects index <paramref name="index"/> along <paramref name="axis"/>, removing that dimension.</summary>
    public Tensor Select(int axis, int index) => Slice(axis, index, 1).Squeeze(axis);

    /// <summary>Places this tensor into zeros of <paramref name="shape"/> at a slice (the adjoint of <see cref="Slice"/>).</summary>
    internal Tensor ScatterSlice(int[] shape, int axis, int start, int step)
    {
        var result = Zeros(shape, DType);
        var view = new Tensor(result.Storage, start * result._strides[axis], _shape, StepStrides(result._strides, axis, step), DType);
        view.AssignFrom(this);
        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(result, "scatter_slice", [this], static (n, g) =>
            {
                var (a, s, st, len) = ((int, int, int, int))n.Saved!;
                return [g.Slice(a, s, len, st)];
            });
            node.Saved = (axis, start, step, _shape[axis]);
        }

        return result;
    }

    private static int[] StepStrides(int[] strides, int axis, int step)
    {
        var s = (int[])strides.Clone();
        s[axis] *= step;
        return s;
    }

    /// <summary>Copies <paramref name="source"/>'s elements into this (possibly strided) view; data only.</summary>
    internal void AssignFrom(Tensor source)
    {
        var src = source.Dense();
        if (DType == DType.Float32)
        {
            AssignStrided(src.Span<float>(), Array<float>());
        }
        else
        {
            AssignStrided(src.Span<double>(), Array<double>());
        }
    }

    private void AssignStrided<T>(ReadOnlySpan<T> src, T[] dst)
    {
        if (IsContiguous)
        {
            src.CopyTo(dst.AsSpan(Offset, Count));
            return;
        }

        var rank = Rank;
        Span<int> index = stackalloc int[rank];
        for (var i = 0; i < src.Length; i++)
        {
            var pos = Offset;
            for (var ax = 0; ax < rank; ax++)
            {
                pos += index[ax] * _strides[ax];
            }

            dst[pos] = src[i];
            for (var ax = rank - 1; ax >= 0; ax--)
            {
                if (++index[ax] < _shape[ax])
                {
                    break;
                }

                index[ax] = 0;
            }
        }
    }

    /// <summary>Joins tensors of equal shape except along <paramref name="axis"/>.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor.", nameof(tensors));
        }

        var first = tensors[0];
        var ax = ShapeMath.NormalizeAxis(axis, first.Rank, nameof(axis));
        var shape = first.ShapeArray();
        var total = 0;
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            CheckSameDType(first, t, "concat", nameof(tensors));
            if (t.Rank != first.Rank)
            {
                throw new ArgumentException($"Concat: tensors[{i}] has rank {t.Rank}, expected {first.Rank}.", nameof(tensors));
            }

            for (var d = 0; d < t.Rank; d++)
            {
                if (d != ax && t._shape[d] != shape[d])
                {
                    throw new ArgumentException($"Concat: tensors[{i}] has shape {ShapeMath.Format(t.Shape)}, incompatible with {ShapeMath.Format(first.Shape)} outside axis {ax}.", nameof(tensors));
                }
            }

            total += t._shape[ax];
        }

        shape[ax] = total;
        var result = Uninitialized(shape, first.DType);
        var offset = 0;
        var lengths = new int[tensors.Count];
        var inner = ShapeMath.Product(shape.AsSpan(ax + 1));
        var outer = ShapeMath.Product(shape.AsSpan(0, ax));
        for (var i = 0; i < tensors.Count; i++)
        {
            var len = tensors[i]._shape[ax];
            lengths[i] = len;
            if (len > 0)
            {
                // Each input is a run of outer blocks of len·inner elements; copy block by block.
                var src = tensors[i].Dense();
                if (first.DType == DType.Float32)
                {
                    CopyBlocks(src.Span<float>(), result.Span<float>(), outer, len * inner, total * inner, offset * inner);
                }
                else
                {
                    CopyBlocks(src.Span<double>(), result.Span<double>(), outer, len * inner, total * inner, offset * inner);
                }
            }

            offset += len;
        }

        var inputs = tensors.ToArray();
        if (GradMode.ShouldRecord(inputs))
        {
            var node = GradMode.Attach(result, "concat", inputs, static (n, g) =>
            {
                var (a, lens) = ((int, int[]))n.Saved!;
                var grads = new Tensor?[lens.Length];
                var start = 0;
                for (var i = 0; i < lens.Length; i++)
                {
                    grads[i] = n.Needs[i] ? g.Slice(a, start, lens[i]) : null;
                    start += lens[i];
                }

                return grads;
            });
            node.Saved = (ax, lengths);
        }

        return result;
    }

    /// <summary>Stacks tensors of equal shape along a new dimension <paramref name="axis"/>.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int axis = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Stack needs at least one tensor.", nameof(tensors));
        }

        var parts = new Tensor[tensors.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!tensors[i].Shape.SequenceEqual(tensors[0].Shape))
            {
                throw new ArgumentException($"Stack: tensors[{i}] has shape {ShapeMath.Format(tensors[i].Shape)}, expected {ShapeMath.Format(tensors[0].Shape)}.", nameof(tensors));
            }

            parts[i] = tensors[i].Unsqueeze(axis);
        }

        return Concat(parts, axis < 0 ? axis + tensors[0].Rank + 1 : axis);
    }

    /// <summary>Copies <paramref name="outer"/> consecutive blocks of <paramref name="block"/> elements into rows of <paramref name="dstRow"/> at <paramref name="dstOffset"/>.</summary>
    private static void CopyBlocks<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int block, int dstRow, int dstOffset)
    {
        if (block == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                dst[(o * dstRow) + dstOffset] = src[o];
            }

            return;
        }

        for (var o = 0; o < outer; o++)
        {
            src.Slice(o * block, block).CopyTo(dst.Slice((o * dstRow) + dstOffset, block));
        }
    }

    private int[] ShapeWith(int axis, int size)
    {
        var s = (int[])_shape.Clone();
        s[axis] = size;
        return s;
    }
}
