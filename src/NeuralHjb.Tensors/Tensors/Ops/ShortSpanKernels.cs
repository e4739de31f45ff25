using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralHjb.Tensors;

/// <summary>
/// Add, subtract, multiply and divide over short spans (the 64–320-element tensors of small-network rollouts),
/// where the fixed cost of a TensorPrimitives call (argument and overlap checks, width dispatch) outweighs the
/// arithmetic. Each element is the same single IEEE operation, so results are identical to TensorPrimitives'.
/// The destination may coincide exactly with an input.
/// </summary>
internal static class ShortSpanKernels
{
    /// <summary>Spans up to this length take these loops.</summary>
    public const int MaxLength = 512;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IArithmetic<T>
    {
        var n = d.Length;
        if (x.Length != n || y.Length != n)
        {
            throw new ArgumentException("spans differ in length.", nameof(d));
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var dr = ref MemoryMarshal.GetReference(d);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                TOp.Apply(Vector.LoadUnsafe(ref xr, (nuint)i), Vector.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = TOp.Apply(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplyScalarRight<T, TOp>(ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IArithmetic<T>
    {
        var n = d.Length;
        if (x.Length != n)
        {
            throw new ArgumentException("spans differ in length.", nameof(d));
        }

        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var dr = ref MemoryMarshal.GetReference(d);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var yv = new Vector<T>(y);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                TOp.Apply(Vector.LoadUnsafe(ref xr, (nuint)i), yv).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = TOp.Apply(Unsafe.Add(ref xr, i), y);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ApplyScalarLeft<T, TOp>(T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOp : struct, IArithmetic<T>
    {
        var n = d.Length;
        if (y.Length != n)
        {
            throw new ArgumentException("spans differ in length.", nameof(d));
        }

        ref var yr = ref MemoryMarshal.GetReference(y);
        ref var dr = ref MemoryMarshal.GetReference(d);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xv = new Vector<T>(x);
            for (; i <= n - Vector<T>.Count; i += Vector<T>.Count)
            {
                TOp.Apply(xv, Vector.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dr, i) = TOp.Apply(x, Unsafe.Add(ref yr, i));
        }
    }
}
