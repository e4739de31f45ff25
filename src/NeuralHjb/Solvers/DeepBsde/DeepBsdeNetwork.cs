namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>How the forward deep BSDE method represents Zₙ = σᵀ∇u(tₙ, Xₙ) at the interior time steps.</summary>
public enum DeepBsdeNetwork
{
    /// <summary>
    /// One BatchNorm subnet per interior time step (Han–Jentzen–E's published architecture,
    /// <see cref="NeuralHjb.Nn.BsdeSubnet"/>), evaluated together as <see cref="StackedBsdeSubnets"/>.
    /// </summary>
    PerStepBatchNorm,

    /// <summary>
    /// A single multilayer perceptron shared by all time steps that takes (t, x), with a fixed input
    /// normalisation estimated from a pilot batch of paths. Far fewer parameters; no BatchNorm.
    /// </summary>
    SharedTimeConditioned,
}
