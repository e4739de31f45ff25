using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Autodiff;

/// <summary>
/// The storage of an Mlp's hidden activations is recycled once every graph node holding it has been released
/// by a backward pass (or at once when nothing was recorded). These tests pin the rule that makes this safe:
/// results match runs that never recycle, bitwise, and graphs not yet differentiated, retained graphs and
/// createGraph results keep their values while other steps recycle.
/// </summary>
public class ForwardBufferReuseTests
{
    private static Tensor R(ulong seed, params int[] shape) => Tensor.Normal(shape, new Philox(seed));

    private static Mlp Net() => new([3, 8, 8, 8, 1], Activation.Tanh, generator: new Philox(1));

    /// <summary>A rollout loss: the net is applied several times per step (like a control rollout).</summary>
    private static Tensor RolloutLoss(Mlp net, Tensor x0, int steps)
    {
        var x = x0;
        var loss = Tensor.Zeros([]);
        for (var k = 0; k < steps; k++)
        {
            var u = net.Forward(x);
            x = x + (0.1 * u);
            loss = loss + (u * u).Mean();
        }

        return loss;
    }

    private static List<double[]> TrainAndSnapshot(bool pooled, Action<Mlp, Adam> extra)
    {
        ForwardBufferPool.DisabledOnThisThread = !pooled;
        try
        {
            var net = Net();
            var opt = new Adam(net.Parameters().ToList(), 1e-2);
            var x = R(2, 16, 3);
            for (var i = 0; i < 4; i++)
            {
                opt.ZeroGrad();
                RolloutLoss(net, x, 5).Backward();
                opt.Step();
            }

            extra(net, opt);
            return net.Parameters().Select(p => p.ToDoubleArray()).ToList();
        }
        finally
        {
            ForwardBufferPool.DisabledOnThisThread = false;
        }
    }

    private static void ShouldMatchUnpooled(Action<Mlp, Adam> extra)
    {
        var reference = TrainAndSnapshot(pooled: false, extra);
        var pooled = TrainAndSnapshot(pooled: true, extra);
        for (var i = 0; i < reference.Count; i++)
        {
            pooled[i].Should().Equal(reference[i], $"parameter {i} must be bitwise the same with recycled hidden buffers");
        }
    }

    [Fact]
    public void Training_with_recycled_hidden_buffers_matches_training_without_bitwise()
        => ShouldMatchUnpooled((_, _) => { });

    [Fact]
    public void A_graph_not_yet_differentiated_keeps_its_hidden_buffers_while_other_steps_recycle()
        => ShouldMatchUnpooled((net, opt) =>
        {
            var x = R(3, 16, 3);

            // Built now, differentiated after other steps recycled their buffers (and rented them again).
            var pending = RolloutLoss(net, x, 3);
            var outputs = net.Forward(x);
            var kept = outputs.ToDoubleArray();
            for (var i = 0; i < 3; i++)
            {
                RolloutLoss(net, R(4, 16, 3), 5).Backward();
            }

            opt.ZeroGrad();
            pending.Backward();
            opt.Step();
            outputs.ToDoubleArray().Should().Equal(kept, "a network output the user holds never changes");
        });

    [Fact]
    public void A_retained_graph_keeps_its_hidden_buffers_until_its_last_pass()
        => ShouldMatchUnpooled((net, opt) =>
        {
            opt.ZeroGrad();
            var loss = RolloutLoss(net, R(5, 16, 3), 3);
            loss.Backward(retainGraph: true);
            for (var i = 0; i < 3; i++)
            {
                RolloutLoss(net, R(6, 16, 3), 5).Backward();
            }

            opt.ZeroGrad();
            loss.Backward();
            opt.Step();
        });

    [Fact]
    public void CreateGraph_derivatives_keep_their_values_and_graphs_through_recycling_steps()
        => ShouldMatchUnpooled((net, opt) =>
        {
            // PINN-like: an input derivative whose graph reads the hidden activations, differentiated later.
            // The pass that builds it releases the forward graph (retainGraph false), and the later pass asks
            // only for the last layer's weight, so it reads the hidden activations through the derivative's
            // graph without passing the released nodes: the hidden buffers must not have been recycled.
            var x = R(7, 16, 3).RequireGrad();
            var y = net.Forward(x);
            var dx = Autograd.Grad([y.Sum()], [x], createGraph: true, retainGraph: false)[0];
            var kept = dx.ToDoubleArray();
            for (var i = 0; i < 3; i++)
            {
                RolloutLoss(net, R(8, 16, 3), 5).Backward();
            }

            dx.ToDoubleArray().Should().Equal(kept);
            var lastWeight = net.NamedParameters().Single(p => p.Key == "layers.3.weight").Value;
            var g = Autograd.Grad([(dx * dx).Sum()], [lastWeight])[0];
            opt.ZeroGrad();
            lastWeight.Grad = g;
            opt.Step();
        });

    [Fact]
    public void Inference_without_a_graph_recycles_at_once_and_keeps_returned_outputs()
    {
        var net = Net();
        var x = R(9, 32, 3);
        ForwardBufferPool.DisabledOnThisThread = true;
        var reference = net.Forward(x).ToDoubleArray();
        ForwardBufferPool.DisabledOnThisThread = false;
        using (Autograd.NoGrad())
        {
            var first = net.Forward(x);
            ForwardBufferPool.HeldBytes.Should().BeGreaterThan(0, "hidden buffers of an unrecorded forward pass come back at once");
            var second = net.Forward(R(10, 32, 3));
            first.ToDoubleArray().Should().Equal(reference);
            second.ToDoubleArray().Should().NotEqual(reference);
        }
    }

    [Fact]
    public void Steady_state_steps_no_longer_allocate_the_hidden_activations()
    {
        var net = new Mlp([4, 64, 64, 64, 1], Activation.Tanh, generator: new Philox(11));
        var opt = new Adam(net.Parameters().ToList(), 1e-3);
        var x = R(12, 256, 4);
        long StepBytes(bool pooled)
        {
            ForwardBufferPool.DisabledOnThisThread = !pooled;
            try
            {
                long bytes = 0;
                for (var i = 0; i < 4; i++)
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    opt.ZeroGrad();
                    net.Forward(x).Square().Mean().Backward();
                    opt.Step();
                    bytes = GC.GetAllocatedBytesForCurrentThread() - before;
                }

                return bytes;
            }
            finally
            {
                ForwardBufferPool.DisabledOnThisThread = false;
            }
        }

        var unpooled = StepBytes(pooled: false);
        var pooled = StepBytes(pooled: true);
        const long hiddenBytes = 3 * 256 * 64 * sizeof(float);
        (unpooled - pooled).Should().BeGreaterThan(hiddenBytes * 9 / 10, $"unpooled {unpooled} B, pooled {pooled} B per step");
    }
}
