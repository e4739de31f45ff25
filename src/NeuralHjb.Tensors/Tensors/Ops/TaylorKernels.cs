using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NeuralHjb.Tensors;

/// <summary>
/// Elementwise kernels of the Taylor-mode linear op: the activation's first three derivatives at the
/// pre-activation z (from z or from a = f(z), whichever is cheaper), and the one-pass updates of the forward
/// recurrence a'' = f'·z'' + f''·z'² and of its adjoint. Each is one pass over spans of equal length.
/// </summary>
internal static class TaylorKernels
{
    /// <summary>
    /// d1 = f'(z), d2 = f''(z) and, when <paramref name="d3"/> is not empty, d3 = f'''(z), given z and a = f(z).
    /// tanh: f' = 1 − a², f'' = −2a·f', f''' = (6a² − 2)·f'. σ: f' = a(1 − a), f'' = f'(1 − 2a), f''' = f'(1 − 6a + 6a²).
    /// softplus (f' = σ(z) = s): f'' = s(1 − s), f''' = s(1 − s)(1 − 2s). SiLU with q = s(1 − s): f' = s + z·q,
    /// f'' = 2q + z·q(1 − 2s), f''' = q(3(1 − 2s) + z(1 − 6s + 6s²)). relu: f' = [z &gt; 0], f'' = f''' = 0.
    /// </summary>
    public static void Coefficients<T>(TaylorActivation act, ReadOnlySpan<T> z, ReadOnlySpan<T> a, Span<T> d1, Span<T> d2, Span<T> d3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var third = !d3.IsEmpty;
        switch (act)
        {
            case TaylorActivation.Tanh:
                Tanh(a, d1, d2, d3, third);
                break;
            case TaylorActivation.Sigmoid:
                Sigmoid(a, d1, d2, d3, third);
                break;
            case TaylorActivation.Softplus:
                Softplus(z, d1, d2, d3, third);
                break;
            case TaylorActivation.Silu:
                Silu(z, d1, d2, d3, third);
                break;
            case TaylorActivation.Relu:
                for (var i = 0; i < z.Length; i++)
                {
                    d1[i] = z[i] > T.Zero ? T.One : T.Zero;
                }

                d2.Clear();
                d3.Clear();
                break;
            default:
                d1.Fill(T.One);
                d2.Clear();
                d3.Clear();
                break;
        }
    }

    private static void Tanh<T>(ReadOnlySpan<T> a, Span<T> d1, Span<T> d2, Span<T> d3, bool third)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = a.Length;
        var i = 0;
        var two = T.One + T.One;
        var six = two * (two + T.One);
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var va = MemoryMarshal.Cast<T, Vector<T>>(a);
            var v1 = MemoryMarshal.Cast<T, Vector<T>>(d1[..n]);
            var v2 = MemoryMarshal.Cast<T, Vector<T>>(d2[..n]);
            var v3 = third ? MemoryMarshal.Cast<T, Vector<T>>(d3[..n]) : default;
            var one = Vector<T>.One;
            var vtwo = new Vector<T>(two);
            var vsix = new Vector<T>(six);
            for (var k = 0; k < va.Length; k++)
            {
                var ak = va[k];
                var a2 = ak * ak;
                var q = one - a2;
                v1[k] = q;
                v2[k] = -vtwo * ak * q;
                if (third)
                {
                    v3[k] = ((vsix * a2) - vtwo) * q;
                }
            }

