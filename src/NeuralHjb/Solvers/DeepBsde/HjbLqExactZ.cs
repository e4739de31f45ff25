using NeuralHjb.Reference;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// The exact Z of HJB-LQ's θ-scheme (<see cref="HjbLqSchemeSolution"/>) as an <see cref="ITrainedZ"/> on a coarser grid:
/// Zₙ is the scheme's Z at step n·(scheme steps / grid steps). With a fine scheme it is σᵀ∇u at the grid's times to the
/// scheme's accuracy; with the grid's own N it is what a perfect network of that scheme learns. Use it as the oracle
/// against which trained networks and value estimators are measured.
/// </summary>
public sealed class HjbLqExactZ : ITrainedZ
{
    private readonly HjbLqSchemeSolution _scheme;
    private readonly int _stride;

    /// <summary>Creates the oracle.</summary>
    /// <param name="scheme">The scheme's solution (x₀ = 0).</param>
    /// <param name="timeSteps">N of the grid, a divisor of the scheme's number of steps.</param>
    /// <exception cref="ArgumentException">N does not divide the scheme's number of steps.</exception>
    public HjbLqExactZ(HjbLqSchemeSolution scheme, int timeSteps)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeSteps, 1);
        if (scheme.TimeSteps % timeSteps != 0)
        {
            throw new ArgumentException($"timeSteps ({timeSteps}) must divide the scheme's {scheme.TimeSteps} steps.", nameof(timeSteps));
        }

        _scheme = scheme;
        _stride = scheme.TimeSteps / timeSteps;
        TimeSteps = timeSteps;
    }

    /// <inheritdoc />
    public int TimeSteps { get; }

    /// <inheritdoc />
    public double Horizon => _scheme.Horizon;

    /// <inheritdoc />
    public Tensor Evaluate(int timeIndex, Tensor states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Rank != 2)
        {
            throw new ArgumentException($"states must be [B, d], got rank {states.Rank}.", nameof(states));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(timeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(timeIndex, TimeSteps);
        var d = states.Shape[1];
        var x = states.ToDoubleArray();
        var z = new double[x.Length];
        for (var b = 0; b < states.Shape[0]; b++)
        {
            _scheme.Z(timeIndex * _stride, x.AsSpan(b * d, d), z.AsSpan(b * d, d));
        }

        return Tensor.FromSpan(z, [states.Shape[0], d], states.DType);
    }
}
