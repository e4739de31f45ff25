using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>The Z of the backward schemes: the Z outputs of each step's network (DBDP1) or σᵀ∇Uᵢ (DBDP2).</summary>
internal sealed class DbdpTrainedZ(ISemilinearPde pde, IReadOnlyList<Mlp> models, DbdpScheme scheme) : ITrainedZ
{
    public int TimeSteps => models.Count;

    public double Horizon => pde.Horizon;

    public Tensor Evaluate(int timeIndex, Tensor states)
    {
        var d = pde.Dimension;
        TrainedZChecks.Check(timeIndex, TimeSteps, states, d);
        if (scheme == DbdpScheme.Dbdp2)
        {
            var time = Tensor.Scalar(timeIndex * Horizon / TimeSteps, states.DType);
            return DbdpSolver.ValueAndGradientZ(pde, models[timeIndex], time, states, createGraph: false).Z.Detach();
        }

        using var _ = Autograd.NoGrad();
        return models[timeIndex].Forward(states).Slice(1, 1, d).Contiguous();
    }
}