            i = va.Length * Vector<T>.Count;
        }

        for (; i < n; i++)
        {
            var ai = a[i];
            var a2 = ai * ai;
            var q = T.One - a2;
            d1[i] = q;
            d2[i] = -two * ai * q;
            if (third)
            {
                d3[i] = ((six * a2) - two) * q;
            }
        }
    }

    /// <summary>From s = σ(z): d1 = s(1 − s), d2 = d1(1 − 2s), d3 = d1(1 − 6s + 6s²).</summary>
    private static void Sigmoid<T>(ReadOnlySpan<T> s, Span<T> d1, Span<T> d2, Span<T> d3, bool third)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var two = T.One + T.One;
        var six = two * (two + T.One);
        for (var i = 0; i < s.Length; i++)
        {
            var si = s[i];
            var q = si * (T.One - si);
            d1[i] = q;
            d2[i] = q * (T.One - (two * si));
            if (third)
            {
                d3[i] = q * (T.One - (six * si) + (six * si * si));
            }
        }
    }

    /// <summary>f' = s = σ(z), f'' = s(1 − s), f''' = s(1 − s)(1 − 2s).</summary>
    private static void Softplus<T>(ReadOnlySpan<T> z, Span<T> d1, Span<T> d2, Span<T> d3, bool third)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var two = T.One + T.One;
        TensorPrimitives.Sigmoid(z, d1);
        for (var i = 0; i < z.Length; i++)
        {
            var s = d1[i];
            var q = s * (T.One - s);
            d2[i] = q;
            if (third)
            {
                d3[i] = q * (T.One - (two * s));
            }
        }
    }

    private static void Silu<T>(ReadOnlySpan<T> z, Span<T> d1, Span<T> d2, Span<T> d3, bool third)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var two = T.One + T.One;
        var three = two + T.One;
        var six = two * three;
        TensorPrimitives.Sigmoid(z, d1);
        for (var i = 0; i < z.Length; i++)
        {
            var s = d1[i];
            var zi = z[i];
            var q = s * (T.One - s);
            var r = T.One - (two * s);
            d1[i] = s + (zi * q);
            d2[i] = (two * q) + (zi * q * r);
            if (third)
            {
                d3[i] = q * ((three * r) + (zi * (T.One - (six * s) + (six * s * s))));
            }
        }
    }

    /// <summary>o = d1·zs + d2·zp²: the second derivative of f(z) along a direction (zs: z'', zp: z').</summary>
    public static void SecondForward<T>(ReadOnlySpan<T> d1, ReadOnlySpan<T> zs, ReadOnlySpan<T> d2, ReadOnlySpan<T> zp, Span<T> o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = o.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var v1 = MemoryMarshal.Cast<T, Vector<T>>(d1[..n]);
            var vs = MemoryMarshal.Cast<T, Vector<T>>(zs[..n]);
            var v2 = MemoryMarshal.Cast<T, Vector<T>>(d2[..n]);
            var vp = MemoryMarshal.Cast<T, Vector<T>>(zp[..n]);
            var vo = MemoryMarshal.Cast<T, Vector<T>>(o);
            for (var k = 0; k < vo.Length; k++)
            {
                var p = vp[k];
                vo[k] = (v1[k] * vs[k]) + (v2[k] * p * p);
            }

            i = vo.Length * Vector<T>.Count;
        }

        for (; i < n; i++)
        {
            var p = zp[i];
            o[i] = (d1[i] * zs[i]) + (d2[i] * p * p);
        }
    }

    /// <summary>gzj = d1·gj and gv += d2·zj·gj: the adjoint of a first-derivative block, in one pass.</summary>
    public static void FirstAdjoint<T>(ReadOnlySpan<T> d1, ReadOnlySpan<T> d2, ReadOnlySpan<T> zj, ReadOnlySpan<T> gj, Span<T> gzj, Span<T> gv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = gv.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var v1 = MemoryMarshal.Cast<T, Vector<T>>(d1[..n]);
            var v2 = MemoryMarshal.Cast<T, Vector<T>>(d2[..n]);
            var vz = MemoryMarshal.Cast<T, Vector<T>>(zj[..n]);
            var vg = MemoryMarshal.Cast<T, Vector<T>>(gj[..n]);
            var vo = MemoryMarshal.Cast<T, Vector<T>>(gzj[..n]);
            var vv = MemoryMarshal.Cast<T, Vector<T>>(gv);
            for (var k = 0; k < vv.Length; k++)
            {
                var g = vg[k];
                vo[k] = v1[k] * g;
                vv[k] += v2[k] * vz[k] * g;
            }

            i = vv.Length * Vector<T>.Count;
        }

        for (; i < n; i++)
        {
            var g = gj[i];
            gzj[i] = d1[i] * g;
            gv[i] += d2[i] * zj[i] * g;
        }
    }

    /// <summary>
    /// The adjoint of a second-derivative block in one pass: gzs = d1·gs, gzp += 2·d2·zp·gs (its first-derivative
    /// block) and gv += (d2·zs + d3·zp²)·gs (the value block).
    /// </summary>
    public static void SecondAdjoint<T>(ReadOnlySpan<T> d1, ReadOnlySpan<T> d2, ReadOnlySpan<T> d3, ReadOnlySpan<T> zs, ReadOnlySpan<T> zp, ReadOnlySpan<T> gs, Span<T> gzs, Span<T> gzp, Span<T> gv)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = gv.Length;
        var i = 0;
        var two = T.One + T.One;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var v1 = MemoryMarshal.Cast<T, Vector<T>>(d1[..n]);
            var v2 = MemoryMarshal.Cast<T, Vector<T>>(d2[..n]);
            var v3 = MemoryMarshal.Cast<T, Vector<T>>(d3[..n]);
            var vs = MemoryMarshal.Cast<T, Vector<T>>(zs[..n]);
            var vp = MemoryMarshal.Cast<T, Vector<T>>(zp[..n]);
            var vg = MemoryMarshal.Cast<T, Vector<T>>(gs[..n]);
            var os = MemoryMarshal.Cast<T, Vector<T>>(gzs[..n]);
            var op = MemoryMarshal.Cast<T, Vector<T>>(gzp[..n]);
            var vv = MemoryMarshal.Cast<T, Vector<T>>(gv);
            var vtwo = new Vector<T>(two);
            for (var k = 0; k < vv.Length; k++)
            {
                var g = vg[k];
                var p = vp[k];
                var c2 = v2[k];
                os[k] = v1[k] * g;
                op[k] += vtwo * c2 * p * g;
                vv[k] += ((c2 * vs[k]) + (v3[k] * p * p)) * g;
            }

            i = vv.Length * Vector<T>.Count;
        }

        for (; i < n; i++)
        {
            var g = gs[i];
            var p = zp[i];
            gzs[i] = d1[i] * g;
            gzp[i] += two * d2[i] * p * g;
            gv[i] += ((d2[i] * zs[i]) + (d3[i] * p * p)) * g;
        }
    }
}
