using System.Numerics;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>Elementwise sum with NumPy broadcasting.</summary>
    public Tensor Add(Tensor other) => Binary(BinaryOp.Add, this, other);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public Tensor Sub(Tensor other) => Binary(BinaryOp.Sub, this, other);

    /// <summary>Elementwise product with broadcasting.</summary>
    public Tensor Mul(Tensor other) => Binary(BinaryOp.Mul, this, other);

    /// <summary>Elementwise quotient with broadcasting (IEEE semantics: x/0 is ±inf or NaN).</summary>
    public Tensor Div(Tensor other) => Binary(BinaryOp.Div, this, other);

    /// <summary>Elementwise power this^exponent with broadcasting (NaN for a negative base and non-integer exponent).</summary>
    public Tensor Pow(Tensor exponent) => Binary(BinaryOp.Pow, this, exponent);

    /// <summary>Elementwise maximum with broadcasting; NaN propagates; ties send the gradient to this tensor.</summary>
    public Tensor Maximum(Tensor other) => Binary(BinaryOp.Max, this, other);

    /// <summary>Elementwise minimum with broadcasting; NaN propagates; ties send the gradient to this tensor.</summary>
    public Tensor Minimum(Tensor other) => Binary(BinaryOp.Min, this, other);

    /// <summary>Adds a constant.</summary>
    public Tensor Add(double value) => ScalarOp(BinaryOp.Add, this, value, right: true);

    /// <summary>Subtracts a constant.</summary>
    public Tensor Sub(double value) => ScalarOp(BinaryOp.Add, this, -value, right: true);

    /// <summary>Multiplies by a constant.</summary>
    public Tensor Mul(double value) => ScalarOp(BinaryOp.Mul, this, value, right: true);

    /// <summary>Divides by a constant.</summary>
    public Tensor Div(double value) => ScalarOp(BinaryOp.Mul, this, 1.0 / value, right: true);

    /// <summary>Raises every element to a constant power.</summary>
    public Tensor Pow(double exponent) => ScalarOp(BinaryOp.Pow, this, exponent, right: true);

    /// <summary>Elementwise max(this, value).</summary>
    public Tensor Maximum(double value) => ScalarOp(BinaryOp.Max, this, value, right: true);

    /// <summary>Elementwise min(this, value).</summary>
    public Tensor Minimum(double value) => ScalarOp(BinaryOp.Min, this, value, right: true);

    /// <summary>value - this.</summary>
    public Tensor RSub(double value) => ScalarOp(BinaryOp.Sub, this, value, right: false);

    /// <summary>value / this.</summary>
    public Tensor RDiv(double value) => ScalarOp(BinaryOp.Div, this, value, right: false);

    /// <summary>Elementwise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Binary(BinaryOp.Add, a, b);

    /// <summary>Elementwise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Binary(BinaryOp.Sub, a, b);

    /// <summary>Elementwise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Binary(BinaryOp.Mul, a, b);

    /// <summary>Elementwise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Binary(BinaryOp.Div, a, b);

    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(Tensor a, double b) => NotNull(a).Add(b);

    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(double a, Tensor b) => NotNull(b).Add(a);

    /// <summary>Subtracts a constant.</summary>
    public static Tensor operator -(Tensor a, double b) => NotNull(a).Sub(b);

    /// <summary>Constant minus tensor.</summary>
    public static Tensor operator -(double a, Tensor b) => NotNull(b).RSub(a);

    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(Tensor a, double b) => NotNull(a).Mul(b);

    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(double a, Tensor b) => NotNull(b).Mul(a);

    /// <summary>Divides by a constant.</summary>
    public static Tensor operator /(Tensor a, double b) => NotNull(a).Div(b);

    /// <summary>Constant divided by tensor.</summary>
    public static Tensor operator /(double a, Tensor b) => NotNull(b).RDiv(a);

    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => NotNull(a).Neg();

    private static Tensor NotNull(Tensor t, string name = "tensor")
    {
        ArgumentNullException.ThrowIfNull(t, name);
        return t;
    }

    internal static void CheckSameDType(Tensor a, Tensor b, string op, string paramName = "other")
    {
        if (a.DType != b.DType)
        {
            throw new ArgumentException($"{op}: dtypes differ ({a.DType} and {b.DType}); convert one with To(DType) first.", paramName);
        }
    }

    // Node names per op, built once (formatting them per op call showed up in per-op overhead).
    private static readonly string[] BinaryNames = OpNames<BinaryOp>(string.Empty, string.Empty);
    private static readonly string[] ScalarNames = OpNames<BinaryOp>(string.Empty, "_scalar");
    private static readonly string[] ReversedScalarNames = OpNames<BinaryOp>("r", "_scalar");

    private static string[] OpNames<TOp>(string prefix, string suffix)
        where TOp : struct, Enum
    {
        var values = Enum.GetValues<TOp>();
        var names = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            names[i] = prefix + values[i].ToString().ToLowerInvariant() + suffix;
        }

        return names;
    }

    internal static Tensor Binary(BinaryOp op, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.DType != b.DType)
        {
            CheckSameDType(a, b, op.ToString());
        }

        var result = a.DType == DType.Float32 ? BinaryForward<float>(op, a, b) : BinaryForward<double>(op, a, b);
        if (GradMode.ShouldRecord(a, b))
        {
            GradMode.Attach(result, BinaryNames[(int)op], [a, b], BinaryRule(op));
        }

        return result;
    }

    private static Tensor BinaryForward<T>(BinaryOp op, Tensor a, Tensor b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = ShapeMath.SameShape(a._shape, b._shape) ? a._shape : ShapeMath.Broadcast(a._shape, b._shape, BinaryNames[(int)op]);
        var result = UninitializedShared(shape, a.DType);
        var d = result.Span<T>();
        var n = result.Count;
        if (n == 0)
        {
            return result;
        }

        if (a.Count == n && b.Count == n && a.IsContiguous != b.IsContiguous)
        {
            // One strided operand of the full shape (e.g. a column slice): gathered straight into the result,
            // which the kernel then updates in place; the same operations as after a dense copy.
            var (strided, dense) = a.IsContiguous ? (b, a) : (a, b);
            StridedCopy.Copy(strided.Array<T>(), strided.Offset, strided._shape, strided._strides, d);
            ElementwiseKernels.Binary<T>(op, a.IsContiguous ? dense.Span<T>() : d, a.IsContiguous ? d : dense.Span<T>(), d);
            return result;
        }

        var ad = a.Dense();
        var bd = b.Dense();

        if (ad.Count == n && bd.Count == n)
        {
            ElementwiseKernels.Binary<T>(op, ad.Span<T>(), bd.Span<T>(), d);
        }
        else if (bd.Count == 1)
        {
            ElementwiseKernels.BinaryScalarRight<T>(op, ad.Count == n ? ad.Span<T>() : Expanded<T>(ad, shape), bd.Span<T>()[0], d);
        }
        else if (ad.Count == 1)
        {
            ElementwiseKernels.BinaryScalarLeft<T>(op, ad.Span<T>()[0], bd.Count == n ? bd.Span<T>() : Expanded<T>(bd, shape), d);
        }
        else if (ad.Count == n && IsSuffixOf(bd._shape, shape))
        {
            // Row broadcast, e.g. [batch, features] op [features].
            var row = bd.Count;
            var x = ad.Span<T>();
            var y = bd.Span<T>();
            for (var o = 0; o < n; o += row)
            {
                ElementwiseKernels.Binary<T>(op, x.Slice(o, row), y, d.Slice(o, row));
            }
        }
        else if (bd.Count == n && IsSuffixOf(ad._shape, shape))
        {
            var row = ad.Count;
            var x = ad.Span<T>();
            var y = bd.Span<T>();
            for (var o = 0; o < n; o += row)
            {
                ElementwiseKernels.Binary<T>(op, x, y.Slice(o, row), d.Slice(o, row));
            }
        }
        else if (ad.Count == n && IsColumnOf(bd._shape, shape))
        {
            // Column broadcast, e.g. [batch, features] op [batch, 1].
            var row = shape[^1];
            var x = ad.Span<T>();
            var y = bd.Span<T>();
            for (int o = 0, r = 0; o < n; o += row, r++)
            {
                ElementwiseKernels.BinaryScalarRight<T>(op, x.Slice(o, row), y[r], d.Slice(o, row));
            }
        }
        else if (bd.Count == n && IsColumnOf(ad._shape, shape))
        {
            var row = shape[^1];
            var x = ad.Span<T>();
            var y = bd.Span<T>();
            for (int o = 0, r = 0; o < n; o += row, r++)
            {
                ElementwiseKernels.BinaryScalarLeft<T>(op, x[r], y.Slice(o, row), d.Slice(o, row));
            }
        }
        else if (ad.Count == n && MiddleBroadcast(bd._shape, shape, out var outer, out var mid, out var inner))
        {
            // Per-channel broadcast, e.g. [batch, channels, length] op [channels, 1]: a scalar per run.
            var x = ad.Span<T>();
            var y = bd.Span<T>();
            for (int o = 0, p = 0; o < outer; o++)
            {
                for (var c = 0; c < mid; c++, p += inner)
                {
                    ElementwiseKernels.BinaryScalarRight<T>(op, x.Slice(p, inner), y[c], d.Slice(p, inner));
                }
            }
        }
        else if (bd.Count == n && MiddleBroadcast(ad._shape, shape, out outer, out mid, out inner))
        {
            var x = ad.Span<T>();
            var y = bd.Span<T>();
            for (int o = 0, p = 0; o < outer; o++)
            {
                for (var c = 0; c < mid; c++, p += inner)
                {
                    ElementwiseKernels.BinaryScalarLeft<T>(op, x[c], y.Slice(p, inner), d.Slice(p, inner));
                }
            }
        }
        else
        {
            ElementwiseKernels.Binary<T>(op, Expanded<T>(ad, shape), Expanded<T>(bd, shape), d);
        }

        return result;
    }

    /// <summary>
    /// True when <paramref name="small"/> (right-aligned against <paramref name="shape"/>) is 1 everywhere
    /// except one run of dimensions equal to the target's, followed by at least one broadcast dimension:
    /// the target then splits into (outer, mid, inner) with <paramref name="small"/> indexed by mid only.
    /// </summary>
    private static bool MiddleBroadcast(int[] small, int[] shape, out int outer, out int mid, out int inner)
    {
        outer = mid = inner = 1;
        var lead = shape.Length - small.Length;
        if (lead < 0)
        {
            return false;
        }

        int first = -1, last = -1;
        for (var i = 0; i < small.Length; i++)
        {
            if (small[i] == 1)
            {
                continue;
            }

            if (small[i] != shape[lead + i] || (last >= 0 && last != i - 1))
            {
                return false;
            }

            if (first < 0)
            {
                first = i;
            }

            last = i;
        }

        if (first < 0)
        {
            return false;
        }

        outer = ShapeMath.Product(shape.AsSpan(0, lead + first));
        mid = ShapeMath.Product(shape.AsSpan(lead + first, last - first + 1));
        inner = ShapeMath.Product(shape.AsSpan(lead + last + 1));
        return inner > 1;
    }

    /// <summary>Materialises a broadcast of <paramref name="t"/> to <paramref name="shape"/>.</summary>
    private static Span<T> Expanded<T>(Tensor t, int[] shape)
    {
        var buffer = GC.AllocateUninitializedArray<T>(ShapeMath.Product(shape));
        StridedCopy.Copy(t.Array<T>(), t.Offset, shape, ShapeMath.BroadcastStrides(t._shape, t._strides, shape), buffer);
        return buffer;
    }

    /// <summary>True when <paramref name="small"/>, without leading ones, equals the trailing dimensions of <paramref name="shape"/>.</summary>
    private static bool IsSuffixOf(int[] small, int[] shape)
    {
        var s = 0;
        while (s < small.Length && small[s] == 1)
        {
            s++;
        }

        var k = small.Length - s;
        if (k > shape.Length)
        {
            return false;
        }

        for (var i = 0; i < k; i++)
        {
            if (small[s + i] != shape[shape.Length - k + i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="small"/> equals <paramref name="shape"/> with its last dimension set to 1.</summary>
    private static bool IsColumnOf(int[] small, int[] shape)
    {
        if (small.Length != shape.Length || shape.Length == 0 || small[^1] != 1)
        {
            return false;
        }

        for (var i = 0; i < shape.Length - 1; i++)
        {
            if (small[i] != shape[i])
            {
                return false;
            }
        }

        return true;
    }

    private static BackwardRule BinaryRule(BinaryOp op) => op switch
    {
        BinaryOp.Add => static (n, g) => [n.Needs[0] ? g.SumTo(n.Inputs[0]._shape) : null, n.Needs[1] ? g.SumTo(n.Inputs[1]._shape) : null],
        BinaryOp.Sub => static (n, g) => [n.Needs[0] ? g.SumTo(n.Inputs[0]._shape) : null, n.Needs[1] ? g.Neg().SumTo(n.Inputs[1]._shape) : null],
        BinaryOp.Mul => static (n, g) =>
        [
            n.Needs[0] ? (g * n.Inputs[1]).SumTo(n.Inputs[0]._shape) : null,
            n.Needs[1] ? (g * n.Inputs[0]).SumTo(n.Inputs[1]._shape) : null,
        ],
        BinaryOp.Div => static (n, g) =>
        [
            n.Needs[0] ? (g / n.Inputs[1]).SumTo(n.Inputs[0]._shape) : null,
            n.Needs[1] ? (g.Neg() * n.Output! / n.Inputs[1]).SumTo(n.Inputs[1]._shape) : null,
        ],
        BinaryOp.Pow => static (n, g) =>
        [
            n.Needs[0] ? (g * n.Inputs[1] * n.Inputs[0].Pow(n.Inputs[1] - 1.0)).SumTo(n.Inputs[0]._shape) : null,
            // d/dy x^y = x^y·log x, taken as 0 where x = 0 (x^y is 0 or 1 there), not 0·(−inf) = NaN.
            n.Needs[1] ? (g * PowExponentFactor(n.Inputs[0], n.Output!)).SumTo(n.Inputs[1]._shape) : null,
        ],
        BinaryOp.Max or BinaryOp.Min => static (n, g) =>
        {
            // The mask marks where the first input was chosen (ties go to the first input).
            var first = Compare(n.Inputs[0], n.Output!, CompareOp.Equal);
            return
            [
                n.Needs[0] ? (g * first).SumTo(n.Inputs[0]._shape) : null,
                n.Needs[1] ? (g * first.RSub(1.0)).SumTo(n.Inputs[1]._shape) : null,
            ];
        },
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static Tensor PowExponentFactor(Tensor x, Tensor output)
    {
        var zero = Zeros([], x.DType);
        var atZero = Compare(x, zero, CompareOp.Equal);
        return Where(atZero, zero, output * x.Log());
    }

    private static Tensor ScalarOp(BinaryOp op, Tensor a, double value, bool right)
    {
        ArgumentNullException.ThrowIfNull(a);
        var ad = a.Dense();
        var result = UninitializedShared(a._shape, a.DType);
        if (a.DType == DType.Float32)
        {
            if (right)
            {
                ElementwiseKernels.BinaryScalarRight(op, ad.Span<float>(), (float)value, result.Span<float>());
            }
            else
            {
                ElementwiseKernels.BinaryScalarLeft(op, (float)value, ad.Span<float>(), result.Span<float>());
            }
        }
        else if (right)
        {
            ElementwiseKernels.BinaryScalarRight(op, ad.Span<double>(), value, result.Span<double>());
        }
        else
        {
            ElementwiseKernels.BinaryScalarLeft(op, value, ad.Span<double>(), result.Span<double>());
        }

        if (GradMode.ShouldRecord(a))
        {
            var name = right ? ScalarNames[(int)op] : ReversedScalarNames[(int)op];
            var node = GradMode.Attach(result, name, [a], ScalarRule(op, right));
            node.S0 = value;
        }

        return result;
    }

    private static BackwardRule ScalarRule(BinaryOp op, bool right) => (op, right) switch
    {
        (BinaryOp.Add, _) => static (n, g) => [g],
        (BinaryOp.Sub, false) => static (n, g) => [g.Neg()],
        (BinaryOp.Mul, _) => static (n, g) => [g * n.S0],
        (BinaryOp.Div, false) => static (n, g) => [g * n.Output! / n.Inputs[0].Neg()],
        (BinaryOp.Pow, true) => static (n, g) => [n.S0 switch
        {
            // x^0 is constant: a zero gradient, not 0·x^−1 (NaN at x = 0).
            0 => ZerosLike(g),
            1 => g,
            2 => g * n.Inputs[0] * 2.0,
            _ => g * n.Inputs[0].Pow(n.S0 - 1) * n.S0,
        }],
        (BinaryOp.Max or BinaryOp.Min, true) => static (n, g) => [g * Compare(n.Inputs[0], n.Output!, CompareOp.Equal)],
        _ => throw new NotSupportedException($"no scalar rule for {op} (right={right})"),
    };
}
