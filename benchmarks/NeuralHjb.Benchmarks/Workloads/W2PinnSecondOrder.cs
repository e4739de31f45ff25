using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Benchmarks.Workloads;

/// <summary>
/// W2: PINN step with second derivatives. V(t, x) is a 2-64-64-64-1 tanh MLP at batch 1024 (fresh
/// uniform points each step); V_t, V_x and V_xx by forward-mode autodiff (<see cref="Mlp.ForwardWithInputDerivatives"/>:
/// value, gradient and Hessian diagonal carried through the layers in one pass, differentiable in the parameters); residual
/// V_t − 0.5·(0.1·V_x)² / (V_xx − 1); mean square; backward to the parameters; Adam (lr 1e-3). float32.
/// </summary>
public sealed class W2PinnSecondOrder : IWorkload
{
    private Mlp _net = null!;
    private Adam _opt = null!;
    private ulong _step;

    public string Id => "W2";

    public int WarmUp => 3;

    public int Repetitions => 20;

    public void Setup()
    {
        _net = new Mlp([2, 64, 64, 64, 1], Activation.Tanh, generator: new Philox(0));
        _opt = new Adam(_net.Parameters().ToList(), 1e-3);
    }

    public void Step()
    {
        var tx = Tensor.Uniform([1024, 2], new Philox(2, _step++));
        var d = _net.ForwardWithInputDerivatives(tx, [0, 1], [1]);
        var vt = d.Gradient.Slice(1, 0, 1);
        var vx = d.Gradient.Slice(1, 1, 1);
        var vxx = d.SecondDiagonal;
        var res = vt - (0.5 * (0.1 * vx).Square() / (vxx - 1.0));
        var loss = res.Square().Mean();
        _opt.ZeroGrad();
        loss.Backward();
        _opt.Step();
    }
}
