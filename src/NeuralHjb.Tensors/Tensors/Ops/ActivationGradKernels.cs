using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralHjb.Tensors;

/// <summary>
/// One-pass kernels for the backward of pointwise activations written in terms of the activation's
/// output y (so the forward input need not be kept): tanh' = 1 − y², σ' = y(1 − y), relu' = [y &gt; 0].
/// Each replaces a chain of three or four elementwise ops (and their temporaries) of the unfused rule.
/// </summary>
internal static class ActivationGradKernels
{
    /// <summary>d = g·(1 − y²).</summary>
    public static void Tanh<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = d.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vg = MemoryMarshal.Cast<T, Vector<T>>(g[..n]);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y[..n]);
            var vd = MemoryMarshal.Cast<T, Vector<T>>(d);
            var one = Vector<T>.One;
            for (var k = 0; k < vd.Length; k++)
            {
                var yk = vy[k];
                vd[k] = vg[k] * (one - (yk * yk));
            }

            i = vd.Length * Vector<T>.Count;
        }

        for (; i < n; i++)
        {
            d[i] = g[i] * (T.One - (y[i] * y[i]));
        }
    }

    /// <summary>d = g·y·(1 − y).</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = d.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vg = MemoryMarshal.Cast<T, Vector<T>>(g[..n]);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y[..n]);
            var vd = MemoryMarshal.Cast<T, Vector<T>>(d);
            var one = Vector<T>.One;
            for (var k = 0; k < vd.Length; k++)
            {
                var yk = vy[k];
                vd[k] = vg[k] * yk * (one - yk);
            }

            i = vd.Length * Vector<T>.Count;
        }

        for (; i < n; i++)
        {
            d[i] = g[i] * y[i] * (T.One - y[i]);
        }
    }

    /// <summary>d = g·[y &gt; 0] (a product, as the unfused rule computes it, so a NaN gradient stays NaN).</summary>
    public static void Relu<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = d.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vg = MemoryMarshal.Cast<T, Vector<T>>(g[..n]);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y[..n]);
            var vd = MemoryMarshal.Cast<T, Vector<T>>(d);
            for (var k = 0; k < vd.Length; k++)
            {
                vd[k] = vg[k] * Vector.ConditionalSelect(Vector.GreaterThan(vy[k], Vector<T>.Zero), Vector<T>.One, Vector<T>.Zero);
            }

            i = vd.Length * Vector<T>.Count;
        }

        for (; i < n; i++)
        {
            d[i] = g[i] * (y[i] > T.Zero ? T.One : T.Zero);
        }
    }

    /// <summary>
    /// The y-adjoint of tanh's backward: d = −2·h·g·y (the derivative of g·(1 − y²) with respect to y,
    /// times the incoming gradient h). Used when backward is differentiated again (PINNs).
    /// </summary>
    public static void TanhSecond<T>(ReadOnlySpan<T> h, ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var two = T.One + T.One;
        var n = d.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var vh = MemoryMarshal.Cast<T, Vector<T>>(h[..n]);
            var vg = MemoryMarshal.Cast<T, Vector<T>>(g[..n]);
            var vy = MemoryMarshal.Cast<T, Vector<T>>(y[..n]);
            var vd = MemoryMarshal.Cast<T, Vector<T>>(d);
            var vtwo = new Vector<T>(two);
            for (var k = 0; k < vd.Length; k++)
            {
                vd[k] = -(vtwo * vh[k] * vg[k] * vy[k]);
            }

            i = vd.Length * Vector<T>.Count;
        }

        for (; i < n; i++)
        {
            d[i] = -(two * h[i] * g[i] * y[i]);
        }
    }
}
