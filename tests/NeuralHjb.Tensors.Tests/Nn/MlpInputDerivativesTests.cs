using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using static NeuralHjb.Tensors.Tests.Nn.NnTestUtil;

namespace NeuralHjb.Tensors.Tests.Nn;

/// <summary>
/// <see cref="Mlp.ForwardWithInputDerivatives"/> (forward-mode input derivatives) against the double-backward path
/// it replaces (Autograd.Grad of Forward, twice) and against finite differences for its parameter gradients.
/// </summary>
public class MlpInputDerivativesTests
{
    private static readonly DType F64 = DType.Float64;

    public static TheoryData<string, int[], int[], int[], bool> Nets()
    {
        // name (activations, one per layer, separated by '-'), widths, gradient columns, second-diagonal columns, normalisation
        return new TheoryData<string, int[], int[], int[], bool>
        {
            { "tanh-tanh-tanh-identity", [2, 16, 16, 16, 1], [0, 1], [1], false },
            { "tanh", [3, 1], [0, 1, 2], [0, 1, 2], false },
            { "identity", [3, 1], [2], [1], false },
            { "softplus-softplus-identity", [4, 8, 8, 1], [3, 1], [0, 2], true },
            { "sigmoid-sigmoid-sigmoid", [3, 7, 5, 1], [], [2], false },
            { "silu-silu-identity", [3, 6, 6, 1], [1], [], true },
            { "relu-relu-identity", [2, 9, 9, 1], [0, 1], [0, 1], false },
            { "tanh-silu-softplus-sigmoid", [5, 12, 6, 4, 1], [4, 0, 2], [2, 3], true },
        };
    }

    [Theory]
    [MemberData(nameof(Nets))]
    public void Derivatives_equal_those_of_the_double_backward_path(string acts, int[] widths, int[] gradientColumns, int[] secondColumns, bool normalise)
    {
        var net = Net(acts, widths, normalise, seed: 11);
        var x = R(5, 9, widths[0]);
        var d = net.ForwardWithInputDerivatives(x, gradientColumns, secondColumns);
        var (value, gradient, second) = DoubleBackward(net, x);

        Near(d.Value, value, "value");
        d.Gradient.ShapeArray().Should().Equal([9, gradientColumns.Length]);
        d.SecondDiagonal.ShapeArray().Should().Equal([9, secondColumns.Length]);
        for (var k = 0; k < gradientColumns.Length; k++)
        {
            Near(d.Gradient.Slice(1, k, 1), gradient.Slice(1, gradientColumns[k], 1), $"dV/dx{gradientColumns[k]}");
        }

        for (var k = 0; k < secondColumns.Length; k++)
        {
            Near(d.SecondDiagonal.Slice(1, k, 1), second.Slice(1, secondColumns[k], 1), $"d2V/dx{secondColumns[k]}^2");
        }
    }

    [Theory]
    [InlineData("tanh-tanh-tanh-identity")]
    [InlineData("softplus-silu-identity")]
    [InlineData("sigmoid-tanh-sigmoid")]
    public void Parameter_gradients_of_a_pinn_loss_equal_those_of_the_double_backward_path(string acts)
    {
        // The W2 residual V_t − ½(0.1·V_x)²/(V_xx − 1), mean square, differentiated to every parameter both ways.
        var widths = acts.Split('-').Length == 4 ? new[] { 2, 10, 8, 6, 1 } : [2, 10, 8, 1];
        var net = Net(acts, widths, normalise: true, seed: 21);
        var x = R(6, 17, 2);
        static Tensor Loss(Tensor vt, Tensor vx, Tensor vxx) => (vt - (0.5 * (0.1 * vx).Square() / (vxx - 1.0))).Square().Mean();
        var p = net.Parameters().ToArray();

        var d = net.ForwardWithInputDerivatives(x, [0, 1], [1]);
        var taylor = Autograd.Grad([Loss(d.Gradient.Slice(1, 0, 1), d.Gradient.Slice(1, 1, 1), d.SecondDiagonal)], p, allowUnused: true);

        var (_, g, h) = DoubleBackward(net, x);
        var reference = Autograd.Grad([Loss(g.Slice(1, 0, 1), g.Slice(1, 1, 1), h.Slice(1, 1, 1))], p, allowUnused: true);
        for (var i = 0; i < p.Length; i++)
        {
            Near(taylor[i], reference[i], $"parameter {i}");
        }
    }

