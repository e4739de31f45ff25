using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Back-propagates from this tensor and accumulates gradients into <see cref="Grad"/> of every
    /// leaf that requires them.
    /// </summary>
    /// <param name="gradient">Seed gradient of this tensor's shape; may be null only for a one-element tensor.</param>
    /// <param name="retainGraph">Keep the graph so that another backward pass can run through it.</param>
    /// <param name="createGraph">Record the backward pass itself so that the gradients can be differentiated again.</param>
    /// <exception cref="ArgumentException">This tensor does not require gradients, or a non-scalar has no seed.</exception>
    /// <exception cref="InvalidOperationException">The graph was freed by an earlier backward pass.</exception>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false)
    {
        var seeds = Autograd.Seeds([this], gradient is null ? null : [gradient]);
        BackwardEngine.Run([this], seeds, null, createGraph, retainGraph || createGraph);
    }
}
