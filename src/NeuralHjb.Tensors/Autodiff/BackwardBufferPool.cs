using NeuralHjb.Tensors;

namespace NeuralHjb.Autodiff;

/// <summary>
/// Recycles the storage of the tensors a backward pass creates (intermediate gradients and the temporaries of
/// backward rules) from one pass to the next on the same thread, so that a steady training loop stops
/// allocating them.
/// </summary>
/// <remarks>
/// The reuse rule: a buffer goes back to the pool only if it was handed out by the pool during this very pass,
/// the pass records no graph (createGraph off: rules then build plain tensors that nothing but the pass holds),
/// and its storage is not reachable from what the pass hands to the caller: the <see cref="Tensor.Grad"/> of
/// the leaves it wrote and the gradients <see cref="Autograd.Grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool, bool?, bool)"/>
/// returns (views included: the test is on the storage array). Forward tensors are never pooled: the user may
/// hold any of them. A pass that throws returns nothing. Nested passes on one thread do not pool.
/// The pool keeps only what the last pass returned, so it holds at most one pass's temporaries.
/// </remarks>
internal sealed class BackwardBufferPool
{
    [ThreadStatic] private static BackwardBufferPool? t_active;
    [ThreadStatic] private static BackwardBufferPool? t_idle;

    private readonly BufferBuckets<float> _free32 = new();
    private readonly BufferBuckets<double> _free64 = new();
    private readonly List<float[]> _rented32 = [];
    private readonly List<double[]> _rented64 = [];

    // Usually a handful (one per parameter): a list searched linearly, which unlike a hash set needs no
    // object hash codes (a runtime call per buffer).
    private readonly List<Array> _escaped = [];

    /// <summary>
    /// Starts pooling on this thread for one backward pass; null when a pass on this thread is already pooling
    /// (the nested pass then allocates normally).
    /// </summary>
    public static BackwardBufferPool? Begin()
    {
        if (t_active is not null)
        {
            return null;
        }

        var pool = t_idle ?? new BackwardBufferPool();
        t_idle = null;
        t_active = pool;
        return pool;
    }

    /// <summary>
    /// A buffer of exactly <paramref name="length"/> elements for a tensor created during the active pass, or
    /// null when no pass is pooling on this thread. Recycled buffers are cleared when <paramref name="zeroed"/>.
    /// </summary>
    public static Array? TryRent(int length, DType dtype, bool zeroed)
    {
        var pool = t_active;
        if (pool is null || length == 0)
        {
            return null;
        }

        return dtype == DType.Float32 ? Rent(pool._free32, pool._rented32, length, zeroed) : Rent(pool._free64, pool._rented64, length, zeroed);
    }

    private static T[] Rent<T>(BufferBuckets<T> free, List<T[]> rented, int length, bool zeroed)
        where T : unmanaged
    {
        T[] buffer;
        if (free.TryPop(length) is { } recycled)
        {
            buffer = recycled;
            if (zeroed)
            {
                Array.Clear(buffer);
            }
        }
        else
        {
            buffer = zeroed ? new T[length] : GC.AllocateUninitializedArray<T>(length);
        }

        rented.Add(buffer);
        return buffer;
    }

    /// <summary>Marks a tensor the pass hands out (a leaf's Grad, a returned gradient): its storage stays with it.</summary>
    public void Escape(Tensor? t)
    {
        if (t is not null)
        {
            _escaped.Add(t.Storage);
        }
    }

    /// <summary>
    /// Ends the pass. On success the buffers rented during it, less the escaped ones, become the pool for the
    /// next pass (leftovers from the previous pass are dropped); after a failure nothing is recycled.
    /// </summary>
    public void End(bool succeeded)
    {
        _free32.Clear();
        _free64.Clear();

        if (succeeded)
        {
            var escaped = _escaped.Count > 64 ? new HashSet<Array>(_escaped, ReferenceEqualityComparer.Instance) : null;
            Recycle(_rented32, _free32, escaped);
            Recycle(_rented64, _free64, escaped);
        }

        _rented32.Clear();
        _rented64.Clear();
        _escaped.Clear();
        t_active = null;
        t_idle = this;
    }

    private void Recycle<T>(List<T[]> rented, BufferBuckets<T> free, HashSet<Array>? escaped)
        where T : unmanaged
    {
        foreach (var buffer in rented)
        {
            if (escaped is not null ? escaped.Contains(buffer) : IsEscaped(buffer))
            {
                continue;
            }

            free.Push(buffer);
        }
    }

    private bool IsEscaped(Array buffer)
    {
        foreach (var e in _escaped)
        {
            if (ReferenceEquals(e, buffer))
            {
                return true;
            }
        }

        return false;
    }
}