    [Theory]
    [InlineData("tanh-tanh-identity", false)]
    [InlineData("softplus-sigmoid-identity", true)]
    [InlineData("silu-tanh-tanh", true)]
    [InlineData("tanh", false)]
    public void Gradients_of_the_outputs_pass_gradcheck_in_parameters_and_input(string acts, bool normalise)
    {
        var widths = acts.Split('-').Length switch { 1 => new[] { 3, 1 }, _ => [3, 5, 4, 1] };
        var net = Net(acts, widths, normalise, seed: 31);
        Ok(CheckModule(net, xs => Outputs(net.ForwardWithInputDerivatives(xs[0], [0, 2], [2, 1])), [R(7, 4, 3)], rtol: 1e-6, atol: 1e-9));
    }

    [Theory]
    [InlineData("tanh-tanh-identity")]
    [InlineData("silu-softplus-sigmoid")]
    public void Gradients_taken_with_createGraph_are_themselves_differentiable(string acts)
    {
        // d/dθ of |∂L/∂x|² where L is built from the Taylor outputs: runs the recorded (differentiable) backward rule.
        var net = Net(acts, [2, 5, 4, 1], normalise: true, seed: 41);
        var weights = R(8, 3, 4);
        Tensor[] InputAndParameterGradients(Tensor x, bool createGraph)
        {
            var xs = x.Clone().RequireGrad();
            var d = net.ForwardWithInputDerivatives(xs, [0, 1], [1]);
            return Autograd.Grad([(Outputs(d).Square() * weights).Sum()], [xs, .. net.Parameters()], createGraph: createGraph, allowUnused: true);
        }

        // The recorded rule (createGraph) gives the fused rule's gradients, which the gradcheck above verifies.
        var recorded = InputAndParameterGradients(R(9, 3, 2), createGraph: true);
        var fused = InputAndParameterGradients(R(9, 3, 2), createGraph: false);
        for (var i = 0; i < fused.Length; i++)
        {
            Near(recorded[i], fused[i], $"gradient {i}");
        }

        Ok(CheckModule(
            net,
            xs =>
            {
                var d = net.ForwardWithInputDerivatives(xs[0], [0, 1], [1]);
                var loss = (Outputs(d).Square() * weights).Sum();
                var gx = Autograd.Grad(loss, xs[0], createGraph: true);
                return gx.Square();
            },
            [R(9, 3, 2)],
            rtol: 1e-6,
            atol: 1e-9));
    }

    [Fact]
    public void Without_recording_the_values_are_the_same_and_nothing_requires_gradients()
    {
        var net = Net("tanh-softplus-identity", [3, 8, 8, 1], normalise: true, seed: 51);
        var x = R(10, 6, 3);
        var recorded = net.ForwardWithInputDerivatives(x, [0, 1, 2], [0, 2]);
        MlpInputDerivatives free;
        using (Autograd.NoGrad())
        {
            free = net.ForwardWithInputDerivatives(x, [0, 1, 2], [0, 2]);
        }

        recorded.Value.RequiresGrad.Should().BeTrue();
        foreach (var (a, b) in new[] { (free.Value, recorded.Value), (free.Gradient, recorded.Gradient), (free.SecondDiagonal, recorded.SecondDiagonal) })
        {
            b.RequiresGrad.Should().BeTrue();
            a.RequiresGrad.Should().BeFalse();
            a.ToDoubleArray().Should().Equal(b.ToDoubleArray());
        }
    }

    [Fact]
    public void Float32_agrees_with_float64()
    {
        var net = Net("tanh-tanh-tanh-identity", [2, 64, 64, 64, 1], normalise: false, seed: 61);
        var x = R(11, 256, 2);
        var d64 = net.ForwardWithInputDerivatives(x, [0, 1], [1]);
        net.To(DType.Float32);
        var d32 = net.ForwardWithInputDerivatives(x.To(DType.Float32), [0, 1], [1]);
        d32.Value.DType.Should().Be(DType.Float32);
        foreach (var (a, b, what) in new[] { (d32.Value, d64.Value, "value"), (d32.Gradient, d64.Gradient, "gradient"), (d32.SecondDiagonal, d64.SecondDiagonal, "second") })
        {
            // float32 rounding through three 64-wide layers: a few ulps of the O(1) scale per layer.
            var scale = b.ToDoubleArray().Max(Math.Abs);
            MaxAbsDiff(a, b).Should().BeLessThan(1e-5 * Math.Max(scale, 1), what);
        }
    }

