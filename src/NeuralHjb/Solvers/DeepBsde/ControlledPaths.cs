using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// Ẑ as a function of (time, state) for paths under the Girsanov-shifted measure: linear in time between Ẑₙ(x) and
/// Ẑₙ₊₁(x) on [tₙ, tₙ₊₁], with Ẑ_N = σᵀ∇g (a piecewise-constant Ẑ costs an error of order Δt²). Every path starts at
/// x₀, so a solver knows Ẑ₀ only there; Ẑ₀(x) is taken as Ẑ₀(x₀) + Ẑ₁(x) − Ẑ₁(x₀), which keeps the trained value at x₀
/// and the spatial variation of the next step's network (a constant Ẑ₀ cost about 0.2 % of u at d = 2 with N = 20).
/// </summary>
internal sealed class FeedbackZ
{
    private readonly ISemilinearPde _problem;
    private readonly Func<int, Tensor, Tensor> _evaluate;
    private readonly bool _keepGraph;
    private readonly Tensor _endTime;
    private readonly Tensor? _offset;

    /// <param name="problem">The PDE.</param>
    /// <param name="timeSteps">N of the grid.</param>
    /// <param name="evaluate">(n, states [B, d]) ↦ Ẑₙ(states), n &lt; N.</param>
    /// <param name="dtype">Element type.</param>
    /// <param name="keepGraph">Whether the values stay differentiable (training).</param>
    public FeedbackZ(ISemilinearPde problem, int timeSteps, Func<int, Tensor, Tensor> evaluate, DType dtype, bool keepGraph)
    {
        _problem = problem;
        _evaluate = evaluate;
        _keepGraph = keepGraph;
        TimeSteps = timeSteps;
        _endTime = Tensor.Scalar(problem.Horizon, dtype);
        if (timeSteps >= 2)
        {
            var start = problem.InitialStates(1, dtype);
            _offset = evaluate(0, start) - evaluate(1, start);
        }
    }

    public int TimeSteps { get; }

    /// <summary>Ẑ at tₙ + s(tₙ₊₁ − tₙ), 0 ≤ s &lt; 1.</summary>
    public Tensor At(int interval, double s, Tensor x)
    {
        var left = Node(interval, x);
        if (s == 0)
        {
            return left;
        }

        var right = Node(interval + 1, x);
        using var _ = new OptionalNoGrad(!_keepGraph);
        return (left * (1 - s)) + (right * s);
    }

    private Tensor Node(int n, Tensor x)
    {
        if (n == TimeSteps)
        {
            return TerminalZ.Evaluate(_problem, _endTime, x);
        }

        return n == 0 && _offset is { } offset ? _evaluate(1, x) + offset : _evaluate(n, x);
    }
}

/// <summary>A batch of paths under the shifted measure Q with its running sum Σ(f(Ẑ) − Ẑ·β)h − Ẑ·ΔW^Q.</summary>
internal sealed class ControlledPath(Tensor start, bool keepGraph)
{
    private Tensor _x = start;
    private Tensor _sum = Tensor.Zeros([start.Shape[0], 1], start.DType);

    /// <summary>One Euler step of length h from t: X driven by ΔW = ΔW^Q + βh.</summary>
    public void Step(ISemilinearPde problem, FeedbackZ z, int interval, double s, double t, double h, Tensor dWq)
    {
        var time = Tensor.Scalar(t, _x.DType);
        var zHat = z.At(interval, s, _x);
        var (f, beta) = GeneratorAndSlope(problem, time, _x, zHat);
        using var _ = new OptionalNoGrad(!keepGraph);
        _sum = _sum + ((f - (zHat * beta).Sum(1, keepDim: true)) * h) - (zHat * dWq).Sum(1, keepDim: true);
        _x = problem.ForwardStep(time, _x, h, dWq + (beta * h));
    }

    /// <summary>g(X_T) + the running sum, [B, 1].</summary>
    public Tensor Total(ISemilinearPde problem)
    {
        using var _ = new OptionalNoGrad(!keepGraph);
        return problem.Terminal(_x) + _sum;
    }

    // f(t, x, ẑ) and β = ∇_z f(t, x, ẑ) (zero when f does not read z); differentiable in ẑ when keeping the graph.
    private (Tensor F, Tensor Beta) GeneratorAndSlope(ISemilinearPde problem, Tensor t, Tensor x, Tensor zHat)
    {
        var y = Tensor.Zeros([x.Shape[0], 1], x.DType);
        if ((problem.GeneratorArguments & GeneratorArguments.Gradient) == 0)
        {
            using var _ = new OptionalNoGrad(!keepGraph);
            return (problem.Generator(t, x, y, zHat), Tensor.ZerosLike(zHat));
        }

        if (!Autograd.IsGradEnabled)
        {
            throw new InvalidOperationException("β = ∇_z f is computed by automatic differentiation: call the estimator outside Autograd.NoGrad().");
        }

        var input = keepGraph ? zHat : zHat.Detach().RequireGrad();
        var f = problem.Generator(t, x, y, input);
        var beta = Autograd.Grad([f], [input], [Tensor.OnesLike(f)], createGraph: keepGraph, allowUnused: true)[0];
        return keepGraph ? (f, beta) : (f.Detach(), beta.Detach());
    }
}

/// <summary>Autograd.NoGrad() when asked, else nothing.</summary>
internal readonly struct OptionalNoGrad(bool active) : IDisposable
{
    private readonly NoGradScope? _scope = active ? Autograd.NoGrad() : null;

    public void Dispose() => _scope?.Dispose();
}
