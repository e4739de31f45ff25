using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// Options of the backward least-squares solver (<see cref="DbdpSolver"/>): per time step one tanh network with a fixed
/// input normalisation, x ↦ (Uᵢ(x), Zᵢ(x)) for DBDP1 or x ↦ Uᵢ(x) with Zᵢ = σᵀ∇Uᵢ for DBDP2, fitted backward in time.
/// </summary>
public sealed record DbdpOptions
{
    /// <summary>Gets the scheme: a separate Z output (DBDP1) or Z from the gradient of U (DBDP2). Default <see cref="DbdpScheme.Dbdp1"/>.</summary>
    public DbdpScheme Scheme { get; init; } = DbdpScheme.Dbdp1;

    /// <summary>Gets the number N ≥ 1 of time steps. Default 20.</summary>
    public int TimeSteps { get; init; } = 20;

    /// <summary>Gets the number of fresh paths per optimiser step (≥ 1). Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Gets the per-step training (iterations, learning rates, warm start). Default: 1500 iterations for the last step, 400 for the others, Adam at 1e-3 then 3e-4.</summary>
    public BackwardStepOptions Steps { get; init; } = new()
    {
        Iterations = 400,
        FirstStepIterations = 1500,
        LearningRates = [1e-3, 3e-4],
        LearningRateBoundaries = [300],
    };

    /// <summary>Gets the hidden width (≥ 1); null for d + 10. Default null.</summary>
    public int? HiddenWidth { get; init; }

    /// <summary>Gets the number of hidden layers (≥ 1). Default 2.</summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>Gets the seed of the initial weights and of every step's paths. Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Gets the element type. Default float64.</summary>
    public DType DType { get; init; } = DType.Float64;

    /// <summary>
    /// Gets a folder for per-time-step checkpoints (<c>step-i.safetensors</c>, see
    /// <see cref="BackwardStepOptions.CheckpointDirectory"/>); null to use <see cref="BackwardStepOptions.CheckpointDirectory"/> of
    /// <see cref="Steps"/>. Default null.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>
    /// Gets whether existing per-step checkpoints are resumed rather than overwritten (see
    /// <see cref="BackwardStepOptions.ResumeFromCheckpoint"/>; either flag turns it on). Default false.
    /// </summary>
    public bool ResumeFromCheckpoint { get; init; }

    /// <summary>Gets the defaults.</summary>
    public static DbdpOptions Standard => new();

    /// <summary>Gets a short run for smoke tests: 300 iterations for the last step and 100 for the others.</summary>
    public static DbdpOptions Quick => new() { Steps = new BackwardStepOptions { Iterations = 100, FirstStepIterations = 300, LearningRates = [1e-3] } };

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it and the rule).</exception>
    /// <exception cref="ArgumentException">The learning-rate schedule is inconsistent.</exception>
    public void Validate()
    {
        OptionChecks.AtLeast(TimeSteps, 1, nameof(TimeSteps));
        OptionChecks.AtLeast(BatchSize, 1, nameof(BatchSize));
        if (!Enum.IsDefined(Scheme))
        {
            throw new ArgumentOutOfRangeException(nameof(Scheme), Scheme, "Scheme must be Dbdp1 or Dbdp2.");
        }

        if (CheckpointDirectory is { Length: 0 })
        {
            throw new ArgumentException("CheckpointDirectory must be null or a folder path, not empty.", nameof(CheckpointDirectory));
        }

        ArgumentNullException.ThrowIfNull(Steps, nameof(Steps));
        Steps.Validate();
        if (HiddenWidth is { } w)
        {
            OptionChecks.AtLeast(w, 1, nameof(HiddenWidth));
        }

        OptionChecks.AtLeast(HiddenLayers, 1, nameof(HiddenLayers));
        if (!Enum.IsDefined(DType))
        {
            throw new ArgumentOutOfRangeException(nameof(DType), DType, "DType must be Float32 or Float64.");
        }
    }
}
