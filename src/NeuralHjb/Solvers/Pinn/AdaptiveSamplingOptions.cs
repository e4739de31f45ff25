namespace NeuralHjb.Solvers.Pinn;

/// <summary>Options of residual-based adaptive sampling (<see cref="ResidualAdaptiveSampler"/>).</summary>
public sealed record AdaptiveSamplingOptions
{
    /// <summary>Gets how often (in optimiser steps) the pool is rebuilt from fresh candidates. Default 250.</summary>
    public int RefreshEvery { get; init; } = 250;

    /// <summary>Gets the number of uniform candidates scored at each refresh. Default 8192.</summary>
    public int Candidates { get; init; } = 8192;

    /// <summary>Gets the number of highest-residual candidates kept in the pool. Default 1024.</summary>
    public int PoolSize { get; init; } = 1024;

    /// <summary>Gets the fraction of each collocation batch drawn from the pool, in [0, 1]; the rest stays uniform. Default 0.25.</summary>
    public double BatchFraction { get; init; } = 0.25;

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the option and its rule.</exception>
    public void Validate()
    {
        PinnGuard.PositiveCount(RefreshEvery, nameof(RefreshEvery));
        PinnGuard.PositiveCount(Candidates, nameof(Candidates));
        PinnGuard.PositiveCount(PoolSize, nameof(PoolSize));
        if (PoolSize > Candidates)
        {
            throw new ArgumentOutOfRangeException(nameof(PoolSize), PoolSize, $"PoolSize must not exceed Candidates ({Candidates}).");
        }

        PinnGuard.InRange(BatchFraction, 0, 1, nameof(BatchFraction));
    }
}
