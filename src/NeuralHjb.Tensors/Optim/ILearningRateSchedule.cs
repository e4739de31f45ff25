namespace NeuralHjb.Optim;

/// <summary>A learning rate as a function of the (0-based) optimisation step.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate for step <paramref name="step"/> (the step about to be taken; 0 for the first).</summary>
    /// <param name="step">A non-negative step index.</param>
    /// <returns>A finite, non-negative learning rate.</returns>
    double LearningRate(int step);
}
