using NeuralHjb.Tensors;

namespace NeuralHjb.Autodiff;

/// <summary>
/// Recycles the storage of graph-internal forward tensors: results an op produces for a module that the module
/// never hands to its caller (e.g. <c>Mlp</c>'s hidden activations), once nothing can read them any more.
/// </summary>
/// <remarks>
/// The lifetime rule (docs/performance.md): such a tensor is marked <see cref="Tensor.ForwardPooled"/> when it
/// is created and counts the graph nodes that hold it (<see cref="Tensor.NodeRefs"/>). Its storage comes back
/// here only when the count drops to zero: every holding node was released by a backward pass without
/// retainGraph, or, when nothing was recorded, as soon as the module has consumed it. Any other use that could
/// let it outlive those nodes (an op other than the consuming fused linear op records it, e.g. a createGraph
/// backward rule) clears the mark for good. Per thread, bounded in bytes, so an idle pool holds little.
/// </remarks>
internal static class ForwardBufferPool
{
    /// <summary>Most bytes a thread's pool keeps; returns beyond it are left to the GC.</summary>
    private const long MaxBytes = 64L << 20;

    [ThreadStatic] private static BufferBuckets<float>? t_free32;
    [ThreadStatic] private static BufferBuckets<double>? t_free64;
    [ThreadStatic] private static long t_bytes;

    /// <summary>Set by tests on their own thread to compare against runs that never recycle.</summary>
    [ThreadStatic] internal static bool DisabledOnThisThread;

    /// <summary>Bytes held by this thread's pool (for tests).</summary>
    internal static long HeldBytes => t_bytes;

    /// <summary>A recycled buffer of exactly <paramref name="length"/> elements (contents garbage), or a new one.</summary>
    public static Array Rent(int length, DType dtype)
    {
        Array? buffer = dtype == DType.Float32 ? t_free32?.TryPop(length) : t_free64?.TryPop(length);
        if (buffer is not null)
        {
            t_bytes -= Bytes(buffer);
            return buffer;
        }

        return dtype == DType.Float32 ? GC.AllocateUninitializedArray<float>(length) : GC.AllocateUninitializedArray<double>(length);
    }

    /// <summary>Drops one node reference of a pooled tensor; at zero its storage comes back to the pool.</summary>
    public static void Release(Tensor t)
    {
        if (!t.ForwardPooled)
        {
            return;
        }

        if (--t.NodeRefs <= 0)
        {
            Reclaim(t);
        }
    }

    /// <summary>Returns the storage of a pooled tensor that nothing holds any more, and clears the mark.</summary>
    public static void Reclaim(Tensor t)
    {
        t.ForwardPooled = false;
        t.NodeRefs = 0;
        var buffer = t.Storage;
        var bytes = Bytes(buffer);
        if (DisabledOnThisThread || t_bytes + bytes > MaxBytes || buffer.Length == 0)
        {
            return;
        }

        if (buffer is float[] f)
        {
            (t_free32 ??= new()).Push(f);
        }
        else
        {
            (t_free64 ??= new()).Push((double[])buffer);
        }

        t_bytes += bytes;
    }

    private static long Bytes(Array buffer) => (long)buffer.Length * (buffer is float[] ? sizeof(float) : sizeof(double));
}
