using System.Runtime.CompilerServices;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

/// <summary>
/// An n-dimensional array of float32 or float64 values with reverse-mode automatic differentiation.
/// Storage is row-major; reshapes of contiguous tensors, transposes, slices and broadcasts are views
/// that share storage. Tensors are ordinary managed objects: nothing needs disposing.
/// </summary>
/// <remarks>
/// Ops record a define-by-run graph when any input has <see cref="RequiresGrad"/> set and gradient
/// recording is enabled (see <see cref="Autograd.NoGrad"/>). Gradients are computed with
/// <see cref="Backward(Tensor?, bool, bool)"/> or <see cref="Autograd.Grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool, bool?, bool)"/>.
/// </remarks>
public sealed partial class Tensor
{
    internal readonly Array Storage;
    internal readonly int Offset;
    private readonly int[] _shape;
    private readonly int[] _strides;
    private bool _requiresGrad;

    internal Node? GradFn;

    /// <summary>
    /// Set while the storage belongs to the forward buffer pool's lifetime rule: a module-internal result never
    /// handed to user code (see <see cref="ForwardBufferPool"/>).
    /// </summary>
    internal bool ForwardPooled;

    /// <summary>While <see cref="ForwardPooled"/>: the number of unreleased graph nodes holding this tensor.</summary>
    internal int NodeRefs;

    /// <summary>The gradient tensor <c>Optimizer.ZeroGrad(setToNone: false)</c> zeroed for reuse (see <see cref="ReusedGradient"/>).</summary>
    internal Tensor? ZeroedGrad;

    /// <summary>Whether <see cref="ZeroedGrad"/> has not been written since it was zeroed.</summary>
    internal bool ZeroedGradFresh;

    internal Tensor(Array storage, int offset, int[] shape, int[] strides, DType dtype)
    {
        Storage = storage;
        Offset = offset;
        _shape = shape;
        _strides = strides;
        DType = dtype;
        Count = ShapeMath.Product(shape);
        IsContiguous = ShapeMath.IsContiguous(shape, strides);
    }

    /// <summary>Wraps a fresh contiguous buffer (no copy).</summary>
    internal Tensor(Array storage, int[] shape, DType dtype)
        : this(storage, 0, shape, ShapeMath.SharedContiguousStrides(shape), dtype)
    {
    }

    /// <summary>
    /// Wraps a fresh contiguous buffer whose element count the caller has already computed (the product of
    /// <paramref name="shape"/>): the allocation paths of ops skip recomputing it and the contiguity test.
    /// </summary>
    private Tensor(Array storage, int[] shape, int count, DType dtype)
    {
        Storage = storage;
        _shape = shape;
        _strides = ShapeMath.SharedContiguousStrides(shape);
        DType = dtype;
        Count = count;
        IsContiguous = true;
    }

    /// <summary>Element type.</summary>
    public DType DType { get; }

