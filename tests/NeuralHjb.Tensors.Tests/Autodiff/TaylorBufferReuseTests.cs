using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Autodiff;

/// <summary>
/// The hidden stacks of <see cref="Mlp.ForwardWithInputDerivatives"/> (and the pre-activations its backward rule
/// keeps in the same buffer) are recycled by the forward pool once their nodes are released. Results must match
/// runs that never recycle, bitwise, including graphs differentiated after other steps recycled their buffers.
/// </summary>
public class TaylorBufferReuseTests
{
    private static Mlp Net() => new([2, 16, 16, 16, 1], Activation.Tanh, generator: new Philox(3));

    private static Tensor Points(ulong step) => Tensor.Uniform([32, 2], new Philox(5, step));

    /// <summary>The W2 residual loss from forward-mode derivatives.</summary>
    private static Tensor PinnLoss(Mlp net, Tensor tx)
    {
        var d = net.ForwardWithInputDerivatives(tx, [0, 1], [1]);
        var vx = d.Gradient.Slice(1, 1, 1);
        return (d.Gradient.Slice(1, 0, 1) - (0.5 * (0.1 * vx).Square() / (d.SecondDiagonal - 1.0))).Square().Mean();
    }

    private static List<double[]> Train(bool pooled, Action<Mlp, Adam> extra)
    {
        ForwardBufferPool.DisabledOnThisThread = !pooled;
        try
        {
            var net = Net();
            var opt = new Adam(net.Parameters().ToList(), 1e-2);
            for (var i = 0; i < 4; i++)
            {
                opt.ZeroGrad();
                PinnLoss(net, Points((ulong)i)).Backward();
                opt.Step();
                extra(net, opt);
            }

            return net.Parameters().Select(p => p.ToDoubleArray()).ToList();
        }
        finally
        {
            ForwardBufferPool.DisabledOnThisThread = false;
        }
    }

    private static void ShouldMatchUnpooled(Action<Mlp, Adam> extra)
    {
        var reference = Train(pooled: false, extra);
        var pooled = Train(pooled: true, extra);
        for (var i = 0; i < reference.Count; i++)
        {
            pooled[i].Should().Equal(reference[i], $"parameter {i} must be bitwise the same with recycled stacks");
        }
    }

    [Fact]
    public void Training_with_recycled_stacks_matches_training_without_bitwise()
        => ShouldMatchUnpooled((_, _) => { });

    [Fact]
    public void A_pending_graph_a_retained_graph_and_inference_keep_their_values_while_other_steps_recycle()
        => ShouldMatchUnpooled((net, opt) =>
        {
            // Built now, differentiated after another step (and an inference pass) rented buffers of the same size.
            var pending = PinnLoss(net, Points(100));
            var retained = PinnLoss(net, Points(101));
            retained.Backward(retainGraph: true);
            opt.ZeroGrad();
            PinnLoss(net, Points(102)).Backward();
            using (Autograd.NoGrad())
            {
                PinnLoss(net, Points(103));
            }

            opt.ZeroGrad();
            pending.Backward();
            retained.Backward();
            opt.Step();
        });

    [Fact]
    public void A_createGraph_gradient_is_differentiated_after_its_forward_graph_was_released()
        => ShouldMatchUnpooled((net, opt) =>
        {
            // The recorded backward rule reads the stacks later: they must leave the pool for good.
            var tx = Points(200).RequireGrad();
            var gx = Autograd.Grad(PinnLoss(net, tx), tx, createGraph: true);
            opt.ZeroGrad();
            PinnLoss(net, Points(201)).Backward();
            opt.ZeroGrad();
            gx.Square().Sum().Backward();
            opt.Step();
        });

    [Fact]
    public void A_steady_state_step_allocates_far_less_than_without_the_pool()
    {
        static long StepBytes(bool pooled)
        {
            ForwardBufferPool.DisabledOnThisThread = !pooled;
            try
            {
                var net = Net();
                var opt = new Adam(net.Parameters().ToList(), 1e-3);
                var tx = Tensor.Uniform([512, 2], new Philox(9));
                long bytes = 0;
                for (var i = 0; i < 4; i++)
                {
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    opt.ZeroGrad();
                    PinnLoss(net, tx).Backward();
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

        // Three hidden layers of [4·512, 16] float32, stack and pre-activations: 6 × 128 KB.
        var saved = StepBytes(pooled: false) - StepBytes(pooled: true);
        saved.Should().BeGreaterThan((long)(0.9 * 6 * 4 * 512 * 16 * sizeof(float)));
    }
}
