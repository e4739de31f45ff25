using System.Numerics;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>Elementwise negation.</summary>
    public Tensor Neg() => Unary(UnaryOp.Neg, this);

    /// <summary>Elementwise e^x.</summary>
    public Tensor Exp() => Unary(UnaryOp.Exp, this);

    /// <summary>Elementwise natural logarithm (NaN below zero, -inf at zero).</summary>
    public Tensor Log() => Unary(UnaryOp.Log, this);

    /// <summary>Elementwise square root (NaN below zero).</summary>
    public Tensor Sqrt() => Unary(UnaryOp.Sqrt, this);

    /// <summary>Elementwise absolute value; its derivative at 0 is taken as 0.</summary>
    public Tensor Abs() => Unary(UnaryOp.Abs, this);

    /// <summary>Elementwise hyperbolic tangent.</summary>
    public Tensor Tanh() => Unary(UnaryOp.Tanh, this);

    /// <summary>Elementwise logistic sigmoid 1/(1+e^-x).</summary>
    public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid, this);

    /// <summary>Elementwise max(x, 0); its derivative at 0 is taken as 0.</summary>
    public Tensor Relu() => Unary(UnaryOp.Relu, this);

    /// <summary>Elementwise SiLU (swish) x·sigmoid(x).</summary>
    public Tensor Silu() => Unary(UnaryOp.Silu, this);

    /// <summary>Elementwise softplus log(1+e^x), computed without overflow.</summary>
    public Tensor Softplus() => Unary(UnaryOp.Softplus, this);

    /// <summary>Elementwise sine.</summary>
    public Tensor Sin() => Unary(UnaryOp.Sin, this);

    /// <summary>Elementwise cosine.</summary>
    public Tensor Cos() => Unary(UnaryOp.Cos, this);

    /// <summary>Elementwise x².</summary>
    public Tensor Square() => Unary(UnaryOp.Square, this);

    /// <summary>Elementwise 1/x.</summary>
    public Tensor Reciprocal() => Unary(UnaryOp.Reciprocal, this);

    /// <summary>Elementwise sign (-1, 0, 1; NaN stays NaN); not differentiable (zero gradient).</summary>
    public Tensor Sign()
    {
        using var _ = Autograd.NoGrad();
        return Unary(UnaryOp.Sign, this);
    }

    /// <summary>Clamps every element to [min, max]; the gradient is zero outside the interval.</summary>
    public Tensor Clamp(double min, double max)
    {
        if (double.IsNaN(min) || double.IsNaN(max) || min > max)
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"Clamp needs min <= max (got {min}, {max}).");
        }

        Tensor result;
        using (Autograd.NoGrad())
        {
            result = Maximum(min).Minimum(max);
        }

        if (GradMode.ShouldRecord(this))
        {
            var node = GradMode.Attach(result, "clamp", [this], static (n, g) =>
            {
                var x = n.Inputs[0];
                var inside = Compare(x, Full([], n.S0, x.DType), CompareOp.GreaterEqual) * Compare(x, Full([], n.S1, x.DType), CompareOp.LessEqual);
                return [g * inside];
            });
            node.S0 = min;
            node.S1 = max;
        }

        return result;
    }

    private static readonly string[] UnaryNames = OpNames<UnaryOp>(string.Empty, string.Empty);

    internal static Tensor Unary(UnaryOp op, Tensor a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var result = UninitializedShared(a._shape, a.DType);

        // A strided input is gathered into the result and transformed in place (kernels that allow it), not copied twice.
        var ad = a.IsContiguous || !InPlaceSafe(op) ? a.Dense() : result.GatherFrom(a);
        if (a.DType == DType.Float32)
        {
            ElementwiseKernels.Unary(op, ad.Span<float>(), result.Span<float>());
        }
        else
        {
            ElementwiseKernels.Unary(op, ad.Span<double>(), result.Span<double>());
        }

        if (GradMode.ShouldRecord(a))
        {
            GradMode.Attach(result, UnaryNames[(int)op], [a], UnaryRule(op));
        }

        return result;
    }

    /// <summary>Kernels that read each element once before writing it, so that source and destination may coincide.</summary>
    private static bool InPlaceSafe(UnaryOp op) => op is UnaryOp.Neg or UnaryOp.Exp or UnaryOp.Log or UnaryOp.Sqrt or UnaryOp.Abs
        or UnaryOp.Tanh or UnaryOp.Sigmoid or UnaryOp.Relu or UnaryOp.Square or UnaryOp.Reciprocal;

    /// <summary>Copies the elements of <paramref name="source"/> (same shape, any strides) into this contiguous tensor; returns this.</summary>
    private Tensor GatherFrom(Tensor source)
    {
        if (DType == DType.Float32)
        {
            StridedCopy.Copy(source.Array<float>(), source.Offset, source._shape, source._strides, Span<float>());
        }
        else
        {
            StridedCopy.Copy(source.Array<double>(), source.Offset, source._shape, source._strides, Span<double>());
        }

        return this;
    }

    private static BackwardRule UnaryRule(UnaryOp op) => op switch
    {
        UnaryOp.Neg => static (n, g) => [g.Neg()],
        UnaryOp.Exp => static (n, g) => [g * n.Output!],
        UnaryOp.Log => static (n, g) => [g / n.Inputs[0]],
        UnaryOp.Sqrt => static (n, g) => [g / n.Output! * 0.5],
        UnaryOp.Abs => static (n, g) => [g * n.Inputs[0].Sign()],
        UnaryOp.Tanh => static (n, g) => [TanhBackward(g, n.Output!)],
        UnaryOp.Sigmoid => static (n, g) => [GradMode.Enabled ? g * n.Output! * n.Output!.RSub(1.0) : PointwiseGrad(g, n.Output!, FusedActivation.Sigmoid)],
        // relu(x) > 0 exactly where x > 0, so the one-pass kernel on the output gives the same g·[x > 0].
        UnaryOp.Relu => static (n, g) => [GradMode.Enabled ? g * Compare(n.Inputs[0], Zeros([], n.Inputs[0].DType), CompareOp.Greater) : PointwiseGrad(g, n.Output!, FusedActivation.Relu)],
        UnaryOp.Silu => static (n, g) =>
        {
            var x = n.Inputs[0];
            var s = x.Sigmoid();
            return [g * (s * (x * s.RSub(1.0) + 1.0))];
        },
        UnaryOp.Softplus => static (n, g) => [g * n.Inputs[0].Sigmoid()],
        UnaryOp.Sin => static (n, g) => [g * n.Inputs[0].Cos()],
        UnaryOp.Cos => static (n, g) => [g * n.Inputs[0].Sin().Neg()],
        UnaryOp.Square => static (n, g) => [g * n.Inputs[0] * 2.0],
        UnaryOp.Reciprocal => static (n, g) => [g * n.Output!.Square().Neg()],
        _ => static (n, g) => [null],
    };

    /// <summary>Converts to another dtype (differentiable: the gradient is converted back).</summary>
    public Tensor To(DType dtype)
    {
        if (dtype == DType)
        {
            return this;
        }

        var ad = Dense();
        var result = Uninitialized(_shape, dtype);
        if (dtype == DType.Float64)
        {
            Precision.Widen(ad.Span<float>(), result.Span<double>());
        }
        else
        {
            Precision.Narrow(ad.Span<double>(), result.Span<float>());
        }

        if (GradMode.ShouldRecord(this))
        {
            GradMode.Attach(result, "to", [this], static (n, g) => [g.To(n.Inputs[0].DType)]);
        }

        return result;
    }
}
