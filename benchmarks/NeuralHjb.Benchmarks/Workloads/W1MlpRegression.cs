using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Benchmarks.Workloads;

/// <summary>W1: MLP regression step, 4-64-64-64-1 tanh, batch 1024, MSE, Adam (lr 1e-3), float32.</summary>
public sealed class W1MlpRegression : IWorkload
{
    private Mlp _net = null!;
    private Adam _opt = null!;
    private Tensor _x = null!;
    private Tensor _y = null!;

    public string Id => "W1";

    public int WarmUp => 5;

    public int Repetitions => 50;

    public void Setup()
    {
        var rng = new Philox(0);
        _net = new Mlp([4, 64, 64, 64, 1], Activation.Tanh, generator: rng);
        _opt = new Adam(_net.Parameters().ToList(), 1e-3);
        _x = Tensor.Normal([1024, 4], rng);
        _y = Tensor.Normal([1024, 1], rng);
    }

    public void Step()
    {
        _opt.ZeroGrad();
        var loss = (_net.Forward(_x) - _y).Square().Mean();
        loss.Backward();
        _opt.Step();
    }
}
