using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>Options of <see cref="GirsanovValueEstimator"/>. The defaults suit d ≤ 100 on a laptop (a few seconds).</summary>
public sealed record GirsanovEstimateOptions
{
    /// <summary>Gets the number of simulated paths (≥ 2). Default 65,536.</summary>
    public int Paths { get; init; } = 65_536;

    /// <summary>Gets how many paths are simulated at once (≥ 1; bounds memory). Default 8192.</summary>
    public int ChunkSize { get; init; } = 8192;

    /// <summary>
    /// Gets M ≥ 1, the Euler sub-steps per interval of the solver's grid. Zₙ is a function of the state, so it is
    /// re-evaluated at every sub-step; more sub-steps shrink the time-discretisation error of the controlled paths,
    /// which is first order in T/(N·M). Default 4.
    /// </summary>
    public int SubSteps { get; init; } = 4;

    /// <summary>
    /// Gets a value indicating whether the first-order time-discretisation error is removed by Richardson extrapolation:
    /// each path is also simulated with 2M sub-steps on the same Brownian path and the estimate is 2 J(2M) − J(M).
    /// Default true.
    /// </summary>
    public bool Extrapolate { get; init; } = true;

    /// <summary>Gets the seed of the simulation (independent of the training seed's streams). Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Gets the element type of the states (the trained Z's). Default float64.</summary>
    public DType DType { get; init; } = DType.Float64;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the option and the rule it breaks.</exception>
    public void Validate()
    {
        if (Paths < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Paths), Paths, "paths must be at least 2 (a standard error needs two).");
        }

        if (ChunkSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ChunkSize), ChunkSize, "chunkSize must be at least 1.");
        }

        if (SubSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SubSteps), SubSteps, "subSteps must be at least 1.");
        }

        if (DType is not (DType.Float32 or DType.Float64))
        {
            throw new ArgumentOutOfRangeException(nameof(DType), DType, "dType must be float32 or float64.");
        }
    }
}
