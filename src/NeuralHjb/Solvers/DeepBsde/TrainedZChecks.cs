using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>Argument checks shared by the <see cref="ITrainedZ"/> implementations.</summary>
internal static class TrainedZChecks
{
    public static void Check(int timeIndex, int timeSteps, Tensor states, int dimension)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (timeIndex < 0 || timeIndex >= timeSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(timeIndex), timeIndex, $"timeIndex must be in [0, {timeSteps}) (got {timeIndex}).");
        }

        if (states.Rank != 2 || states.Shape[1] != dimension)
        {
            throw new ArgumentException($"states must be [B, {dimension}]; got [{string.Join(", ", states.ShapeArray())}].", nameof(states));
        }
    }
}
