using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>A batch of paths under the shifted measure Q with its running sum Σ(f(Ẑ) − Ẑ·β)h − Ẑ·ΔW^Q.</summary>
internal sealed class ControlledPath(Tensor start, bool keepGraph)
{
    private Tensor _x = start;
    private Tensor _sum = Tensor.Zeros([start.Shape[0], 1], start.DType);

    // The generator's y argument, never read (the problem's generator does not read y): one tensor for every step.
    private readonly Tensor _unreadY = Tensor.Zeros([start.Shape[0], 1], start.DType);

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
        var y = _unreadY;
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
