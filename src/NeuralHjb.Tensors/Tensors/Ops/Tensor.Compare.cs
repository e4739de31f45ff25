using System.Numerics;

namespace NeuralHjb.Tensors;

/// <summary>Elementwise comparisons producing 0/1 masks.</summary>
public enum CompareOp
{
    /// <summary>a == b.</summary>
    Equal,

    /// <summary>a &gt; b.</summary>
    Greater,

    /// <summary>a &gt;= b.</summary>
    GreaterEqual,

    /// <summary>a &lt; b.</summary>
    Less,

    /// <summary>a &lt;= b.</summary>
    LessEqual,
}

public sealed partial class Tensor
{
    /// <summary>
    /// A 0/1 mask of the comparison (broadcasting, same dtype as the inputs). Masks are constants:
    /// they are never part of the graph. Comparisons with NaN are false.
    /// </summary>
    public static Tensor Compare(Tensor a, Tensor b, CompareOp op)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        CheckSameDType(a, b, "compare", nameof(b));
        return a.DType == DType.Float32 ? CompareCore<float>(a, b, op) : CompareCore<double>(a, b, op);
    }

    private static Tensor CompareCore<T>(Tensor a, Tensor b, CompareOp op)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = ShapeMath.SameShape(a._shape, b._shape) ? a._shape : ShapeMath.Broadcast(a._shape, b._shape, "compare", nameof(b));
        var result = Uninitialized(shape, a.DType);
        var d = result.Span<T>();
        var ad = a.Dense();
        var bd = b.Dense();
        ReadOnlySpan<T> x = ad.Count == d.Length ? ad.Span<T>() : Expanded<T>(ad, shape);
        ReadOnlySpan<T> y = bd.Count == d.Length ? bd.Span<T>() : Expanded<T>(bd, shape);
        for (var i = 0; i < d.Length; i++)
        {
            var r = op switch
            {
                CompareOp.Equal => x[i] == y[i],
                CompareOp.Greater => x[i] > y[i],
                CompareOp.GreaterEqual => x[i] >= y[i],
                CompareOp.Less => x[i] < y[i],
                _ => x[i] <= y[i],
            };
            d[i] = r ? T.One : T.Zero;
        }

        return result;
    }

    /// <summary>
    /// Chooses <paramref name="whenTrue"/> where <paramref name="condition"/> is non-zero and
    /// <paramref name="whenFalse"/> elsewhere (broadcasting all three). Unlike arithmetic blending, a
    /// NaN or infinity in the branch not taken does not leak into the result or its gradient.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor whenTrue, Tensor whenFalse)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(whenTrue);
        ArgumentNullException.ThrowIfNull(whenFalse);
        CheckSameDType(whenTrue, whenFalse, "where", nameof(whenFalse));
        CheckSameDType(condition, whenTrue, "where (condition)", nameof(condition));
        var shape = ShapeMath.Broadcast(ShapeMath.Broadcast(condition._shape, whenTrue._shape, "where", nameof(whenTrue)), whenFalse._shape, "where", nameof(whenFalse));
        var result = whenTrue.DType == DType.Float32
            ? WhereCore<float>(condition, whenTrue, whenFalse, shape)
            : WhereCore<double>(condition, whenTrue, whenFalse, shape);
        if (Autodiff.GradMode.ShouldRecord(whenTrue, whenFalse))
        {
            var node = Autodiff.GradMode.Attach(result, "where", [whenTrue, whenFalse], static (n, g) =>
            {
                var c = (Tensor)n.Saved!;
                var zero = Zeros([], g.DType);
                return
                [
                    n.Needs[0] ? Where(c, g, zero).SumTo(n.Inputs[0]._shape) : null,
                    n.Needs[1] ? Where(c, zero, g).SumTo(n.Inputs[1]._shape) : null,
                ];
            });
            node.Saved = condition.Detach();
        }

        return result;
    }

    private static Tensor WhereCore<T>(Tensor c, Tensor a, Tensor b, int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = Uninitialized(shape, a.DType);
        var d = result.Span<T>();
        ReadOnlySpan<T> cs = c.Dense() is var cd && cd.Count == d.Length ? cd.Span<T>() : Expanded<T>(cd, shape);
        ReadOnlySpan<T> x = a.Dense() is var ad && ad.Count == d.Length ? ad.Span<T>() : Expanded<T>(ad, shape);
        ReadOnlySpan<T> y = b.Dense() is var bd && bd.Count == d.Length ? bd.Span<T>() : Expanded<T>(bd, shape);
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = cs[i] != T.Zero ? x[i] : y[i];
        }

        return result;
    }
}
