using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DirectControl;

/// <summary>
/// Options of <see cref="DirectControlSolver"/>: the rollout grid, the policy network, the optimiser and
/// the validation. The defaults are a fast, accurate configuration for one-dimensional execution problems;
/// <see cref="Paper"/> is the Leal–Laurière–Lehalle set-up.
/// </summary>
public sealed record DirectControlOptions
{
    /// <summary>Gets a configuration for tests and smoke runs (seconds).</summary>
    public static DirectControlOptions Quick { get; } = new() { Iterations = 800, ValidationEvery = 100, ValidationBatchSize = 256 };

    /// <summary>Gets the default configuration.</summary>
    public static DirectControlOptions Standard { get; } = new();

    /// <summary>
    /// Gets the paper's configuration: 77 steps, 3 hidden layers of 5 tanh units, dropout 0.2, Adam at a
    /// constant 5e-4, batch 64, 100,000 iterations (hours on a CPU).
    /// </summary>
    public static DirectControlOptions Paper { get; } = new()
    {
        HiddenWidths = [5, 5, 5],
        Dropout = 0.2,
        LearningRate = 5e-4,
        FinalLearningRate = 5e-4,
        Iterations = 100_000,
        ValidationEvery = 1000,
    };

    /// <summary>Gets N, the decision steps of a rollout (77: five-minute bins of a 6.5-hour day). At least 1.</summary>
    public int TimeSteps { get; init; } = 77;

    /// <summary>Gets the number of optimiser steps. At least 1.</summary>
    public int Iterations { get; init; } = 8000;

    /// <summary>Gets the number of paths per training rollout. At least 1.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Gets Adam's initial learning rate (positive).</summary>
    public double LearningRate { get; init; } = 3e-2;

    /// <summary>Gets the learning rate reached at the last iteration by cosine annealing (positive, at most <see cref="LearningRate"/>; equal for a constant rate).</summary>
    public double FinalLearningRate { get; init; } = 2e-4;

    /// <summary>Gets the hidden layer widths (at least one layer).</summary>
    public IReadOnlyList<int> HiddenWidths { get; init; } = [16, 16];

    /// <summary>Gets the hidden activation.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Gets the dropout probability after each hidden layer, in [0, 1) (0: none). Validation runs without it.</summary>
    public double Dropout { get; init; }

    /// <summary>Gets the fixed factor on the network output (positive): the typical size of the control.</summary>
    public double OutputScale { get; init; } = 1;

    /// <summary>Gets whether the policy also sees ln((T − t)/T + 0.01): helps a small network follow controls that steepen near the horizon.</summary>
    public bool TimeToGoFeature { get; init; }

    /// <summary>Gets the state coordinates the policy observes, or null for all of them.</summary>
    public IReadOnlyList<int>? PolicyStateIndices { get; init; }

    /// <summary>Gets the input ranges of the observed coordinates (mapped to [−1, 1]), or null for the problem's domain.</summary>
    public IReadOnlyList<(double Low, double High)>? PolicyStateRanges { get; init; }

    /// <summary>Gets whether to train one multi-preference policy: preferences are sampled per path and fed to the network.</summary>
    public bool MultiPreference { get; init; }

    /// <summary>
    /// Gets the preference ranges to sample from when <see cref="MultiPreference"/> is set, or null for the
    /// problem's declared ones. Names must be declared by the problem.
    /// </summary>
    public IReadOnlyList<PreferenceSpec>? PreferenceRanges { get; init; }

    /// <summary>Gets where rollouts start.</summary>
    public InitialStateSampler InitialStates { get; init; } = InitialStateSampler.FromProblem;

    /// <summary>Gets where the Brownian increments come from (model noise by default).</summary>
    public IIncrementSource Increments { get; init; } = GaussianIncrements.Instance;

    /// <summary>
    /// Gets whether paths come in antithetic pairs (increments dW and −dW with the same start and preferences;
    /// needs an even <see cref="BatchSize"/>). Unbiased, and it cancels the part of the cost that is linear in
    /// the noise (in execution problems the mark-to-market term q·σdW), which otherwise dominates the gradient noise.
    /// </summary>
    public bool Antithetic { get; init; } = true;

