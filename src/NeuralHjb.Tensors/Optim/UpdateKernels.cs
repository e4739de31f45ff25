using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralHjb.Optim;

/// <summary>Scalars of one Adam/AdamW update, converted to the parameter's element type.</summary>
internal readonly struct AdamScalars<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Multiplier applied to the parameter first (AdamW: 1 − lr·λ; Adam: 1).</summary>
    public T Decay { get; init; }

    /// <summary>L2 coefficient added to the gradient (Adam: λ; AdamW: 0).</summary>
    public T L2 { get; init; }

    public T Beta1 { get; init; }

    public T OneMinusBeta1 { get; init; }

    public T Beta2 { get; init; }

    public T OneMinusBeta2 { get; init; }

    /// <summary>−lr / (1 − β1^t).</summary>
    public T NegStepSize { get; init; }

    /// <summary>√(1 − β2^t).</summary>
    public T Bc2Sqrt { get; init; }

    public T Eps { get; init; }
}

/// <summary>Scalars of one SGD update, converted to the parameter's element type.</summary>
internal readonly struct SgdScalars<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public T WeightDecay { get; init; }

    public T Momentum { get; init; }

    public T OneMinusDampening { get; init; }

    public T NegLearningRate { get; init; }
}

/// <summary>
/// Fused, single-pass, in-place update kernels (SIMD over <see cref="Vector{T}"/> with a scalar tail
/// that evaluates the same expression in the same order, so every element gets the same result
/// whatever its position). No fused multiply-add is used, so results equal the plain IEEE formula.
/// </summary>
internal static class UpdateKernels
{
    /// <summary>
    /// Adam/AdamW: p ← p·decay; g' = g + L2·p; m ← β1·m + (1−β1)·g'; v ← β2·v + ((1−β2)·g')·g';
    /// v̂ ← max(v̂, v) when AMSGrad; p ← p + (negStep·m) / (√v(or v̂) / bc2 + ε).
    /// </summary>
    public static void Adam<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> vMax, bool amsgrad, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = p.Length;
        var i = 0;
        var useL2 = s.L2 != T.Zero;
        var useDecay = s.Decay != T.One;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= Vector<T>.Count)
        {
            ref var rp = ref MemoryMarshal.GetReference(p);
            ref var rg = ref MemoryMarshal.GetReference(g);
            ref var rm = ref MemoryMarshal.GetReference(m);
            ref var rv = ref MemoryMarshal.GetReference(v);
            ref var rx = ref MemoryMarshal.GetReference(vMax);
            var decay = new Vector<T>(s.Decay);
            var l2 = new Vector<T>(s.L2);
            var b1 = new Vector<T>(s.Beta1);
            var c1 = new Vector<T>(s.OneMinusBeta1);
            var b2 = new Vector<T>(s.Beta2);
            var c2 = new Vector<T>(s.OneMinusBeta2);
            var negStep = new Vector<T>(s.NegStepSize);
            var bc2 = new Vector<T>(s.Bc2Sqrt);
            var eps = new Vector<T>(s.Eps);
            var last = n - Vector<T>.Count;
            for (; i <= last; i += Vector<T>.Count)
            {
                var k = (nuint)i;
                var pi = Vector.LoadUnsafe(ref rp, k);
                var gi = Vector.LoadUnsafe(ref rg, k);
                if (useDecay)
                {
                    pi *= decay;
                }

                if (useL2)
                {
                    gi += l2 * pi;
                }

                var mi = (Vector.LoadUnsafe(ref rm, k) * b1) + (c1 * gi);
                var vi = (Vector.LoadUnsafe(ref rv, k) * b2) + (c2 * gi * gi);
                mi.StoreUnsafe(ref rm, k);
                vi.StoreUnsafe(ref rv, k);
                if (amsgrad)
                {
                    vi = Vector.Max(Vector.LoadUnsafe(ref rx, k), vi);
                    vi.StoreUnsafe(ref rx, k);
                }

                var denom = (Vector.SquareRoot(vi) / bc2) + eps;
                pi += negStep * mi / denom;
                pi.StoreUnsafe(ref rp, k);
            }
        }

        for (; i < n; i++)
        {
            var pi = p[i];
            var gi = g[i];
            if (useDecay)
            {
                pi *= s.Decay;
            }

            if (useL2)
            {
                gi += s.L2 * pi;
            }

            var mi = (m[i] * s.Beta1) + (s.OneMinusBeta1 * gi);
            var vi = (v[i] * s.Beta2) + (s.OneMinusBeta2 * gi * gi);
            m[i] = mi;
            v[i] = vi;
            if (amsgrad)
            {
                vi = Max(vMax[i], vi);
                vMax[i] = vi;
            }

            var denom = (T.Sqrt(vi) / s.Bc2Sqrt) + s.Eps;
            p[i] = pi + (s.NegStepSize * mi / denom);
        }
    }

    /// <summary>
    /// SGD: d = g + λ·p; with momentum μ: b ← d on the first step, else b ← μ·b + (1−τ)·d, and
    /// d = d + μ·b (Nesterov) or d = b; finally p ← p + (−lr)·d.
    /// </summary>
    public static void Sgd<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> buf, bool useMomentum, bool firstStep, bool nesterov, in SgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = p.Length;
        var i = 0;
        var useWd = s.WeightDecay != T.Zero;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= Vector<T>.Count)
        {
            ref var rp = ref MemoryMarshal.GetReference(p);
            ref var rg = ref MemoryMarshal.GetReference(g);
            ref var rb = ref MemoryMarshal.GetReference(buf);
            var wd = new Vector<T>(s.WeightDecay);
            var mu = new Vector<T>(s.Momentum);
            var damp = new Vector<T>(s.OneMinusDampening);
            var negLr = new Vector<T>(s.NegLearningRate);
            var last = n - Vector<T>.Count;
            for (; i <= last; i += Vector<T>.Count)
            {
                var k = (nuint)i;
                var pi = Vector.LoadUnsafe(ref rp, k);
                var d = Vector.LoadUnsafe(ref rg, k);
                if (useWd)
                {
                    d += wd * pi;
                }

                if (useMomentum)
                {
                    var b = firstStep ? d : (Vector.LoadUnsafe(ref rb, k) * mu) + (damp * d);
                    b.StoreUnsafe(ref rb, k);
                    d = nesterov ? d + (mu * b) : b;
                }

                pi += negLr * d;
                pi.StoreUnsafe(ref rp, k);
            }
        }

        for (; i < n; i++)
        {
            var pi = p[i];
            var d = g[i];
            if (useWd)
            {
                d += s.WeightDecay * pi;
            }

            if (useMomentum)
            {
                var b = firstStep ? d : (buf[i] * s.Momentum) + (s.OneMinusDampening * d);
                buf[i] = b;
                d = nesterov ? d + (s.Momentum * b) : b;
            }

            p[i] = pi + (s.NegLearningRate * d);
        }
    }

    /// <summary>NaN-propagating maximum (like torch.maximum).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Max<T>(T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T>
        => T.IsNaN(a) || T.IsNaN(b) ? T.NaN : (a > b ? a : b);
}
