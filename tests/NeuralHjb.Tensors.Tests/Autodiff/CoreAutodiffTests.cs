using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tensors.Tests.Autodiff;

public class CoreAutodiffTests
{
    private static Tensor R(int seed, params int[] shape)
    {
        var rng = new System.Random(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(_ => rng.NextDouble() * 2 - 1).ToArray(), shape);
    }

    private static void Ok(GradCheckResult r) => r.Passed.Should().BeTrue(r.Message);

    [Fact]
    public void Mlp_layer_gradients_match_finite_differences()
    {
        Ok(GradCheck.Check(x => x[0].MatMul(x[1]).Add(x[2]).Tanh().Square().Mean(), [R(1, 5, 3), R(2, 3, 4), R(3, 4)]));
    }

    [Fact]
    public void Broadcast_binary_ops_match_finite_differences()
    {
        Ok(GradCheck.Check(x => x[0] * x[1] + x[0] / (x[2].Exp() + 1.0) - x[1], [R(1, 4, 3), R(2, 3), R(3, 4, 1)]));
    }

    [Fact]
    public void Double_backward_gives_the_hessian_of_a_small_network()
    {
        // f(x) = sum tanh(W x + b)^2; check d/dx of (df/dx) by finite differences via GradCheck of the gradient.
        var w = R(5, 3, 2);
        var b = R(6, 3);
        Tensor F(Tensor x) => x.MatMul(w.T).Add(b).Tanh().Square().Sum();
        Ok(GradCheck.Check(x => Autograd.Grad(F(x[0]), x[0], createGraph: true), [R(7, 4, 2)]));
    }

    [Fact]
    public void Gradient_of_a_gradient_based_loss_wrt_parameters_matches_finite_differences()
    {
        var x = R(9, 6, 1);
        Ok(GradCheck.Check(
            p =>
            {
                var xi = x.Clone().RequireGrad();
                var v = xi.MatMul(p[0]).Tanh().MatMul(p[1]);
                var vx = Autograd.Grad(v.Sum(), xi, createGraph: true);
                return (vx.Square() + v).Mean();
            },
            [R(10, 1, 5), R(11, 5, 1)]));
    }

    [Fact]
    public void Backward_twice_without_retain_graph_is_a_clear_error()
    {
        var a = R(1, 3).RequireGrad();
        var loss = a.Exp().Sum();
        loss.Backward();
        var act = () => loss.Backward();
        act.Should().Throw<InvalidOperationException>().WithMessage("*second time*");
    }

    [Fact]
    public void Non_scalar_backward_needs_a_seed()
    {
        var a = R(1, 3).RequireGrad();
        var act = () => a.Exp().Backward();
        act.Should().Throw<ArgumentException>().WithMessage("*seed gradient*");
    }

    [Fact]
    public void Mismatched_shapes_and_dtypes_are_clear_errors()
    {
        var act = () => R(1, 3, 2).Add(R(2, 4));
        act.Should().Throw<ArgumentException>().WithMessage("*cannot be broadcast*");
        var act2 = () => R(1, 3).Add(R(2, 3).To(DType.Float32));
        act2.Should().Throw<ArgumentException>().WithMessage("*dtypes differ*");
        var act3 = () => R(1, 3, 2).MatMul(R(2, 3, 2));
        act3.Should().Throw<ArgumentException>().WithMessage("*inner dimensions*");
    }

    [Fact]
    public void Gradients_accumulate_into_leaves()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2.0 }).RequireGrad();
        (a * 3.0).Sum().Backward();
        (a * a).Sum().Backward();
        a.Grad!.ToDoubleArray().Should().Equal(5.0, 7.0);
    }

    [Fact]
    public void NoGrad_records_no_graph()
    {
        var a = R(1, 3).RequireGrad();
        using (Autograd.NoGrad())
        {
            a.Exp().RequiresGrad.Should().BeFalse();
        }

        a.Exp().RequiresGrad.Should().BeTrue();
    }
}