    /// <summary>Gets how often (in iterations, at least 1) the policy is evaluated on the held-out batch.</summary>
    public int ValidationEvery { get; init; } = 100;

    /// <summary>Gets the number of held-out paths (fixed for the whole run). At least 1.</summary>
    public int ValidationBatchSize { get; init; } = 1024;

    /// <summary>Gets whether the returned policy is the one with the lowest validation cost rather than the last one.</summary>
    public bool KeepBestValidated { get; init; } = true;

    /// <summary>Gets the gradient-norm clip, or null for none.</summary>
    public double? ClipGradientNorm { get; init; } = 10;

    /// <summary>Gets the seed of the initial weights, the rollouts and the held-out batch.</summary>
    public ulong Seed { get; init; }

    /// <summary>Gets how often (in iterations, at least 1) progress is reported and history recorded.</summary>
    public int ReportEvery { get; init; } = 50;

    /// <summary>Gets the element type of the network and the rollouts.</summary>
    public DType DType { get; init; } = DType.Float32;

    /// <summary>Gets a policy to continue training from (fine-tuning), or null to start from fresh weights. Its layout wins over the network options.</summary>
    public DirectControlPolicy? InitialPolicy { get; init; }

    /// <summary>Gets an optional checkpoint file for the shared trainer (written at the end, on cancellation; replaced atomically).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Gets whether an existing <see cref="CheckpointPath"/> is resumed rather than overwritten. Off by default: a
    /// checkpoint does not record the options, so only a solve with the same options may resume it (it then ends
    /// bit-identical to an uninterrupted solve: the validation record and the dropout generator travel with the
    /// parameters).
    /// </summary>
    public bool ResumeFromCheckpoint { get; init; }

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the option and the rule it breaks.</exception>
    /// <exception cref="ArgumentException">When a list option is malformed.</exception>
    public void Validate()
    {
        AtLeastOne(TimeSteps, nameof(TimeSteps));
        AtLeastOne(Iterations, nameof(Iterations));
        AtLeastOne(BatchSize, nameof(BatchSize));
        AtLeastOne(ValidationEvery, nameof(ValidationEvery));
        AtLeastOne(ValidationBatchSize, nameof(ValidationBatchSize));
        AtLeastOne(ReportEvery, nameof(ReportEvery));
        if (Antithetic && BatchSize % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be even when Antithetic is set.");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive and finite.");
        }

        if (!(FinalLearningRate > 0) || FinalLearningRate > LearningRate)
        {
            throw new ArgumentOutOfRangeException(nameof(FinalLearningRate), FinalLearningRate, "FinalLearningRate must be positive and at most LearningRate.");
        }

        ArgumentNullException.ThrowIfNull(HiddenWidths, nameof(HiddenWidths));
        if (HiddenWidths.Count == 0 || HiddenWidths.Any(w => w < 1))
        {
            throw new ArgumentException("HiddenWidths needs at least one layer and every width at least 1.", nameof(HiddenWidths));
        }

        if (!(Dropout >= 0 && Dropout < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must lie in [0, 1).");
        }

        if (!(OutputScale > 0) || !double.IsFinite(OutputScale))
        {
            throw new ArgumentOutOfRangeException(nameof(OutputScale), OutputScale, "OutputScale must be positive and finite.");
        }

        if (ClipGradientNorm is { } clip && !(clip > 0 && double.IsFinite(clip)))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipGradientNorm), clip, "ClipGradientNorm must be positive and finite.");
        }

        if (PolicyStateRanges is not null && PolicyStateIndices is not null && PolicyStateRanges.Count != PolicyStateIndices.Count)
        {
            throw new ArgumentException($"PolicyStateRanges has {PolicyStateRanges.Count} entries but PolicyStateIndices has {PolicyStateIndices.Count}.", nameof(PolicyStateRanges));
        }

        ArgumentNullException.ThrowIfNull(InitialStates, nameof(InitialStates));
        ArgumentNullException.ThrowIfNull(Increments, nameof(Increments));
    }

    private static void AtLeastOne(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1.");
        }
    }
}
