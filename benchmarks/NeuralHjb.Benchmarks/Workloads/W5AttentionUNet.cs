using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Benchmarks.Workloads;

/// <summary>
/// W5: residual attention U-net regression step (<see cref="ResidualAttentionUNet"/> with the W5 options):
/// batch 256, 8 channels × 32 grid points, plus a learned scalar times the previous estimate; MSE;
/// backward; Adam (lr 1e-3). float32.
/// </summary>
public sealed class W5AttentionUNet : IWorkload
{
    private ResidualAttentionUNet _net = null!;
    private Adam _opt = null!;
    private Tensor _x = null!;
    private Tensor _prev = null!;
    private Tensor _y = null!;

    public string Id => "W5";

    public int WarmUp => 3;

    public int Repetitions => 20;

    public void Setup()
    {
        var rng = new Philox(0);
        _net = new ResidualAttentionUNet(generator: rng);
        _opt = new Adam(_net.Parameters().ToList(), 1e-3);
        _x = Tensor.Normal([256, 8, 32], rng);
        _prev = Tensor.Normal([256, 1, 32], rng);
        _y = Tensor.Normal([256, 1, 32], rng);
    }

    public void Step()
    {
        _opt.ZeroGrad();
        var loss = (_net.Forward(_x, _prev) - _y).Square().Mean();
        loss.Backward();
        _opt.Step();
    }
}
