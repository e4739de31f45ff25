using NeuralHjb.Autodiff;
using static NeuralHjb.Tensors.Tests.Ops.D;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>
/// The fused ops of the performance work (linear + bias + activation, and the one-pass activation
/// backward) against the composite ops they replace and against finite differences, to first, second
/// and third order (the PINN path differentiates the backward pass twice).
/// </summary>
public class FusedOpTests
{
    public static TheoryData<int, bool, int> Cases()
    {
        var data = new TheoryData<int, bool, int>();
        foreach (var act in new[] { FusedActivation.Identity, FusedActivation.Tanh, FusedActivation.Relu, FusedActivation.Sigmoid })
        {
            data.Add((int)act, true, 2);
            data.Add((int)act, false, 2);
            data.Add((int)act, true, 3);
        }

        data.Add((int)FusedActivation.Tanh, true, 1);
        return data;
    }

    private static Tensor Composite(Tensor x, Tensor w, Tensor? b, FusedActivation act)
    {
        var z = x.MatMul(w.T);
        if (b is not null)
        {
            z += b;
        }

        return act switch
        {
            FusedActivation.Tanh => z.Tanh(),
            FusedActivation.Relu => z.Relu(),
            FusedActivation.Sigmoid => z.Sigmoid(),
            _ => z,
        };
    }

