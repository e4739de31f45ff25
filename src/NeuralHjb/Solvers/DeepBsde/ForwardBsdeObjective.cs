using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// One evaluation of the forward deep BSDE loss: simulate X, unroll Yₙ₊₁ = Yₙ − f(tₙ, Xₙ, Yₙ, Zₙ)Δt + Zₙ·ΔWₙ
/// from the trainable (Y₀, Z₀) with Zₙ from the network, and compare Y_N with g(X_N).
/// </summary>
/// <remarks>
/// Organised for few, large tensor operations: every Zₙ comes from one network call on all interior
/// states, every Zₙ·ΔWₙ from one product and reduction, and when f does not read y (HJB-LQ) f is evaluated
/// once over all steps and the whole recursion collapses to a sum over the time axis. Only when f reads y
/// is there a loop over time steps, on [B, 1] values. With θ = <see cref="DeepBsdeOptions.GeneratorTheta"/> &gt; 0 the generator
/// is weighted (1 − θ) at the start and θ at the end of each step; when f does not read y that is
/// Σₙ fₙ + θ(f_N − f₀) over the same one-call evaluation plus f_N.
/// </remarks>
internal sealed class ForwardBsdeObjective
{
    private readonly ISemilinearPde _pde;
    private readonly DeepBsdeOptions _options;
    private readonly Tensor _y0;
    private readonly Tensor _z0;
    private readonly IZNetwork? _network;
    private readonly int _n;
    private readonly int _b;
    private readonly int _d;
    private readonly double _dt;
    private readonly bool _readsY;
    private readonly bool _readsZ;
    private readonly Tensor[] _times;
    private readonly Tensor _endTime;
    private readonly Tensor? _allTimes;
    private readonly Tensor _zeroY;
    private readonly Tensor _zeroZ;

    public ForwardBsdeObjective(ISemilinearPde pde, DeepBsdeOptions options, Tensor y0, Tensor z0, IZNetwork? network)
    {
        _pde = pde;
        _options = options;
        _y0 = y0;
        _z0 = z0;
        _network = network;
        _n = options.TimeSteps;
        _b = options.BatchSize;
        _d = pde.Dimension;
        _dt = pde.Horizon / _n;
        var args = pde.GeneratorArguments;
        _readsY = (args & GeneratorArguments.Value) != 0;
        _readsZ = (args & GeneratorArguments.Gradient) != 0;
        var dtype = options.DType;
        _endTime = Tensor.Scalar(pde.Horizon, dtype);
        _times = new Tensor[_n];
        for (var i = 0; i < _n; i++)
        {
            _times[i] = Tensor.Scalar(i * _dt, dtype);
        }

        if (!_readsY)
        {
            // f over all steps in one call: t as a [N·B, 1] column, y unused (zeros).
            var t = new double[_n * _b];
            for (var i = 0; i < _n; i++)
            {
                Array.Fill(t, i * _dt, i * _b, _b);
            }

            _allTimes = Tensor.FromSpan(t, [_n * _b, 1], dtype);
            _zeroY = Tensor.Zeros([_n * _b, 1], dtype);
            _zeroZ = Tensor.Zeros([_n * _b, _d], dtype);
        }
        else
        {
            _zeroY = Tensor.Zeros([_b, 1], dtype);
            _zeroZ = Tensor.Zeros([_b, _d], dtype);
        }
    }

    public LossEvaluation Evaluate(int step)
    {
        var paths = EulerPaths.Simulate(_pde, _n, _n, _b, new Philox(_options.Seed, (ulong)step), _options.DType);
        var x = paths.States;
        Tensor dwT;
        Tensor? interior = null;
        using (Autograd.NoGrad())
        {
            // Z is produced feature-major ([·, d, B]); the increments follow it so Z·ΔW is one product and one reduction.
            dwT = paths.Increments.Transpose(1, 2).Contiguous();
            if (_network is not null)
            {
                interior = x.Slice(0, 1, _n - 1);
                interior = _network.WantsFeatureMajor ? interior.Transpose(1, 2).Contiguous() : interior;
            }
        }

        var zT = _z0.Reshape([1, _d, 1]).Expand([1, _d, _b]);
        if (_network is not null)
        {
            zT = Tensor.Concat([zT, _network.Forward(interior!)], 0);
        }

        var martingale = (zT * dwT).Sum(1, keepDim: true); // [N, 1, B]
        var theta = _options.GeneratorTheta;
        var terminalZ = theta > 0 && _readsZ ? TerminalZ.Evaluate(_pde, _endTime, x.Select(0, _n)) : _zeroZ.Slice(0, 0, _b);
        Tensor yT;
        if (!_readsY)
        {
            var z = _readsZ ? zT.Transpose(1, 2).Contiguous().Reshape([_n * _b, _d]) : _zeroZ;
            var f = _pde.Generator(_allTimes!, x.Slice(0, 0, _n).Reshape([_n * _b, _d]), _zeroY, z).Reshape([_n, _b]);
            if (theta == 0)
            {
                yT = (martingale.Reshape([_n, _b]) - (f * _dt)).Sum(0).Reshape([_b, 1]) + _y0;
            }
            else
            {
                var fEnd = _pde.Generator(_endTime, x.Select(0, _n), _zeroY.Slice(0, 0, _b), terminalZ).Reshape([_b]);
                var generator = f.Sum(0) + ((fEnd - f.Select(0, 0)) * theta);
                yT = (martingale.Reshape([_n, _b]).Sum(0) - (generator * _dt)).Reshape([_b, 1]) + _y0;
            }
        }
        else
        {
            var steps = martingale.Reshape([_n, _b, 1]);
            var z = _readsZ ? zT.Transpose(1, 2).Contiguous() : null;
            var y = _y0.Expand([_b, 1]);
            var f = _pde.Generator(_times[0], x.Select(0, 0), y, z is null ? _zeroZ : z.Select(0, 0));
            for (var i = 0; i < _n; i++)
            {
                var explicitStep = y - (f * _dt) + steps.Select(0, i);
                if (theta == 0)
                {
                    y = explicitStep;
                    if (i + 1 < _n)
                    {
                        f = _pde.Generator(_times[i + 1], x.Select(0, i + 1), y, z is null ? _zeroZ : z.Select(0, i + 1));
                    }

                    continue;
                }

                // f at the step's end, at the explicit prediction of Yₙ₊₁ (Heun); it is also the next step's start value.
                var zNext = z is null ? _zeroZ : i + 1 < _n ? z.Select(0, i + 1) : terminalZ;
                var fNext = _pde.Generator(i + 1 < _n ? _times[i + 1] : _endTime, x.Select(0, i + 1), explicitStep, zNext);
                y = y - (((f * (1 - theta)) + (fNext * theta)) * _dt) + steps.Select(0, i);
                f = fNext;
            }

            yT = y;
        }

        var loss = HuberLikeLoss.Mean(yT - _pde.Terminal(x.Select(0, _n)), _options.LossClip);
        return new LossEvaluation(loss, [new("y0", _y0)]);
    }
}
