using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Nn;

/// <summary>
/// In training mode <see cref="BsdeSubnet.Forward"/> runs fused ops (batch norm with the ReLU fused in) on pooled
/// internal buffers; its layer chain (<see cref="BsdeSubnet.Layers"/>) runs the plain modules. Both must give the
/// same bits: outputs, gradients, running statistics, and parameters after training steps in which the pooled
/// buffers are recycled, also when a graph is differentiated after later steps reused the pool, or retained.
/// </summary>
public class BsdeSubnetFusedTests
{
    private const int Dim = 13;
    private const int Batch = 9;

    private static Tensor X(ulong seed) => Tensor.Normal([Batch, Dim], new Philox(seed), dtype: DType.Float64);

    private static Tensor Loss(Tensor z, ulong seed) => (z * Tensor.Normal([Batch, Dim], new Philox(seed), dtype: DType.Float64)).Sum();

    private static Func<Tensor, Tensor> Path(BsdeSubnet net, bool fused) => fused ? net.Forward : net.Layers.Forward;

    /// <summary>Trains a fresh subnet a few steps (Adam), runs <paramref name="extra"/>, and returns every parameter, buffer and gradient.</summary>
    private static List<double[]> Train(bool fused, Action<BsdeSubnet, Func<Tensor, Tensor>> extra)
    {
        var net = new BsdeSubnet(Dim, generator: new Philox(5));
        var forward = Path(net, fused);
        var opt = new Adam(net.Parameters().ToList(), 1e-2);
        for (ulong step = 0; step < 4; step++)
        {
            opt.ZeroGrad();

            // Two applications per step, as a rollout uses its subnets, and an input gradient.
            var x = X(10 + step).RequireGrad();
            var loss = Loss(forward(x), 20 + step) + Loss(forward(X(30 + step)), 40 + step);
            loss.Backward();
            opt.Step();
        }

        extra(net, forward);
        return [.. net.Parameters().Select(p => p.ToDoubleArray()), .. net.NamedBuffers().Select(b => b.Value.ToDoubleArray()),
            .. net.Parameters().Where(p => p.Grad is not null).Select(p => p.Grad!.ToDoubleArray())];
    }

    private static void SameBits(Action<BsdeSubnet, Func<Tensor, Tensor>> extra)
    {
        var chain = Train(fused: false, extra);
        var fused = Train(fused: true, extra);
        fused.Count.Should().Be(chain.Count);
        for (var i = 0; i < chain.Count; i++)
        {
            fused[i].Should().Equal(chain[i], $"tensor {i} must be bitwise that of the layer chain");
        }
    }

    [Fact]
    public void Outputs_and_gradients_equal_the_layer_chain_bitwise()
    {
        var a = new BsdeSubnet(Dim, generator: new Philox(5));
        var b = new BsdeSubnet(Dim, generator: new Philox(5));
        var xa = X(1).RequireGrad();
        var xb = X(1).RequireGrad();
        var za = a.Forward(xa);
        var zb = b.Layers.Forward(xb);
        za.ToDoubleArray().Should().Equal(zb.ToDoubleArray());
        var ga = Autograd.Grad([Loss(za, 2)], [xa, .. a.Parameters()]);
        var gb = Autograd.Grad([Loss(zb, 2)], [xb, .. b.Parameters()]);
        for (var i = 0; i < ga.Length; i++)
        {
            ga[i].ToDoubleArray().Should().Equal(gb[i].ToDoubleArray(), $"gradient {i}");
        }
    }

    [Fact]
    public void Training_with_recycled_buffers_equals_the_layer_chain_bitwise()
        => SameBits((_, _) => { });

    [Fact]
    public void A_graph_differentiated_after_later_steps_keeps_its_buffers()
        => SameBits((net, forward) =>
        {
            var pending = Loss(forward(X(50)), 51);
            for (ulong k = 0; k < 2; k++)
            {
                Loss(forward(X(60 + k)), 61).Backward();
            }

            pending.Backward();
        });

    [Fact]
    public void A_retained_graph_differentiated_twice_around_other_steps_gives_the_same_gradients()
        => SameBits((net, forward) =>
        {
            var retained = Loss(forward(X(70)), 71);
            retained.Backward(retainGraph: true);
            Loss(forward(X(72)), 73).Backward();
            retained.Backward();
        });

    [Fact]
    public void Inference_without_a_graph_equals_the_layer_chain()
    {
        var net = new BsdeSubnet(Dim, generator: new Philox(5));
        var twin = new BsdeSubnet(Dim, generator: new Philox(5));
        using (Autograd.NoGrad())
        {
            for (ulong k = 0; k < 3; k++)
            {
                net.Forward(X(80 + k)).ToDoubleArray().Should().Equal(twin.Layers.Forward(X(80 + k)).ToDoubleArray());
            }
        }

        net.NamedBuffers().Select(b => b.Value.ToDoubleArray()).Should().BeEquivalentTo(twin.NamedBuffers().Select(b => b.Value.ToDoubleArray()), o => o.WithStrictOrdering());
    }

    [Fact]
    public void Fused_batch_norm_with_relu_passes_first_and_second_order_gradient_checks()
    {
        var x = NnTestUtil.R(90, 6, 4);
        var w = NnTestUtil.R(91, 4) + 1.5;
        var b = NnTestUtil.R(92, 4);
        var weights = NnTestUtil.R(93, 6, 4);
        Tensor F(Tensor[] p) => Tensor.BatchNormFused(p[0], p[1], p[2], 1e-5, out _, out _, relu: true);
        NnTestUtil.Ok(GradCheck.Check(F, [x, w, b], relativeTolerance: 1e-5, absoluteTolerance: 1e-8));
        NnTestUtil.Ok(GradCheck.Check(
            p => Autograd.Grad([(F(p) * weights).Square().Sum()], p, createGraph: true).Aggregate((s, t) => s.Sum() + t.Sum()),
            [x, w, b],
            relativeTolerance: 1e-5,
            absoluteTolerance: 1e-8));
    }
}