    [Fact]
    public void Results_and_parameter_gradients_do_not_depend_on_the_number_of_threads()
    {
        // Threshold 0: every Taylor pass and GEMM is split, at chunk boundaries that fall inside blocks.
        var net = Net("tanh-softplus-identity", [3, 24, 24, 1], normalise: true, seed: 81);
        var x = R(14, 300, 3);
        double[][] Run(int threads)
        {
            using (EngineSettings.Override(maxDegreeOfParallelism: threads, parallelThreshold: 0))
            {
                var d = net.ForwardWithInputDerivatives(x, [0, 2], [1, 2]);
                var loss = (Outputs(d).Square() * R(15, 300, 5)).Sum();
                return [.. Autograd.Grad([loss], net.Parameters().ToArray()).Select(t => t.ToDoubleArray()), Outputs(d).ToDoubleArray()];
            }
        }

        var one = Run(1);
        var three = Run(3);
        for (var i = 0; i < one.Length; i++)
        {
            three[i].Should().Equal(one[i], $"result {i}");
        }
    }

    [Fact]
    public void Bad_columns_and_unsupported_networks_are_rejected_by_name()
    {
        var net = Net("tanh-identity", [3, 4, 1], normalise: false, seed: 71);
        var x = R(12, 2, 3);
        FluentActions.Invoking(() => net.ForwardWithInputDerivatives(x, [3], [])).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("gradientColumns");
        FluentActions.Invoking(() => net.ForwardWithInputDerivatives(x, [0], [-1])).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("secondDiagonalColumns");
        FluentActions.Invoking(() => net.ForwardWithInputDerivatives(x, [1, 1], [])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("gradientColumns");
        FluentActions.Invoking(() => net.ForwardWithInputDerivatives(R(13, 2, 2), [0], [])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("input");
        FluentActions.Invoking(() => net.ForwardWithInputDerivatives(R(13, 2, 2, 3), [0], [])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("input");
        FluentActions.Invoking(() => net.ForwardWithInputDerivatives(x.To(DType.Float32), [0], [])).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("input");

        var wide = Net("tanh-identity", [3, 4, 2], normalise: false, seed: 72);
        FluentActions.Invoking(() => wide.ForwardWithInputDerivatives(x, [0], [])).Should().Throw<NotSupportedException>().WithMessage("*2 outputs*");
        net.OutputTransform = (input, y) => y * 2.0;
        FluentActions.Invoking(() => net.ForwardWithInputDerivatives(x, [0], [])).Should().Throw<NotSupportedException>().WithMessage("*OutputTransform*");
    }

    private static Mlp Net(string acts, int[] widths, bool normalise, int seed)
    {
        var activations = acts.Split('-').Select(a => Enum.Parse<Activation>(a, ignoreCase: true)).ToArray();
        var w = widths[0];
        var normalization = normalise ? InputNormalization.FromRanges(Enumerable.Range(0, w).Select(i => -1.0 - i).ToArray(), Enumerable.Range(0, w).Select(i => 2.0 + (0.5 * i)).ToArray()) : null;
        return new Mlp(widths, activations, normalization, new Philox((ulong)seed), F64);
    }

    /// <summary>V, ∇V and the Hessian diagonal of Forward by reverse mode, twice (the path the Taylor one replaces).</summary>
    private static (Tensor Value, Tensor Gradient, Tensor SecondDiagonal) DoubleBackward(Mlp net, Tensor x)
    {
        var xs = x.Clone().RequireGrad();
        var v = net.Forward(xs);
        var g = Autograd.Grad(v.Sum(), xs, createGraph: true);
        var columns = new Tensor[x.Shape[1]];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = Autograd.Grad(g.Slice(1, c, 1).Sum(), xs, createGraph: true, retainGraph: true, allowUnused: true).Slice(1, c, 1);
        }

        return (v, g, Tensor.Concat(columns, 1));
    }

    private static Tensor Outputs(MlpInputDerivatives d) => Tensor.Concat([d.Value, d.Gradient, d.SecondDiagonal], 1);

    private static void Near(Tensor actual, Tensor expected, string what)
    {
        actual.ShapeArray().Should().Equal(expected.ShapeArray(), what);
        var a = actual.ToDoubleArray();
        var e = expected.ToDoubleArray();
        for (var i = 0; i < a.Length; i++)
        {
            Math.Abs(a[i] - e[i]).Should().BeLessThanOrEqualTo(1e-12 * (1 + Math.Abs(e[i])), $"{what}[{i}]: {a[i]:R} vs {e[i]:R}");
        }
    }
}
