using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Reliability;

/// <summary>
/// Small versions of the perf workloads (W1 MLP, W4 BSDE subnet with BatchNorm, W5 attention U-net)
/// trained for a few Adam steps, each step's data derived from the step index. The result is every
/// parameter and every loss, flattened to doubles, so runs can be compared bit for bit.
/// </summary>
internal static class TrainingWorkloads
{
    public static double[] Mlp(ulong seed, int steps = 8, int batch = 512)
    {
        var net = new Mlp([4, 64, 64, 64, 1], Activation.Tanh, generator: new Philox(seed));
        var adam = new Adam(net.Parameters().ToArray(), learningRate: 1e-3);
        return Train(net, adam, steps, step =>
        {
            var rng = new Philox(seed, 1000 + (ulong)step);
            var x = Tensor.Uniform([batch, 4], rng, -1, 1);
            var y = x.Sum(1, keepDim: true).Sin();
            return (net.Forward(x) - y).Square().Mean();
        });
    }

    public static double[] BsdeSubnet(ulong seed, int steps = 4, int batch = 64)
    {
        var net = new BsdeSubnet(100, generator: new Philox(seed));
        var adam = new Adam(net.Parameters().ToArray(), learningRate: 1e-2);
        return Train(net, adam, steps, step =>
        {
            var rng = new Philox(seed, 2000 + (ulong)step);
            var x = Tensor.Normal([batch, 100], rng, dtype: DType.Float64);
            return (net.Forward(x) - x.Tanh()).Square().Mean();
        });
    }

    public static double[] AttentionUNet(ulong seed, int steps = 2, int batch = 32)
    {
        var net = new ResidualAttentionUNet(new Philox(seed));
        var adam = new Adam(net.Parameters().ToArray(), learningRate: 1e-3);
        return Train(net, adam, steps, step =>
        {
            var rng = new Philox(seed, 3000 + (ulong)step);
            var x = Tensor.Normal([batch, 8, 32], rng);
            var target = x.Sum(1, keepDim: true).Softmax(2);
            return (net.Forward(x) - target).Square().Mean();
        });
    }

    private static double[] Train(Module net, Optimizer optimizer, int steps, Func<int, Tensor> loss)
    {
        var losses = new List<double>();
        for (var step = 0; step < steps; step++)
        {
            optimizer.ZeroGrad();
            var l = loss(step);
            l.Backward();
            optimizer.Step();
            losses.Add(l.Item());
        }

        foreach (var (_, p) in net.StateDict())
        {
            losses.AddRange(p.ToDoubleArray());
        }

        return [.. losses];
    }
}
