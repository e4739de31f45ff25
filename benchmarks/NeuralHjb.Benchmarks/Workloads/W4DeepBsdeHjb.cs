using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Benchmarks.Workloads;

/// <summary>
/// W4: one Han–Jentzen–E deep BSDE iteration on HJB-LQ, d = 100, T = 1, N = 20, λ = 1, batch 64, float64:
/// simulate X, unroll Y with 19 <see cref="BsdeSubnet"/>s, Huber-like loss (clip 50) against
/// g(X_T) = ln((1 + |x|²)/2), backward, Adam (lr 1e-2).
/// </summary>
public sealed class W4DeepBsdeHjb : IWorkload
{
    private const int D = 100;
    private const int N = 20;
    private const int B = 64;
    private const double Lambda = 1.0;
    private const double Clip = 50.0;
    private Tensor _y0 = null!;
    private Tensor _z0 = null!;
    private BsdeSubnet[] _subs = [];
    private Adam _opt = null!;
    private ulong _step;

    public string Id => "W4";

    public int WarmUp => 5;

    public int Repetitions => 30;

    public void Setup()
    {
        var rng = new Philox(1);
        _y0 = Tensor.Uniform([1], rng, dtype: DType.Float64).RequireGrad();
        _z0 = Tensor.Uniform([1, D], rng, -0.1, 0.1, DType.Float64).RequireGrad();
        _subs = new BsdeSubnet[N - 1];
        var parameters = new List<Tensor> { _y0, _z0 };
        for (var i = 0; i < _subs.Length; i++)
        {
            _subs[i] = new BsdeSubnet(D, generator: rng, dtype: DType.Float64);
            parameters.AddRange(_subs[i].Parameters());
        }

        _opt = new Adam(parameters, 1e-2, epsilon: 1e-8);
    }

    public void Step()
    {
        const double T = 1.0;
        const double dt = T / N;
        var sigma = Math.Sqrt(2.0);
        var rng = new Philox(4, _step++);

        // Brownian increments and the forward state need no gradient: plain tensors.
        var dw = new Tensor[N];
        var x = new Tensor[N + 1];
        x[0] = Tensor.Zeros([B, D], DType.Float64);
        for (var i = 0; i < N; i++)
        {
            dw[i] = Tensor.Normal([B, D], rng, 0, Math.Sqrt(dt), DType.Float64);
            x[i + 1] = x[i] + (sigma * dw[i]);
        }

        var y = _y0 * Tensor.Ones([B, 1], DType.Float64);
        var z = _z0.Expand([B, D]);
        for (var t = 0; t < N; t++)
        {
            y = y + (dt * Lambda * (z * z).Sum(1, keepDim: true) / 2) + (z * dw[t]).Sum(1, keepDim: true);
            if (t < N - 1)
            {
                z = _subs[t].Forward(x[t + 1]) / D;
            }
        }

        var g = (0.5 * (1 + x[N].Square().Sum(1, keepDim: true))).Log();
        var diff = y - g;
        var abs = diff.Abs();
        var inside = Tensor.Compare(abs, Tensor.Scalar(Clip, DType.Float64), CompareOp.Less);
        var loss = Tensor.Where(inside, diff * diff, (2 * Clip * abs) - (Clip * Clip)).Mean();
        _opt.ZeroGrad();
        loss.Backward();
        _opt.Step();
    }
}
