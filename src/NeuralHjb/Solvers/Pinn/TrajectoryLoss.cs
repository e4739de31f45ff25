using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// The multi-trajectory terminal loss: Euler rollouts under u*(∇V) from start states and horizons,
/// mean terminal penalty, differentiable through every step (back-propagation through time).
/// </summary>
internal sealed class TrajectoryLoss
{
    private readonly ControlProblem _problem;
    private readonly HjbResidual _hjb;
    private readonly TrajectoryLossOptions _options;
    private readonly double[] _horizons;
    private readonly Tensor? _starts;
    private readonly StateDomain _domain;

    public TrajectoryLoss(ControlProblem problem, HjbResidual hjb, TrajectoryLossOptions options, StateDomain domain, DType dtype)
    {
        _problem = problem;
        _hjb = hjb;
        _options = options;
        _domain = domain;
        _horizons = options.Horizons is { } h ? [.. h] : [problem.Horizon];
        _starts = options.StartStates?.Detach().To(dtype);
    }

    public Tensor Evaluate(Func<Tensor, Tensor, Tensor> value, Philox g, DType dtype, Func<int, PreferenceBatch?> preferences)
    {
        var n = _options.BatchSize;
        var steps = _options.Steps;
        var pick = Tensor.Uniform([n, 2], g, 0, 1, DType.Float64).ToDoubleArray();
        var horizon = new double[n];
        Tensor x;
        if (_starts is { } starts)
        {
            var rows = new int[n];
            for (var i = 0; i < n; i++)
            {
                rows[i] = Math.Min((int)(pick[2 * i] * starts.Size(0)), starts.Size(0) - 1);
            }

            x = starts.IndexSelect(0, rows);
        }
        else
        {
            x = _domain.Sample(n, g, dtype);
        }

        for (var i = 0; i < n; i++)
        {
            horizon[i] = _horizons[Math.Min((int)(pick[(2 * i) + 1] * _horizons.Length), _horizons.Length - 1)];
        }

        var h = Tensor.FromSpan(horizon, [n, 1], dtype);
        var dt = h / steps;
        var sqrtDt = dt.Sqrt();
        var t0 = (_problem.Horizon - h).Detach();
        var prefs = preferences(n);
        var needsHessian = _problem.HamiltonianMinimizer!.NeedsHessian;
        x = x.Detach().RequireGrad();
        for (var k = 0; k < steps; k++)
        {
            var t = t0 + (dt * k);
            var d = _hjb.DerivativesAt(value, t, x, includeTime: false, includeSecondOrder: needsHessian, createGraph: true);
            var u = _hjb.OptimalControl(d, prefs);
            var next = x + (_problem.Dynamics.Drift(t, x, u, prefs) * dt);
            if (_options.Noise && _problem.Dynamics.NoiseDimension > 0)
            {
                var z = Tensor.Normal([n, _problem.Dynamics.NoiseDimension], g, 0, 1, dtype) * sqrtDt;
                next = next + _problem.Dynamics.DiffusionTimes(t, x, u, z, prefs);
            }

            x = next;
        }

        var penalty = _options.Penalty is { } p ? p(x) : _problem.Cost.TerminalCost(x, prefs);
        return penalty.Mean();
    }
}
