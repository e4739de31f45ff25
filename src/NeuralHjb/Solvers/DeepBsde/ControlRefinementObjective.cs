using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// The control refinement's loss: the mean over paths under the shifted measure of g(X_T) + Σ(f(Ẑ) − Ẑ·β)h − Σ Ẑ·ΔW^Q
/// (the Girsanov estimate of Y₀ with the same feedback Ẑ as <see cref="GirsanovValueEstimator"/>, without extrapolation),
/// differentiable in Z₀ and the network. For a generator concave in z its expectation is the cost of the feedback control,
/// minimal at the true Z; the −Σ Ẑ·ΔW^Q term has mean zero and steadies the reported value.
/// </summary>
internal sealed class ControlRefinementObjective(ISemilinearPde pde, DeepBsdeOptions options, ControlRefinementOptions refinement, ForwardTrainedZ z)
{
    public LossEvaluation Evaluate(int step)
    {
        var dtype = options.DType;
        var n = options.TimeSteps;
        var dt = pde.Horizon / n;
        var m = refinement.SubSteps;
        var h = dt / m;
        var generator = new Philox(options.Seed, SolverStreams.Refinement + (ulong)step);
        var feedback = new FeedbackZ(pde, n, z.EvaluateWithGraph, dtype, keepGraph: true);
        var path = new ControlledPath(pde.InitialStates(refinement.BatchSize, dtype), keepGraph: true);
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < m; k++)
            {
                path.Step(pde, feedback, i, (double)k / m, (i * dt) + (k * h), h, pde.SampleIncrements(refinement.BatchSize, h, generator, dtype));
            }
        }

        var cost = path.Total(pde).Mean();
        return new LossEvaluation(cost, [new("y0", cost)]);
    }
}
