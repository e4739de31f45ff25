using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// The Z of the forward method: the trained constant Z₀ at t₀ (every path starts at x₀) and the Z network at t₁ … t_{N−1}.
/// Per-step BatchNorm subnets are evaluated with the statistics of <see cref="CalibrationPaths"/> fresh paths, computed
/// on the first call.
/// </summary>
internal sealed class ForwardTrainedZ(ISemilinearPde pde, DeepBsdeOptions options, Tensor z0, IZNetwork? network) : ITrainedZ
{
    /// <summary>Paths whose states fix the BatchNorm statistics of the per-step subnets.</summary>
    public const int CalibrationPaths = 2048;

    public int TimeSteps => options.TimeSteps;

    public double Horizon => pde.Horizon;

    public Tensor Evaluate(int timeIndex, Tensor states)
    {
        TrainedZChecks.Check(timeIndex, TimeSteps, states, pde.Dimension);
        return Evaluate(timeIndex, states, keepGraph: false);
    }

    /// <summary>Zₙ with a graph to z0 and the network's parameters: the function the control refinement trains.</summary>
    internal Tensor EvaluateWithGraph(int timeIndex, Tensor states) => Evaluate(timeIndex, states, keepGraph: true);

    private Tensor Evaluate(int timeIndex, Tensor states, bool keepGraph)
    {
        var d = pde.Dimension;
        if (timeIndex == 0 || network is null)
        {
            using var _ = new OptionalNoGrad(!keepGraph);
            return (keepGraph ? z0 : z0.Detach()).Reshape([1, d]).Expand([states.Shape[0], d]).Contiguous();
        }

        return network.EvaluateStep(timeIndex - 1, states, CalibrationStates, keepGraph);
    }

    private Tensor CalibrationStates()
    {
        var paths = EulerPaths.Simulate(pde, TimeSteps, TimeSteps, CalibrationPaths, new Philox(options.Seed, SolverStreams.Calibration), options.DType);
        return paths.States.Slice(0, 1, TimeSteps - 1);
    }
}
