namespace NeuralHjb.Training;

/// <summary>
/// Training produced a NaN or infinite loss term or gradient. The message names the step, the
/// offending terms and parameters; <see cref="LastGoodCheckpoint"/> points at the last checkpoint
/// written before the divergence, if any.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with a diagnostic.</summary>
    public TrainingDivergedException(int step, IReadOnlyDictionary<string, double> terms, IReadOnlyList<string> nonFiniteParameters, string? lastGoodCheckpoint)
        : base(Describe(step, terms, nonFiniteParameters, lastGoodCheckpoint))
    {
        Step = step;
        Terms = terms;
        NonFiniteParameters = nonFiniteParameters;
        LastGoodCheckpoint = lastGoodCheckpoint;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
        Terms = new Dictionary<string, double>();
        NonFiniteParameters = [];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Terms = new Dictionary<string, double>();
        NonFiniteParameters = [];
    }

    /// <summary>Creates an empty exception.</summary>
    public TrainingDivergedException()
        : this("training diverged")
    {
    }

    /// <summary>The global step (1-based) whose loss or gradient was not finite.</summary>
    public int Step { get; }

    /// <summary>The loss terms at that step (the total under "loss").</summary>
    public IReadOnlyDictionary<string, double> Terms { get; }

    /// <summary>Names of parameters whose gradient had a NaN or infinite entry.</summary>
    public IReadOnlyList<string> NonFiniteParameters { get; }

    /// <summary>The last checkpoint written before the divergence, or null.</summary>
    public string? LastGoodCheckpoint { get; }

    private static string Describe(int step, IReadOnlyDictionary<string, double> terms, IReadOnlyList<string> parameters, string? checkpoint)
    {
        var bad = terms.Where(kv => !double.IsFinite(kv.Value)).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        var text = $"training diverged at step {step}: ";
        text += bad.Count > 0 ? "non-finite loss terms " + string.Join(", ", bad) : "the loss terms were finite";
        text += parameters.Count > 0 ? $"; non-finite gradients in {string.Join(", ", parameters.Take(8))}{(parameters.Count > 8 ? $" and {parameters.Count - 8} more" : string.Empty)}" : string.Empty;
        text += checkpoint is null ? "; no checkpoint was written before it" : $"; last good checkpoint: {checkpoint}";
        return text + ". Lower the learning rate, clip gradients, or check the problem's parameters.";
    }
}