    /// <summary>The device holding the storage (CPU today).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Per-tensor API; computed so that tensors carry no field for it while the CPU is the only device.")]
    public Device Device => Device.Cpu;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Total number of elements (product of the shape; 1 for a scalar).</summary>
    public int Count { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Element strides of each dimension (0 on broadcast dimensions).</summary>
    public ReadOnlySpan<int> Strides => _strides;

    /// <summary>True when the elements are laid out densely in row-major order.</summary>
    public bool IsContiguous { get; }

    /// <summary>Size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Size(int axis) => _shape[ShapeMath.NormalizeAxis(axis, Rank, nameof(axis))];

    /// <summary>A copy of the shape as an array.</summary>
    public int[] ShapeArray() => (int[])_shape.Clone();

    internal int[] ShapeRef => _shape;

    internal int[] StridesRef => _strides;

    /// <summary>
    /// Whether gradients with respect to this tensor are wanted. Only leaves (tensors not produced by a
    /// recorded op) may have it set by users; results of ops inherit it from their inputs.
    /// </summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (GradFn is not null && !value)
            {
                throw new InvalidOperationException(
                    $"RequiresGrad cannot be cleared on the result of op '{GradFn.Op}'; call Detach() for a tensor outside the graph.");
            }

            if (value && DType is not (DType.Float32 or DType.Float64))
            {
                throw new InvalidOperationException("Only floating-point tensors can require gradients.");
            }

            _requiresGrad = value;
        }
    }

    /// <summary>Accumulated gradient of a leaf after <see cref="Backward(Tensor?, bool, bool)"/>; null until then.</summary>
    public Tensor? Grad { get; set; }

    /// <summary>True for tensors created by users (not by a recorded op).</summary>
    public bool IsLeaf => GradFn is null;

    /// <summary>Name of the op that produced this tensor, or null for a leaf.</summary>
    public string? GradFnName => GradFn?.Op;

    /// <summary>Marks this leaf as requiring gradients and returns it (fluent).</summary>
    public Tensor RequireGrad()
    {
        RequiresGrad = true;
        return this;
    }

    /// <summary>A tensor sharing this one's storage but cut from the graph.</summary>
    public Tensor Detach() => new(Storage, Offset, _shape, _strides, DType);

    /// <summary>The typed backing array (callers check <see cref="DType"/> first).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T[] Array<T>() => Unsafe.As<T[]>(Storage);

    /// <summary>The elements of a contiguous tensor as a span (callers check contiguity and dtype).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Span<T> Span<T>() => new(Unsafe.As<T[]>(Storage), Offset, Count);

    /// <summary>
    /// This tensor's data laid out contiguously: itself when already contiguous, otherwise a copy
    /// (data only, no graph: ops use it to feed kernels).
    /// </summary>
    internal Tensor Dense() => IsContiguous ? this : Materialize();

    private Tensor Materialize()
    {
        var result = UninitializedShared(_shape, DType);
        if (DType == DType.Float32)
        {
            StridedCopy.Copy(Array<float>(), Offset, _shape, _strides, result.Span<float>());
        }
        else
        {
            StridedCopy.Copy(Array<double>(), Offset, _shape, _strides, result.Span<double>());
        }

        return result;
    }

    /// <summary>Reads one element as a double (slow; for tests and display).</summary>
    [IndexerName("At")]
    public double this[params int[] index]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(index);
            if (index.Length != Rank)
            {
                throw new ArgumentException($"index has {index.Length} coordinates but the tensor has rank {Rank}.", nameof(index));
            }

            var pos = Offset;
            for (var i = 0; i < index.Length; i++)
            {
                if ((uint)index[i] >= (uint)_shape[i])
                {
                    throw new ArgumentOutOfRangeException(nameof(index), $"coordinate {index[i]} is outside dimension {i} of size {_shape[i]}.");
                }

                pos += index[i] * _strides[i];
            }

            return DType == DType.Float32 ? Array<float>()[pos] : Array<double>()[pos];
        }
    }

    /// <summary>The single value of a one-element tensor.</summary>
    public double Item()
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"Item() needs a tensor with exactly one element; this one has shape {ShapeMath.Format(_shape)}.");
        }

        return DType == DType.Float32 ? Array<float>()[Offset] : Array<double>()[Offset];
    }

    /// <summary>Copies the elements out in row-major order as float32 (converting if needed).</summary>
    public float[] ToFloatArray()
    {
        var d = Dense();
        if (DType == DType.Float32)
        {
            return d.Span<float>().ToArray();
        }

        var result = new float[Count];
        Precision.Narrow(d.Span<double>(), result);
        return result;
    }

    /// <summary>Copies the elements out in row-major order as float64 (converting if needed).</summary>
    public double[] ToDoubleArray()
    {
        var d = Dense();
        if (DType == DType.Float64)
        {
            return d.Span<double>().ToArray();
        }

        var result = new double[Count];
        Precision.Widen(d.Span<float>(), result);
        return result;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var head = $"Tensor({ShapeMath.Format(_shape)}, {DType}{(GradFn is null ? string.Empty : ", grad_fn=" + GradFn.Op)})";
        if (Count > 16)
        {
            return head;
        }

        var values = ToDoubleArray();
        return head + " [" + string.Join(", ", values.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))) + "]";
    }
}
