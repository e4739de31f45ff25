using FsCheck;
using FsCheck.Fluent;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>Broadcasting and reductions against plain-loop oracles, over FsCheck-generated shapes.</summary>
public class BroadcastPropertyTests
{
    public sealed record ShapePair(int[] A, int[] B, int Seed)
    {
        public override string ToString() => $"A=[{string.Join(",", A)}] B=[{string.Join(",", B)}] seed={Seed}";
    }

    public sealed record Reduction(int[] Shape, int Axis, int[] Axes, bool KeepDim, int Seed)
    {
        public override string ToString() => $"shape=[{string.Join(",", Shape)}] axis={Axis} axes=[{string.Join(",", Axes)}] keepDim={KeepDim} seed={Seed}";
    }

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(60);

    /// <summary>Two broadcast-compatible shapes of rank 0–4 with dimensions 1–4 (some set to 1 on either side).</summary>
    private static Arbitrary<ShapePair> Pairs()
    {
        var gen =
            from ra in Gen.Choose(0, 4)
            from rb in Gen.Choose(0, 4)
            from dims in Gen.ArrayOf(Gen.Choose(1, 4), 4)
            from ma in Gen.Choose(0, 15)
            from mb in Gen.Choose(0, 15)
            from seed in Gen.Choose(0, 10000)
            select new ShapePair(Cut(dims, ra, ma), Cut(dims, rb, mb), seed);
        return gen.ToArbitrary();
    }

    private static int[] Cut(int[] dims, int rank, int onesMask)
    {
        var s = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var d = 4 - rank + i;
            s[i] = (onesMask & (1 << d)) != 0 ? 1 : dims[d];
        }