    private static Tensor Input(int seed, int rank, FusedActivation act)
    {
        int[] shape = rank switch { 1 => [5], 2 => [6, 5], _ => [2, 3, 5] };
        // Relu is checked away from its kink; the others anywhere in [-1, 1).
        return act == FusedActivation.Relu ? Away(seed, shape) : R(seed, shape);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Linear_fused_matches_the_composite_ops_in_value_and_gradients(int a, bool bias, int rank)
    {
        var act = (FusedActivation)a;
        var x = Input(1, rank, act);
        var w = R(2, 4, 5);
        var b = bias ? R(3, 4) : null;
        var weights = Pos(4, [.. x.Shape[..^1], 4]);
        Tensor[] Grads(Func<Tensor, Tensor, Tensor?, Tensor> f, out Tensor y)
        {
            var xs = x.Clone().RequireGrad();
            var ws = w.Clone().RequireGrad();
            var bs = b?.Clone().RequireGrad();
            y = f(xs, ws, bs);
            return Autograd.Grad([(y * weights).Sum()], bs is null ? [xs, ws] : [xs, ws, bs]);
        }

        var fused = Grads((p, q, r) => Tensor.LinearFused(p, q, r, act), out var yf);
        var composite = Grads((p, q, r) => Composite(p, q, r, act), out var yc);
        yf.ShapeArray().Should().Equal(yc.ShapeArray());
        yf.GradFnName.Should().Be("linear");
        Close(yf.ToDoubleArray(), yc.ToDoubleArray(), 1e-14, "value");
        for (var i = 0; i < fused.Length; i++)
        {
            Close(fused[i].ToDoubleArray(), composite[i].ToDoubleArray(), 1e-13, $"gradient {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Linear_fused_passes_first_and_second_order_gradient_checks(int a, bool bias, int rank)
    {
        var act = (FusedActivation)a;
        Tensor[] inputs = bias ? [Input(5, rank, act), R(6, 4, 5), R(7, 4)] : [Input(5, rank, act), R(6, 4, 5)];
        Ok(GradCheck.Check(p => Tensor.LinearFused(p[0], p[1], bias ? p[2] : null, act), inputs), $"first order {(FusedActivation)a}");
        if (act == FusedActivation.Relu)
        {
            return; // relu'' is zero almost everywhere; the Compare mask has no gradient to check.
        }

        Ok(GradCheck.Check(
            p =>
            {
                var y = Tensor.LinearFused(p[0], p[1], bias ? p[2] : null, act);
                return Flat(Autograd.Grad([(y * Pos(8, y.ShapeArray())).Sum()], p, createGraph: true));
            },
            inputs), $"second order {act}");
    }

    [Fact]
    public void A_tanh_mlp_has_correct_third_derivatives_in_its_input()
    {
        // The W2 pattern: V_xx from two createGraph passes, then its gradient with respect to the weights.
        var w1 = R(11, 6, 2);
        var b1 = R(12, 6);
        var w2 = R(13, 1, 6);
        Ok(GradCheck.Check(
            p =>
            {
                var x = p[0];
                var v = Tensor.LinearFused(Tensor.LinearFused(x, p[1], b1, FusedActivation.Tanh), w2, null, FusedActivation.Identity);
                var g = Autograd.Grad(v.Sum(), x, createGraph: true);
                var vxx = Autograd.Grad(g.Slice(1, 1, 1).Sum(), x, createGraph: true);
                return vxx;
            },
            [R(14, 3, 2), w1]), "third order");
    }

    [Fact]
    public void Tanh_backward_matches_the_composite_rule_to_second_order()
    {
        var g = R(21, 3, 4);
        var y = R(22, 3, 4).Tanh();
        Close(Tensor.TanhBackward(g, y).ToDoubleArray(), (g * y.Square().RSub(1.0)).ToDoubleArray(), 1e-15, "value");
        Ok(GradCheck.Check(p => Tensor.TanhBackward(p[0], p[1]), [g, y]), "first order");
        Ok(GradCheck.Check(
            p => Flat(Autograd.Grad([(Tensor.TanhBackward(p[0], p[1]) * Pos(23, 3, 4)).Square().Sum()], p, createGraph: true)),
            [g, y]), "second order");
    }

    [Fact]
    public void Fused_activation_gradients_keep_nan_gradients_as_the_composite_rules_do()
    {
        var g = Tensor.FromArray([double.NaN, 1.0, double.NaN], [3]);
        var y = Tensor.FromArray([-0.5, 0.5, 0.5], [3]);
        var relu = Tensor.PointwiseGrad(g, y, FusedActivation.Relu).ToDoubleArray();
        double.IsNaN(relu[0]).Should().BeTrue("NaN·0 is NaN, as in g * mask");
        relu[1].Should().Be(1.0);
        double.IsNaN(Tensor.PointwiseGrad(g, y, FusedActivation.Tanh).ToDoubleArray()[2]).Should().BeTrue();
    }

    [Fact]
    public void Linear_fused_in_float32_agrees_with_float64()
    {
        var x = R(31, 64, 7);
        var w = R(32, 9, 7);
        var b = R(33, 9);
        var y64 = Tensor.LinearFused(x, w, b, FusedActivation.Tanh).ToDoubleArray();
        var y32 = Tensor.LinearFused(x.To(DType.Float32), w.To(DType.Float32), b.To(DType.Float32), FusedActivation.Tanh).ToDoubleArray();
        Close(y32, y64, 1e-5, "float32");
    }

    private static Tensor GroupNormComposite(Tensor x, int groups, Tensor? w, Tensor? b, double eps)
    {
        var n = x.Shape[0];
        var grouped = x.Reshape([n, groups, -1]);
        var m = grouped.Shape[2];
        var centered = grouped - (grouped.Sum(2, keepDim: true) / m);
        var variance = centered.Square().Sum(2, keepDim: true) / m;
        var y = (centered / (variance + eps).Sqrt()).Reshape(x.Shape);
        if (w is null)
        {
            return y;
        }

        int[] channel = x.Rank == 3 ? [x.Shape[1], 1] : [x.Shape[1]];
        return (y * w.Reshape(channel)) + b!.Reshape(channel);
    }

    public static TheoryData<int, bool> GroupNormCases() => new() { { 3, true }, { 3, false }, { 2, true } };

    [Theory]
    [MemberData(nameof(GroupNormCases))]
    public void Group_norm_fused_equals_the_composite_ops_bitwise_and_in_gradients(int rank, bool affine)
    {
        int[] shape = rank == 3 ? [3, 6, 5] : [4, 6];
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = R(41, shape).To(dtype);
            var w = affine ? Pos(42, 6).To(dtype) : null;
            var b = affine ? R(43, 6).To(dtype) : null;
            var fused = Tensor.GroupNormFused(x, 3, w, b, 1e-5).ToDoubleArray();
            var composite = GroupNormComposite(x, 3, w, b, 1e-5).ToDoubleArray();
            fused.Should().Equal(composite, $"{dtype}: the fused forward performs the composite's operations in order");
        }

        var weights = Pos(44, shape);
        Tensor[] Grads(bool useFused)
        {
            var xs = R(41, shape).RequireGrad();
            var ws = affine ? Pos(42, 6).RequireGrad() : null;
            var bs = affine ? R(43, 6).RequireGrad() : null;
            var y = useFused ? Tensor.GroupNormFused(xs, 3, ws, bs, 1e-5) : GroupNormComposite(xs, 3, ws, bs, 1e-5);
            return Autograd.Grad([(y * weights).Sum()], affine ? [xs, ws!, bs!] : [xs]);
        }

        var gf = Grads(true);
        var gc = Grads(false);
        for (var i = 0; i < gf.Length; i++)
        {
            Close(gf[i].ToDoubleArray(), gc[i].ToDoubleArray(), 1e-12, $"gradient {i}");
        }
    }

    [Theory]
    [MemberData(nameof(GroupNormCases))]
    public void Group_norm_fused_passes_first_and_second_order_gradient_checks(int rank, bool affine)
    {
        int[] shape = rank == 3 ? [2, 4, 3] : [3, 4];
        Tensor[] inputs = affine ? [R(51, shape), Pos(52, 4), R(53, 4)] : [R(51, shape)];
        Tensor F(Tensor[] p) => Tensor.GroupNormFused(p[0], 2, affine ? p[1] : null, affine ? p[2] : null, 1e-5);
        Ok(GradCheck.Check(F, inputs, relativeTolerance: 1e-5, absoluteTolerance: 1e-8), "first order");
        Ok(GradCheck.Check(
            p =>
            {
                var y = F(p);
                return Flat(Autograd.Grad([(y * Pos(54, shape)).Square().Sum()], p, createGraph: true));
            },
            inputs,
            relativeTolerance: 1e-5,
            absoluteTolerance: 1e-8), "second order");
    }

    private static Tensor AttentionComposite(Tensor qkv, int heads)
    {
        var b = qkv.Shape[0];
        var l = qkv.Shape[1];
        var e = qkv.Shape[2] / 3;
        var dh = e / heads;
        Tensor Part(int part) => qkv.Slice(2, part * e, e).Reshape([b, l, heads, dh]).Permute([0, 2, 1, 3]);
        var p = (Part(0) * (1.0 / Math.Sqrt(dh))).MatMul(Part(1).Transpose(-2, -1)).Softmax(-1);
        return p.MatMul(Part(2)).Permute([0, 2, 1, 3]).Reshape([b, l, e]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Self_attention_fused_matches_the_composite_ops_in_value_and_gradient(bool parallel)
    {
        var saved = EngineSettings.ParallelThreshold;
        EngineSettings.ParallelThreshold = parallel ? 0 : saved;
        try
        {
            var qkv = R(61, 3, 5, 12);
            var weights = Pos(62, 3, 5, 4);
            var xf = qkv.Clone().RequireGrad();
            var xc = qkv.Clone().RequireGrad();
            var yf = Tensor.SelfAttentionFused(xf, 2, 1.0 / Math.Sqrt(2));
            var yc = AttentionComposite(xc, 2);
            Close(yf.ToDoubleArray(), yc.ToDoubleArray(), 1e-13, "value");
            var gf = Autograd.Grad((yf * weights).Sum(), xf);
            var gc = Autograd.Grad((yc * weights).Sum(), xc);
            Close(gf.ToDoubleArray(), gc.ToDoubleArray(), 1e-13, "gradient");
            var y32 = Tensor.SelfAttentionFused(qkv.To(DType.Float32), 2, 1.0 / Math.Sqrt(2)).ToDoubleArray();
            Close(y32, yc.ToDoubleArray(), 1e-5, "float32");
        }
        finally
        {
            EngineSettings.ParallelThreshold = saved;
        }
    }

    [Fact]
    public void Self_attention_fused_passes_first_and_second_order_gradient_checks()
    {
        var qkv = R(63, 2, 3, 6);
        Ok(GradCheck.Check(p => Tensor.SelfAttentionFused(p[0], 2, 0.7), [qkv]), "first order");
        Ok(GradCheck.Check(
            p => Autograd.Grad((Tensor.SelfAttentionFused(p[0], 2, 0.7) * Pos(64, 2, 3, 2)).Square().Sum(), p[0], createGraph: true),
            [qkv]), "second order");
    }

    private static Tensor BatchNormComposite(Tensor x, Tensor? w, Tensor? b, double eps)
    {
        int[] axes = x.Rank == 2 ? [0] : [0, 2];
        var n = x.Rank == 2 ? x.Shape[0] : x.Shape[0] * x.Shape[2];
        int[] channel = x.Rank == 2 ? [x.Shape[1]] : [x.Shape[1], 1];
        var mean = x.Sum(axes, keepDim: true) / n;
        var centered = x - mean;
        var variance = centered.Square().Sum(axes, keepDim: true) / n;
        var y = centered / (variance + eps).Sqrt();
        return w is null ? y : (y * w.Reshape(channel)) + b!.Reshape(channel);
    }

    [Theory]
    [MemberData(nameof(GroupNormCases))]
    public void Batch_norm_fused_equals_the_composite_ops_bitwise_and_in_gradients(int rank, bool affine)
    {
        int[] shape = rank == 3 ? [4, 6, 5] : [7, 6];
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = R(71, shape).To(dtype);
            var w = affine ? Pos(72, 6).To(dtype) : null;
            var b = affine ? R(73, 6).To(dtype) : null;
            var fused = Tensor.BatchNormFused(x, w, b, 1e-5, out var mean, out var variance).ToDoubleArray();
            fused.Should().Equal(BatchNormComposite(x, w, b, 1e-5).ToDoubleArray(), $"{dtype}: same operations in the same order");
            int[] axes = rank == 2 ? [0] : [0, 2];
            mean.ToDoubleArray().Should().Equal((x.Sum(axes) / (rank == 2 ? 7 : 20)).ToDoubleArray());
            variance.Shape.ToArray().Should().Equal([6]);
        }

        var weights = Pos(74, shape);
        Tensor[] Grads(bool useFused)
        {
            var xs = R(71, shape).RequireGrad();
            var ws = affine ? Pos(72, 6).RequireGrad() : null;
            var bs = affine ? R(73, 6).RequireGrad() : null;
            var y = useFused ? Tensor.BatchNormFused(xs, ws, bs, 1e-5, out _, out _) : BatchNormComposite(xs, ws, bs, 1e-5);
            return Autograd.Grad([(y * weights).Sum()], affine ? [xs, ws!, bs!] : [xs]);
        }

        var gf = Grads(true);
        var gc = Grads(false);
        for (var i = 0; i < gf.Length; i++)
        {
            Close(gf[i].ToDoubleArray(), gc[i].ToDoubleArray(), 1e-12, $"gradient {i}");
        }
    }

    /// <summary>
    /// [N, C] inputs take the row kernels (channel blocks carried down the rows); the same data as [N, C, 1]
    /// takes the general kernels. Outputs, statistics and gradients must agree bit for bit, for widths with
    /// and without a partial vector, with and without an input gradient.
    /// </summary>
    [Theory]
    [InlineData(64, 110, true)]
    [InlineData(64, 100, false)]
    [InlineData(9, 37, true)]
    [InlineData(5, 3, true)]
    public void Batch_norm_row_kernels_equal_the_general_kernels_bitwise(int n, int c, bool affine)
    {
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            foreach (var inputGrad in affine ? new[] { true, false } : new[] { true })
            {
                var rows = Run(true, dtype, inputGrad);
                var general = Run(false, dtype, inputGrad);
                for (var i = 0; i < rows.Length; i++)
                {
                    rows[i].Should().Equal(general[i], $"{dtype}, {n}x{c}, result {i}, input gradient {inputGrad}");
                }
            }
        }

        double[][] Run(bool asRows, DType dtype, bool inputGrad)
        {
            var x = R(95, n, c).To(dtype);
            x = inputGrad ? x.RequireGrad() : x;
            var w = affine ? Pos(97, c).To(dtype).RequireGrad() : null;
            var b = affine ? R(98, c).To(dtype).RequireGrad() : null;
            var y = Tensor.BatchNormFused(asRows ? x : x.Reshape([n, c, 1]), w, b, 1e-6, out var mean, out var variance).Reshape([n, c]);
            Tensor[] wrt = affine ? (inputGrad ? [x, w!, b!] : [w!, b!]) : [x];
            var grads = Autograd.Grad([(y * R(96, n, c).To(dtype)).Sum()], wrt);
            return [y.ToDoubleArray(), mean.ToDoubleArray(), variance.ToDoubleArray(), .. grads.Select(t => t.ToDoubleArray())];
        }
    }

    [Theory]
    [MemberData(nameof(GroupNormCases))]
    public void Batch_norm_fused_passes_first_and_second_order_gradient_checks(int rank, bool affine)
    {
        int[] shape = rank == 3 ? [3, 2, 2] : [4, 3];
        var c = shape[1];
        Tensor[] inputs = affine ? [R(81, shape), Pos(82, c), R(83, c)] : [R(81, shape)];
        Tensor F(Tensor[] p) => Tensor.BatchNormFused(p[0], affine ? p[1] : null, affine ? p[2] : null, 1e-5, out _, out _);
        Ok(GradCheck.Check(F, inputs, relativeTolerance: 1e-5, absoluteTolerance: 1e-8), "first order");
        Ok(GradCheck.Check(
            p => Flat(Autograd.Grad([(F(p) * Pos(84, shape)).Square().Sum()], p, createGraph: true)),
            inputs,
            relativeTolerance: 1e-5,
            absoluteTolerance: 1e-8), "second order");
    }
}
