using System.Numerics.Tensors;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>A tensor of the given shape with unspecified (zero) contents.</summary>
    internal static Tensor Empty(ReadOnlySpan<int> shape, DType dtype)
    {
        var s = shape.ToArray();
        var n = ShapeMath.Product(s);
        var storage = BackwardBufferPool.TryRent(n, dtype, zeroed: true) ?? (dtype == DType.Float32 ? new float[n] : new double[n]);
        return new Tensor(storage, s, n, dtype);
    }

    /// <summary>
    /// A tensor of the given shape whose contents are garbage: only for op outputs whose every element is
    /// written before anyone reads it. Skips the zeroing of <see cref="Empty"/> for large buffers.
    /// </summary>
    internal static Tensor Uninitialized(ReadOnlySpan<int> shape, DType dtype)
    {
        var s = shape.ToArray();
        var n = ShapeMath.Product(s);
        var storage = BackwardBufferPool.TryRent(n, dtype, zeroed: false)
            ?? (dtype == DType.Float32 ? GC.AllocateUninitializedArray<float>(n) : GC.AllocateUninitializedArray<double>(n));
        return new Tensor(storage, s, n, dtype);
    }

    /// <summary>
    /// As <see cref="Uninitialized(ReadOnlySpan{int}, DType)"/>, but the result keeps <paramref name="shape"/> itself
    /// instead of a copy: for the shape array of an existing tensor (never mutated once a tensor holds it) or a
    /// fresh array nothing else holds. Saves an array per op on the hot paths.
    /// </summary>
    internal static Tensor UninitializedShared(int[] shape, DType dtype)
    {
        var n = ShapeMath.Product(shape);
        var storage = BackwardBufferPool.TryRent(n, dtype, zeroed: false)
            ?? (dtype == DType.Float32 ? GC.AllocateUninitializedArray<float>(n) : GC.AllocateUninitializedArray<double>(n));
        return new Tensor(storage, shape, n, dtype);
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(ReadOnlySpan<int> shape, DType dtype = DType.Float32)
        => Empty(ShapeMath.Validate(shape, nameof(shape)), dtype);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(ReadOnlySpan<int> shape, DType dtype = DType.Float32) => Full(shape, 1.0, dtype);

    /// <summary>A tensor filled with <paramref name="value"/>.</summary>
    public static Tensor Full(ReadOnlySpan<int> shape, double value, DType dtype = DType.Float32)
    {
        var t = Zeros(shape, dtype);
        if (value != 0)
        {
            if (dtype == DType.Float32)
            {
                t.Span<float>().Fill((float)value);
            }
            else
            {
                t.Span<double>().Fill(value);
            }
        }

        return t;
    }

    /// <summary>A zero-dimensional tensor holding one value.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32) => Full([], value, dtype);

    /// <summary>A tensor of zeros shaped and typed like <paramref name="other"/>.</summary>
    public static Tensor ZerosLike(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Empty(other._shape, other.DType);
    }

    /// <summary>A tensor of ones shaped and typed like <paramref name="other"/>.</summary>
    public static Tensor OnesLike(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Full(other._shape, 1.0, other.DType);
    }

    /// <summary>Values start, start+step, ... below stop (one-dimensional).</summary>
    public static Tensor Arange(double start, double stop, double step = 1.0, DType dtype = DType.Float32)
    {
        if (!(step != 0) || !double.IsFinite(step))
        {
            throw new ArgumentOutOfRangeException(nameof(step), "step must be finite and non-zero.");
        }

        if (!double.IsFinite(start) || !double.IsFinite(stop))
        {
            throw new ArgumentOutOfRangeException(nameof(start), "start and stop must be finite.");
        }

        var n = Math.Max(0, (int)Math.Ceiling((stop - start) / step));
        var t = Empty([n], dtype);
        for (var i = 0; i < n; i++)
        {
            t.SetFlat(i, start + (i * step));
        }

        return t;
    }

    /// <summary><paramref name="count"/> evenly spaced values from start to stop inclusive.</summary>
    public static Tensor Linspace(double start, double stop, int count, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!double.IsFinite(start) || !double.IsFinite(stop))
        {
            throw new ArgumentOutOfRangeException(nameof(start), "start and stop must be finite.");
        }

        var t = Empty([count], dtype);
        for (var i = 0; i < count; i++)
        {
            t.SetFlat(i, count == 1 ? start : start + ((stop - start) * i / (count - 1)));
        }

        return t;
    }

    /// <summary>A float32 tensor holding a copy of <paramref name="data"/> with the given shape.</summary>
    public static Tensor FromArray(float[] data, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = CheckData(data.Length, shape);
        return new Tensor((float[])data.Clone(), s, DType.Float32);
    }

    /// <summary>A float64 tensor holding a copy of <paramref name="data"/> with the given shape.</summary>
    public static Tensor FromArray(double[] data, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = CheckData(data.Length, shape);
        return new Tensor((double[])data.Clone(), s, DType.Float64);
    }

    /// <summary>A one-dimensional float32 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray(data, [data.Length]);
    }

    /// <summary>A one-dimensional float64 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromArray(data, [data.Length]);
    }

    /// <summary>A tensor of <paramref name="dtype"/> holding <paramref name="data"/> (converted) with the given shape.</summary>
    public static Tensor FromSpan(ReadOnlySpan<double> data, ReadOnlySpan<int> shape, DType dtype = DType.Float32)
    {
        var s = CheckData(data.Length, shape);
        var t = Empty(s, dtype);
        if (dtype == DType.Float64)
        {
            data.CopyTo(t.Span<double>());
        }
        else
        {
            Precision.Narrow(data, t.Span<float>());
        }

        return t;
    }

    /// <summary>A tensor of <paramref name="dtype"/> holding <paramref name="data"/> (converted) with the given shape.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> data, ReadOnlySpan<int> shape, DType dtype = DType.Float32)
    {
        var s = CheckData(data.Length, shape);
        var t = Empty(s, dtype);
        if (dtype == DType.Float32)
        {
            data.CopyTo(t.Span<float>());
        }
        else
        {
            Precision.Widen(data, t.Span<double>());
        }

        return t;
    }

    /// <summary>A deep copy of the data (a leaf, outside the graph).</summary>
    public Tensor Clone()
    {
        var d = Dense();
        var t = Uninitialized(_shape, DType);
        if (DType == DType.Float32)
        {
            d.Span<float>().CopyTo(t.Span<float>());
        }
        else
        {
            d.Span<double>().CopyTo(t.Span<double>());
        }

        return t;
    }

    /// <summary>
    /// Overwrites this tensor's elements with <paramref name="source"/>'s (same shape; converts dtype).
    /// An in-place data update outside the graph, used by optimisers and checkpoint loading.
    /// </summary>
    public void CopyFrom(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.Shape.SequenceEqual(Shape))
        {
            throw new ArgumentException($"CopyFrom: source shape {ShapeMath.Format(source.Shape)} differs from {ShapeMath.Format(Shape)}.", nameof(source));
        }

        if (!IsContiguous)
        {
            throw new InvalidOperationException("CopyFrom needs a contiguous destination.");
        }

        var s = source.Dense();
        if (DType == DType.Float32)
        {
            if (s.DType == DType.Float32)
            {
                s.Span<float>().CopyTo(Span<float>());
            }
            else
            {
                Precision.Narrow(s.Span<double>(), Span<float>());
            }
        }
        else if (s.DType == DType.Float64)
        {
            s.Span<double>().CopyTo(Span<double>());
        }
        else
        {
            Precision.Widen(s.Span<float>(), Span<double>());
        }
    }

    private static int[] CheckData(int length, ReadOnlySpan<int> shape)
    {
        var s = ShapeMath.Validate(shape, nameof(shape));
        var n = ShapeMath.Product(s);
        if (n != length)
        {
            throw new ArgumentException($"data has {length} elements but shape {ShapeMath.Format(s)} needs {n}.", nameof(shape));
        }

        return s;
    }

    internal void SetFlat(int i, double value)
    {
        if (DType == DType.Float32)
        {
            Array<float>()[Offset + i] = (float)value;
        }
        else
        {
            Array<double>()[Offset + i] = value;
        }
    }
}