        return s;
    }

    private static Arbitrary<Reduction> Reductions()
    {
        var gen =
            from rank in Gen.Choose(0, 4)
            from dims in Gen.ArrayOf(Gen.Choose(1, 4), 4)
            from axisPick in Gen.Choose(0, 1000)
            from axesMask in Gen.Choose(0, 15)
            from keep in Gen.Elements(true, false)
            from seed in Gen.Choose(0, 10000)
            select MakeReduction(dims, rank, axisPick, axesMask, keep, seed);
        return gen.ToArbitrary();
    }

    private static Reduction MakeReduction(int[] dims, int rank, int axisPick, int axesMask, bool keep, int seed)
    {
        var shape = dims[..rank];
        // An axis in [-rank, rank) (a scalar accepts 0 and -1).
        var span = Math.Max(rank, 1) * 2;
        var axis = (axisPick % span) - Math.Max(rank, 1);
        var axes = new List<int>();
        for (var i = 0; i < rank; i++)
        {
            if ((axesMask & (1 << i)) != 0)
            {
                axes.Add(i);
            }
        }

        return new Reduction(shape, axis, [.. axes], keep, seed);
    }

    private static int[] BroadcastShape(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            r[i] = Math.Max(da, db);
        }

        return r;
    }

    private static int Count(int[] shape)
    {
        var n = 1;
        foreach (var d in shape)
        {
            n *= d;
        }

        return n;
    }

    private static int[] Unflatten(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }

        return idx;
    }

    /// <summary>Row-major position in <paramref name="shape"/> of the element broadcast to output index <paramref name="outIdx"/>.</summary>
    private static int Source(int[] outIdx, int[] shape)
    {
        var lead = outIdx.Length - shape.Length;
        var pos = 0;
        for (var i = 0; i < shape.Length; i++)
        {
            pos = (pos * shape[i]) + (shape[i] == 1 ? 0 : outIdx[lead + i]);
        }

        return pos;
    }

    private static readonly (string Name, Func<Tensor, Tensor, Tensor> Op, Func<double, double, double> Oracle, bool PositiveA)[] BinaryOps =
    [
        ("add", (a, b) => a + b, (x, y) => x + y, false),
        ("sub", (a, b) => a - b, (x, y) => x - y, false),
        ("mul", (a, b) => a * b, (x, y) => x * y, false),
        ("div", (a, b) => a / b, (x, y) => x / y, false),
        ("pow", (a, b) => a.Pow(b), Math.Pow, true),
        ("maximum", (a, b) => a.Maximum(b), Math.Max, false),
        ("minimum", (a, b) => a.Minimum(b), Math.Min, false),
        ("compare_greater", (a, b) => Tensor.Compare(a, b, CompareOp.Greater), (x, y) => x > y ? 1 : 0, false),
        ("where", (a, b) => Tensor.Where(Tensor.Compare(a, Tensor.Scalar(0, DType.Float64), CompareOp.Greater), a, b), (x, y) => x > 0 ? x : y, false),
    ];

    [Fact]
    public void Every_binary_op_broadcasts_like_the_loop_oracle()
    {
        Check.One(Quick, Prop.ForAll(Pairs(), p =>
        {
            foreach (var (name, op, oracle, positiveA) in BinaryOps)
            {
                var a = positiveA ? D.Pos(p.Seed, p.A) : D.Away(p.Seed, p.A);
                var b = D.Away(p.Seed + 1, p.B);
                var y = op(a, b);
                var shape = BroadcastShape(p.A, p.B);
                y.ShapeArray().Should().Equal(shape, $"{name} {p}");
                var av = a.ToDoubleArray();
                var bv = b.ToDoubleArray();
                var expected = new double[Count(shape)];
                for (var i = 0; i < expected.Length; i++)
                {
                    var idx = Unflatten(i, shape);
                    expected[i] = oracle(av[Source(idx, p.A)], bv[Source(idx, p.B)]);
                }

                D.Close(y.ToDoubleArray(), expected, 1e-13, $"{name} {p}");
            }
        }));
    }

    [Fact]
    public void Broadcast_gradients_sum_back_like_the_loop_oracle()
    {
        Check.One(Quick, Prop.ForAll(Pairs(), p =>
        {
            var a = D.R(p.Seed, p.A).RequireGrad();
            var b = D.R(p.Seed + 1, p.B).RequireGrad();
            var shape = BroadcastShape(p.A, p.B);
            var w = D.R(p.Seed + 2, shape);
            var grads = Autograd.Grad([(w * (a * b)).Sum()], [a, b]);
            var (av, bv, wv) = (a.ToDoubleArray(), b.ToDoubleArray(), w.ToDoubleArray());
            var ga = new double[av.Length];
            var gb = new double[bv.Length];
            for (var i = 0; i < wv.Length; i++)
            {
                var idx = Unflatten(i, shape);
                var (ia, ib) = (Source(idx, p.A), Source(idx, p.B));
                ga[ia] += wv[i] * bv[ib];
                gb[ib] += wv[i] * av[ia];
            }

            grads[0].ShapeArray().Should().Equal(p.A);
            grads[1].ShapeArray().Should().Equal(p.B);
            D.Close(grads[0].ToDoubleArray(), ga, 1e-12, $"d/da {p}");
            D.Close(grads[1].ToDoubleArray(), gb, 1e-12, $"d/db {p}");
        }));
    }

    [Fact]
    public void Sum_mean_max_over_an_axis_match_the_loop_oracle()
    {
        Check.One(Quick, Prop.ForAll(Reductions(), r =>
        {
            var x = D.R(r.Seed, r.Shape);
            var xv = x.ToDoubleArray();
            var rank = r.Shape.Length;
            var ax = rank == 0 ? -1 : (r.Axis + rank) % rank;
            var keptShape = (int[])r.Shape.Clone();
            if (ax >= 0)
            {
                keptShape[ax] = 1;
            }

            var sum = new double[Count(keptShape)];
            var max = Enumerable.Repeat(double.NegativeInfinity, sum.Length).ToArray();
            for (var i = 0; i < xv.Length; i++)
            {
                var idx = Unflatten(i, r.Shape);
                if (ax >= 0)
                {
                    idx[ax] = 0;
                }

                var o = Source(idx, keptShape);
                sum[o] += xv[i];
                max[o] = Math.Max(max[o], xv[i]);
            }

            var n = ax >= 0 ? r.Shape[ax] : 1;
            var mean = sum.Select(s => s / n).ToArray();
            var expectedShape = r.KeepDim || ax < 0 ? keptShape : r.Shape.Where((_, i) => i != ax).ToArray();
            foreach (var (name, y, expected) in new[] { ("sum", x.Sum(r.Axis, r.KeepDim), sum), ("mean", x.Mean(r.Axis, r.KeepDim), mean), ("max", x.Max(r.Axis, r.KeepDim), max) })
            {
                y.ShapeArray().Should().Equal(expectedShape, $"{name} {r}");
                D.Close(y.ToDoubleArray(), expected, 1e-13, $"{name} {r}");
            }
        }));
    }

    [Fact]
    public void Sum_over_several_axes_and_whole_reductions_match_the_loop_oracle()
    {
        Check.One(Quick, Prop.ForAll(Reductions(), r =>
        {
            var x = D.R(r.Seed, r.Shape);
            var xv = x.ToDoubleArray();
            var keptShape = (int[])r.Shape.Clone();
            foreach (var a in r.Axes)
            {
                keptShape[a] = 1;
            }

            var sum = new double[Count(keptShape)];
            for (var i = 0; i < xv.Length; i++)
            {
                var idx = Unflatten(i, r.Shape);
                foreach (var a in r.Axes)
                {
                    idx[a] = 0;
                }

                sum[Source(idx, keptShape)] += xv[i];
            }

            var y = x.Sum(r.Axes, r.KeepDim);
            var expectedShape = r.KeepDim ? keptShape : r.Shape.Where((_, i) => !r.Axes.Contains(i)).ToArray();
            y.ShapeArray().Should().Equal(expectedShape, r.ToString());
            D.Close(y.ToDoubleArray(), sum, 1e-13, r.ToString());
            D.Close([x.Sum().Item(), x.Mean().Item(), x.Max().Item()], [xv.Sum(), xv.Average(), xv.Max()], 1e-13, "whole " + r);
        }));
    }
}
