using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NeuralHjb.Tensors;

/// <summary>Binary elementwise operations.</summary>
internal enum BinaryOp
{
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Max,
    Min,
}

/// <summary>Unary elementwise operations.</summary>
internal enum UnaryOp
{
    Neg,
    Exp,
    Log,
    Sqrt,
    Abs,
    Tanh,
    Sigmoid,
    Relu,
    Silu,
    Softplus,
    Sin,
    Cos,
    Square,
    Sign,
    Reciprocal,
}

/// <summary>Span kernels behind the elementwise ops, generic over float and double (SIMD via TensorPrimitives).</summary>
internal static class ElementwiseKernels
{
    public static void Binary<T>(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d.Length <= ShortSpanKernels.MaxLength)
        {
            switch (op)
            {
                case BinaryOp.Add: ShortSpanKernels.Apply<T, AddArithmetic<T>>(x, y, d); return;
                case BinaryOp.Sub: ShortSpanKernels.Apply<T, SubArithmetic<T>>(x, y, d); return;
                case BinaryOp.Mul: ShortSpanKernels.Apply<T, MulArithmetic<T>>(x, y, d); return;
                case BinaryOp.Div: ShortSpanKernels.Apply<T, DivArithmetic<T>>(x, y, d); return;
                default: break;
            }
        }

        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Div: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Pow: TensorPrimitives.Pow(x, y, d); break;
            case BinaryOp.Max: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Min: TensorPrimitives.Min(x, y, d); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    public static void BinaryScalarRight<T>(BinaryOp op, ReadOnlySpan<T> x, T y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d.Length <= ShortSpanKernels.MaxLength)
        {
            switch (op)
            {
                case BinaryOp.Add: ShortSpanKernels.ApplyScalarRight<T, AddArithmetic<T>>(x, y, d); return;
                case BinaryOp.Sub: ShortSpanKernels.ApplyScalarRight<T, SubArithmetic<T>>(x, y, d); return;
                case BinaryOp.Mul: ShortSpanKernels.ApplyScalarRight<T, MulArithmetic<T>>(x, y, d); return;
                case BinaryOp.Div: ShortSpanKernels.ApplyScalarRight<T, DivArithmetic<T>>(x, y, d); return;
                default: break;
            }
        }

        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Div: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Pow: PowScalar(x, y, d); break;
            case BinaryOp.Max: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Min: TensorPrimitives.Min(x, y, d); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    public static void BinaryScalarLeft<T>(BinaryOp op, T x, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (d.Length <= ShortSpanKernels.MaxLength)
        {
            switch (op)
            {
                case BinaryOp.Add: ShortSpanKernels.ApplyScalarLeft<T, AddArithmetic<T>>(x, y, d); return;
                case BinaryOp.Sub: ShortSpanKernels.ApplyScalarLeft<T, SubArithmetic<T>>(x, y, d); return;
                case BinaryOp.Mul: ShortSpanKernels.ApplyScalarLeft<T, MulArithmetic<T>>(x, y, d); return;
                case BinaryOp.Div: ShortSpanKernels.ApplyScalarLeft<T, DivArithmetic<T>>(x, y, d); return;
                default: break;
            }
        }

        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(y, x, d); break;
            case BinaryOp.Div: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Pow: TensorPrimitives.Pow(x, y, d); break;
            case BinaryOp.Max: TensorPrimitives.Max(y, x, d); break;
            case BinaryOp.Min: TensorPrimitives.Min(y, x, d); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    /// <summary>x^p with cheap special cases for the exponents that dominate in practice.</summary>
    private static void PowScalar<T>(ReadOnlySpan<T> x, T p, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (p == T.One)
        {
            x.CopyTo(d);
        }
        else if (p == T.CreateTruncating(2))
        {
            TensorPrimitives.Multiply(x, x, d);
        }
        else if (p == T.CreateTruncating(0.5))
        {
            TensorPrimitives.Sqrt(x, d);
        }
        else if (p == -T.One)
        {
            TensorPrimitives.Divide(T.One, x, d);
        }
        else
        {
            TensorPrimitives.Pow(x, p, d);
        }
    }

    /// <summary>
    /// Sine or cosine. For double this is a scalar loop over <see cref="Math.Sin"/>/<see cref="Math.Cos"/>:
    /// TensorPrimitives' double sin/cos round differently in the framework's precompiled (ReadyToRun) code
    /// and in the JIT's optimised code, so the same call returned different last bits early and late in a
    /// process (measured; docs/reliability.md), which broke bitwise reproducibility. Math.Sin/Cos call one
    /// C-runtime function whichever code calls them. float showed no such difference.
    /// </summary>
    private static void SinCos<T>(ReadOnlySpan<T> x, Span<T> d, bool cosine)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            var xs = MemoryMarshal.Cast<T, double>(x);
            var ds = MemoryMarshal.Cast<T, double>(d);
            if (cosine)
            {
                for (var i = 0; i < xs.Length; i++)
                {
                    ds[i] = Math.Cos(xs[i]);
                }
            }
            else
            {
                for (var i = 0; i < xs.Length; i++)
                {
                    ds[i] = Math.Sin(xs[i]);
                }
            }
        }
        else if (cosine)
        {
            TensorPrimitives.Cos(x, d);
        }
        else
        {
            TensorPrimitives.Sin(x, d);
        }
    }

    public static void Unary<T>(UnaryOp op, ReadOnlySpan<T> x, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case UnaryOp.Neg: TensorPrimitives.Negate(x, d); break;
            case UnaryOp.Exp: TensorPrimitives.Exp(x, d); break;
            case UnaryOp.Log: TensorPrimitives.Log(x, d); break;
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, d); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, d); break;
            case UnaryOp.Tanh: TensorPrimitives.Tanh(x, d); break;
            case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(x, d); break;
            case UnaryOp.Relu: TensorPrimitives.Max(x, T.Zero, d); break;
            case UnaryOp.Sin: SinCos(x, d, cosine: false); break;
            case UnaryOp.Cos: SinCos(x, d, cosine: true); break;
            case UnaryOp.Square: TensorPrimitives.Multiply(x, x, d); break;
            case UnaryOp.Reciprocal: TensorPrimitives.Divide(T.One, x, d); break;
            case UnaryOp.Silu:
                TensorPrimitives.Sigmoid(x, d);
                TensorPrimitives.Multiply(x, d, d);
                break;
            case UnaryOp.Softplus:
                // log(1 + e^x) = max(x, 0) + log(1 + e^{-|x|}): no overflow for large |x|.
                for (var i = 0; i < x.Length; i++)
                {
                    var v = x[i];
                    d[i] = T.Max(v, T.Zero) + T.Log(T.One + T.Exp(-T.Abs(v)));
                }

                break;
            case UnaryOp.Sign:
                for (var i = 0; i < x.Length; i++)
                {
                    var v = x[i];
                    d[i] = T.IsNaN(v) ? v : v > T.Zero ? T.One : v < T.Zero ? -T.One : T.Zero;
                }

                break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }
}
