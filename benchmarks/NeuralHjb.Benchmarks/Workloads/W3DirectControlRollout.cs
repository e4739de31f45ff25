using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Benchmarks.Workloads;

/// <summary>
/// W3: direct-control rollout with backprop through time. Policy (t, q, A, φ) ↦ ν is a 4-5-5-5-1 tanh MLP;
/// batch 64; 77 Euler steps of price s, cash x and inventory q with fresh Gaussian noise; reward
/// x + q(s − A q) − Σ φ q² dt; loss = −mean reward; backward; Adam (lr 5e-4). float32.
/// </summary>
public sealed class W3DirectControlRollout : IWorkload
{
    private const int B = 64;
    private const int N = 77;
    private Mlp _net = null!;
    private Adam _opt = null!;
    private ulong _step;

    public string Id => "W3";

    public int WarmUp => 3;

    public int Repetitions => 20;

    public void Setup()
    {
        _net = new Mlp([4, 5, 5, 5, 1], Activation.Tanh, generator: new Philox(0));
        _opt = new Adam(_net.Parameters().ToList(), 5e-4);
    }

    public void Step()
    {
        var rng = new Philox(3, _step++);
        const double dt = 1.0 / N;
        var sqrtDt = Math.Sqrt(dt);
        var q = Tensor.Full([B, 1], -1.0);
        var s = Tensor.Full([B, 1], 1.0);
        var x = Tensor.Zeros([B, 1]);
        var a = Tensor.Uniform([B, 1], rng) * 0.01;
        var phi = Tensor.Uniform([B, 1], rng) * 0.007;
        var run = Tensor.Zeros([B, 1]);
        for (var k = 0; k < N; k++)
        {
            var t = Tensor.Full([B, 1], k * dt);
            var nu = _net.Forward(Tensor.Concat([t, q, a, phi], 1));
            s = s + (0.01 * nu * dt) + (0.02 * sqrtDt * Tensor.Normal([B, 1], rng));
            x = x - ((s + (0.005 * nu)) * nu * dt);
            q = q + (nu * dt);
            run = run + (phi * q * q * dt);
        }

        var loss = -(x + (q * (s - (a * q))) - run).Mean();
        _opt.ZeroGrad();
        loss.Backward();
        _opt.Step();
    }
}
