using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Optim;

/// <summary>
/// <c>ZeroGrad(setToNone: false)</c> zeroes each gradient in place and the next backward pass writes into it. The
/// values must be those of the default <c>ZeroGrad()</c> bit for bit (first pass after zeroing as if Grad were null,
/// later passes adding), with the same tensor objects kept, and a step must then allocate no gradient memory.
/// </summary>
public class ZeroGradReuseTests
{
    private static Tensor R(ulong seed, params int[] shape) => Tensor.Normal(shape, new Philox(seed));

    /// <summary>A loss that uses the first weight twice, so a leaf collects gradients from two paths.</summary>
    private static Tensor Loss(Mlp net, ulong seed)
    {
        var x = R(seed, 32, 3);
        var w0 = net.Parameters().First();
        return net.Forward(x).Square().Mean() + (0.1 * w0.Square().Sum());
    }

    /// <summary>Adam steps with two backward passes per step (gradient accumulation); every gradient and parameter after each step.</summary>
    private static List<double[]> Train(bool reuse, Action<List<Tensor>>? beforeStep = null)
    {
        var net = new Mlp([3, 16, 16, 2], Activation.Tanh, generator: new Philox(7));
        var parameters = net.Parameters().ToList();
        var opt = new Adam(parameters, 1e-2);
        var seen = new List<double[]>();
        for (ulong step = 0; step < 4; step++)
        {
            opt.ZeroGrad(setToNone: !reuse);
            Loss(net, 10 + step).Backward();
            Loss(net, 20 + step).Backward();
            beforeStep?.Invoke(parameters);
            seen.AddRange(parameters.Select(p => p.Grad!.ToDoubleArray()));
            opt.Step();
            seen.AddRange(parameters.Select(p => p.ToDoubleArray()));
        }

        return seen;
    }

    [Fact]
    public void Reused_gradients_give_the_default_values_bitwise()
    {
        var reference = Train(reuse: false);
        var reused = Train(reuse: true);
        reused.Count.Should().Be(reference.Count);
        for (var i = 0; i < reference.Count; i++)
        {
            reused[i].Should().Equal(reference[i], $"tensor {i}");
        }
    }

    [Fact]
    public void A_gradient_replaced_after_zeroing_is_not_written_into()
    {
        var p = R(1, 4, 3).RequireGrad();
        var opt = new Sgd([p], 0.1);
        (p * R(2, 4, 3)).Sum().Backward();
        opt.ZeroGrad(setToNone: false);

        // The caller's own tensor: the pass accumulates as by default (a new tensor), leaving it unchanged.
        var own = R(5, 4, 3);
        p.Grad = own;
        (p * R(3, 4, 3)).Sum().Backward();
        own.ToDoubleArray().Should().Equal(R(5, 4, 3).ToDoubleArray());
        p.Grad.Should().NotBeSameAs(own);
        p.Grad!.ToDoubleArray().Should().Equal((R(5, 4, 3) + R(3, 4, 3)).ToDoubleArray());
    }

    [Fact]
    public void The_same_gradient_tensor_is_zeroed_and_then_refilled()
    {
        var p = R(1, 4, 3).RequireGrad();
        var opt = new Sgd([p], 0.1);
        (p * R(2, 4, 3)).Sum().Backward();
        var grad = p.Grad!;
        var first = grad.ToDoubleArray();

        opt.ZeroGrad(setToNone: false);
        p.Grad.Should().BeSameAs(grad);
        grad.ToDoubleArray().Should().OnlyContain(v => v == 0);

        (p * R(3, 4, 3)).Sum().Backward();
        p.Grad.Should().BeSameAs(grad);
        grad.ToDoubleArray().Should().Equal(R(3, 4, 3).ToDoubleArray());
        first.Should().Equal(R(2, 4, 3).ToDoubleArray());

        // The default drops it; the next pass hands out a new tensor.
        opt.ZeroGrad();
        p.Grad.Should().BeNull();
        (p * R(4, 4, 3)).Sum().Backward();
        p.Grad.Should().NotBeSameAs(grad);
    }

    [Fact]
    public void A_parameter_the_pass_does_not_reach_reads_as_zeros()
    {
        var p = R(1, 3).RequireGrad();
        var q = R(2, 3).RequireGrad();
        var opt = new Sgd([p, q], 0.1);
        (p * q).Sum().Backward();
        var qGrad = q.Grad!;
        opt.ZeroGrad(setToNone: false);
        p.Square().Sum().Backward();

        // As with PyTorch's zero_grad(set_to_none=False): a zero gradient, not none.
        q.Grad.Should().BeSameAs(qGrad);
        q.Grad!.ToDoubleArray().Should().OnlyContain(v => v == 0);
        p.Grad!.ToDoubleArray().Should().Equal((2 * p.Detach()).ToDoubleArray());
    }

    [Fact]
    public void A_createGraph_pass_keeps_its_graph_gradient()
    {
        var p = R(1, 5).RequireGrad();
        var opt = new Sgd([p], 0.1);
        p.Square().Sum().Backward();
        opt.ZeroGrad(setToNone: false);
        p.Square().Sum().Backward(createGraph: true);
        p.Grad!.RequiresGrad.Should().BeTrue("a createGraph pass stores its graph gradient, not a copy");
        p.Grad.ToDoubleArray().Should().Equal((2 * p.Detach()).ToDoubleArray());
    }

    [Fact]
    public void A_steady_step_allocates_no_gradient_memory()
    {
        // Wide layers so that the gradients dominate a step's bytes.
        var net = new Mlp([64, 256, 256, 1], Activation.Tanh, generator: new Philox(3));
        var opt = new Adam(net.Parameters().ToList(), 1e-3);
        var x = R(5, 8, 64);
        long Step(bool reuse)
        {
            opt.ZeroGrad(setToNone: !reuse);
            var before = GC.GetAllocatedBytesForCurrentThread();
            net.Forward(x).Square().Mean().Backward();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        for (var i = 0; i < 3; i++)
        {
            Step(false);
        }

        var dropping = Step(false);
        Step(true);
        var reusing = Step(true);
        var gradientBytes = net.Parameters().Sum(p => (long)p.Count * sizeof(float));
        (dropping - reusing).Should().BeGreaterThan(gradientBytes * 9 / 10, $"a backward pass allocated {dropping} B when dropping gradients and {reusing} B when reusing them");
    }
}
