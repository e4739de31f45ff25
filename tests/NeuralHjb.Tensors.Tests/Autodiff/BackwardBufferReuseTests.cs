using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Autodiff;

/// <summary>
/// The backward pass recycles the buffers it creates from one pass to the next. These tests pin the rule that
/// makes this safe: nothing a user can hold (forward tensors, leaf gradients, returned gradients, createGraph
/// results) ever changes under them when later passes run.
/// </summary>
public class BackwardBufferReuseTests
{
    private static Tensor R(ulong seed, params int[] shape) => Tensor.Normal(shape, new Philox(seed));

    /// <summary>Several training steps of a small network with a loss of the same shapes each step.</summary>
    private static void Train(Mlp net, Adam opt, Tensor x, int steps)
    {
        for (var i = 0; i < steps; i++)
        {
            opt.ZeroGrad();
            var h = net.Forward(x);
            ((h * h).Mean() + h.Tanh().Sum()).Backward();
            opt.Step();
        }
    }

    [Fact]
    public void Intermediates_and_gradients_kept_by_the_user_never_change_in_later_steps()
    {
        var net = new Mlp([3, 8, 8, 1], Activation.Tanh, generator: new Philox(1));
        var opt = new Adam(net.Parameters().ToList(), 1e-2);
        var x = R(2, 16, 3);
        Train(net, opt, x, 3);

        // One step whose intermediate, loss and gradients the user keeps.
        opt.ZeroGrad();
        var hidden = net.Forward(x);
        var square = hidden * hidden;
        var loss = square.Mean() + hidden.Tanh().Sum();
        loss.Backward();
        var keptGrads = net.Parameters().Select(p => p.Grad!).ToList();
        var snapshot = new[] { hidden, square, loss }.Concat(keptGrads).Select(t => t.ToDoubleArray()).ToList();
        opt.Step();

        Train(net, opt, x, 5);

        var after = new[] { hidden, square, loss }.Concat(keptGrads).Select(t => t.ToDoubleArray()).ToList();
        for (var i = 0; i < snapshot.Count; i++)
        {
            after[i].Should().Equal(snapshot[i], $"tensor {i} kept by the user must not change");
        }
    }

    [Fact]
    public void Gradients_returned_by_Grad_never_change_in_later_passes()
    {
        var w = R(3, 4, 4).RequireGrad();
        var x = R(4, 8, 4).RequireGrad();
        Tensor Loss() => x.MatMul(w).Tanh().Square().Sum();

        var first = Autograd.Grad([Loss()], [x, w]);
        var snapshot = first.Select(t => t.ToDoubleArray()).ToList();
        for (var i = 0; i < 4; i++)
        {
            _ = Autograd.Grad([Loss()], [x, w]);
            Loss().Backward();
        }

        first[0].ToDoubleArray().Should().Equal(snapshot[0]);
        first[1].ToDoubleArray().Should().Equal(snapshot[1]);
    }

    [Fact]
    public void CreateGraph_results_and_retained_graphs_are_unaffected_by_pooled_passes()
    {
        var w = R(5, 3, 3).RequireGrad();
        var x = R(6, 5, 3).RequireGrad();
        var y = x.MatMul(w).Tanh().Square().Sum();
        var dx = Autograd.Grad(y, x, createGraph: true);
        var dxValues = dx.ToDoubleArray();

        // Pooled passes on another graph in between.
        for (var i = 0; i < 3; i++)
        {
            x.MatMul(w).Exp().Sum().Backward();
        }

        dx.ToDoubleArray().Should().Equal(dxValues);

        // The createGraph result can still be differentiated, and gives the same as a fresh computation.
        w.Grad = null;
        dx.Square().Sum().Backward();
        var viaKept = w.Grad!.ToDoubleArray();
        w.Grad = null;
        Autograd.Grad(x.MatMul(w).Tanh().Square().Sum(), x, createGraph: true).Square().Sum().Backward();
        viaKept.Should().Equal(w.Grad!.ToDoubleArray());

        // retainGraph: a second backward through the same graph after pooled passes gives the same gradient.
        var z = x.MatMul(w).Sin().Sum();
        w.Grad = null;
        z.Backward(retainGraph: true);
        var once = w.Grad!.ToDoubleArray();
        x.MatMul(w).Cos().Sum().Backward();
        w.Grad = null;
        z.Backward();
        w.Grad!.ToDoubleArray().Should().Equal(once);
    }

    [Fact]
    public void Steady_state_backward_passes_allocate_far_less_than_the_first()
    {
        var w1 = R(7, 32, 16).RequireGrad();
        var w2 = R(8, 16, 1).RequireGrad();
        var x = R(9, 256, 32);
        long Step()
        {
            var loss = x.MatMul(w1).Tanh().MatMul(w2).Square().Mean();
            w1.Grad = null;
            w2.Grad = null;
            var before = GC.GetAllocatedBytesForCurrentThread();
            loss.Backward();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        var first = Step();
        _ = Step();
        var steady = Step();

        // The first pass allocates every gradient buffer ([256, 16] float32 is 16 KB); later passes reuse them
        // and allocate only the escaping leaf gradients and small bookkeeping objects.
        steady.Should().BeLessThan(first / 3, $"first pass {first} B, steady state {steady} B");
    }
}
