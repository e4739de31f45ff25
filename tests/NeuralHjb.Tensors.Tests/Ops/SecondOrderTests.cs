using NeuralHjb.Autodiff;
using static NeuralHjb.Tensors.Tests.Ops.D;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>
/// Second order: the gradient computed with createGraph is itself checked against finite differences,
/// i.e. Hessian–vector products of each op are correct.
/// </summary>
public class SecondOrderTests
{
    private static readonly Tensor W = Pos(99, 3, 4);

    private static readonly Dictionary<string, (Func<Tensor, Tensor> F, Tensor X)> Activations = new()
    {
        ["tanh"] = (x => x.Tanh(), R(1, 3, 4)),
        ["sigmoid"] = (x => x.Sigmoid(), R(1, 3, 4)),
        ["silu"] = (x => x.Silu(), R(1, 3, 4)),
        ["softplus"] = (x => (x * 3.0).Softplus(), R(1, 3, 4)),
        ["relu"] = (x => x.Relu() * x, Away(1, 3, 4)),
        ["abs"] = (x => x.Abs() * x, Away(1, 3, 4)),
        ["exp"] = (x => x.Exp(), R(1, 3, 4)),
        ["log"] = (x => x.Log(), Pos(1, 3, 4)),
        ["sqrt"] = (x => x.Sqrt(), Pos(1, 3, 4)),
        ["sin"] = (x => x.Sin(), R(1, 3, 4)),
        ["cos"] = (x => x.Cos(), R(1, 3, 4)),
        ["square"] = (x => x.Square() * x, R(1, 3, 4)),
        ["reciprocal"] = (x => x.Reciprocal(), Away(1, 3, 4)),
        ["pow_scalar"] = (x => x.Pow(2.5), Pos(1, 3, 4)),
        ["pow_tensor"] = (x => x.Pow(x), Pos(1, 3, 4)),
        ["div"] = (x => x / (x.Square() + 1.0), R(1, 3, 4)),
        ["clamp"] = (x => (x * 2.0).Clamp(-0.7, 0.9).Square(), Away(1, 3, 4)),
        ["maximum"] = (x => x.Maximum((x.Sin() * 0.9) + 0.05).Square(), R(1, 3, 4)),
        ["softmax"] = (x => x.Softmax(-1), R(1, 3, 4)),
        ["softmax_axis0"] = (x => x.Softmax(0), R(1, 3, 4)),
        ["log_softmax"] = (x => x.LogSoftmax(1), R(1, 3, 4)),
        ["logsumexp"] = (x => x.LogSumExp(0, keepDim: true), R(1, 3, 4)),
        ["std"] = (x => x.Std(1, keepDim: true), R(1, 3, 4)),
        ["max_axis"] = (x => x.Max(1, keepDim: true).Square(), R(1, 3, 4)),
        ["gather"] = (x => x.Gather(1, [0, 3, 3, 1, 2, 2], [3, 2]).Square(), R(1, 3, 4)),
        ["index_select"] = (x => x.IndexSelect(1, [3, 0, 3]).Exp(), R(1, 3, 4)),
        ["matmul"] = (x => x.MatMul(x.T).Tanh(), R(1, 3, 4)),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Activations.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_with_create_graph_matches_finite_differences(string op)
    {
        var (f, x0) = Activations[op];
        // g(x) = d/dx Σ w·f(x); GradCheck differentiates g again (a Hessian–vector product per weight).
        Ok(GradCheck.Check(
            x =>
            {
                var y = f(x[0]);
                return Autograd.Grad((y * Pos(77, y.ShapeArray())).Sum(), x[0], createGraph: true);
            },
            [x0]), op);
    }

    [Fact]
    public void Activation_hessian_vector_products_are_weighted_elementwise()
    {
        // Direct form: Σ w ⊙ f(x) has gradient w ⊙ f'(x); its gradient along w is w² ⊙ f''(x).
        var x = R(3, 3, 4).RequireGrad();
        var g = Autograd.Grad((x.Tanh() * W).Sum(), x, createGraph: true);
        var h = Autograd.Grad((g * W).Sum(), x);
        var t = x.Detach().Tanh();
        var expected = (W * W * (t * -2.0) * t.Square().RSub(1.0)).ToDoubleArray();
        Close(h.ToDoubleArray(), expected, 1e-12, "tanh''");
    }

    [Fact]
    public void Conv1d_second_order_in_input_and_weight()
    {
        var b = R(7, 4);
        Ok(GradCheck.Check(
            p =>
            {
                var y = Tensor.Conv1d(p[0], p[1], b, stride: 2, padding: 1, groups: 2).Tanh();
                return Flat(Autograd.Grad([(y * y).Sum()], [p[0], p[1]], createGraph: true));
            },
            [R(1, 2, 4, 7), R(2, 4, 2, 3)]), "conv1d");
    }

    [Fact]
    public void Conv1d_with_dilation_second_order_including_bias()
    {
        Ok(GradCheck.Check(
            p => Flat(Autograd.Grad([Tensor.Conv1d(p[0], p[1], p[2], padding: 2, dilation: 2).Sin().Sum()], [p[0], p[1], p[2]], createGraph: true)),
            [R(1, 1, 2, 6), R(2, 3, 2, 2), R(3, 3)]), "conv1d dilation");
    }

    [Fact]
    public void Conv_transpose1d_second_order_in_input_and_weight()
    {
        Ok(GradCheck.Check(
            p =>
            {
                var y = Tensor.ConvTranspose1d(p[0], p[1], null, stride: 2, padding: 1, outputPadding: 1, groups: 2).Tanh();
                return Flat(Autograd.Grad([y.Square().Sum()], [p[0], p[1]], createGraph: true));
            },
            [R(1, 2, 4, 3), R(2, 4, 2, 3)]), "conv_transpose1d");
    }

    [Fact]
    public void Softmax_hessian_vector_product_matches_the_closed_form()
    {
        // For s = softmax(x) and L = c·s: ∇L = s ⊙ (c − c·s); H v = d/dε ∇L(x + εv).
        var c = R(11, 5);
        var v = R(12, 5);
        var x = R(13, 5).RequireGrad();
        var g = Autograd.Grad((x.Softmax(0) * c).Sum(), x, createGraph: true);
        var hv = Autograd.Grad((g * v).Sum(), x).ToDoubleArray();
        Tensor Grad(Tensor z)
        {
            var s = z.Softmax(0);
            return s * (c - (c * s).Sum());
        }

        var eps = 1e-6;
        var fd = ((Grad(x.Detach() + (v * eps)) - Grad(x.Detach() - (v * eps))) / (2 * eps)).ToDoubleArray();
        Close(hv, fd, 1e-7, "softmax Hv");
    }

    [Fact]
    public void Third_order_of_tanh_is_correct()
    {
        Ok(GradCheck.Check(
            x =>
            {
                var g1 = Autograd.Grad(x[0].Tanh().Sum(), x[0], createGraph: true);
                return Autograd.Grad(g1.Sum(), x[0], createGraph: true);
            },
            [R(1, 5)]), "tanh'''");
    }
}
