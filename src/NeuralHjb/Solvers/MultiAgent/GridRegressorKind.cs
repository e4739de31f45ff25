namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>The network that regresses the two conditional moments over an agent's control grid.</summary>
public enum GridRegressorKind
{
    /// <summary>
    /// The residual attention U-net (the published choice): the grid of controls is the 1-D axis the network
    /// convolves and attends over; the previous step's estimate enters through its residual path.
    /// </summary>
    ResidualAttentionUNet,

    /// <summary>
    /// A plain multilayer perceptron from the state to all grid outputs at once (much cheaper on a CPU); the
    /// previous step's estimate is an input and is added back through a learned scalar.
    /// </summary>
    Mlp,
}
