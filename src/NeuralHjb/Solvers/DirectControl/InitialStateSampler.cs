using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DirectControl;

/// <summary>
/// Where rollouts start. A policy only learns the states its rollouts visit, and a feedback u(t, q) fitted
/// on a single deterministic path cannot be regressed on q (<see cref="Analysis.PolicyProjection"/> needs
/// spread), so direct-control training usually spreads the starting inventory over a range.
/// </summary>
public sealed class InitialStateSampler
{
    private readonly double[]? _low;
    private readonly double[]? _high;

    private InitialStateSampler(double[]? low, double[]? high)
    {
        _low = low;
        _high = high;
    }

    /// <summary>Gets the sampler that asks the problem (<see cref="IDynamics.SampleInitialState"/>).</summary>
    public static InitialStateSampler FromProblem { get; } = new(null, null);

    /// <summary>Gets the lower corner of the box, or null for <see cref="FromProblem"/>.</summary>
    public IReadOnlyList<double>? Low => _low;

    /// <summary>Gets the upper corner of the box, or null for <see cref="FromProblem"/>.</summary>
    public IReadOnlyList<double>? High => _high;

    /// <summary>Uniform draws from a box; a coordinate with low = high is held fixed.</summary>
    /// <param name="low">Lower corner (finite).</param>
    /// <param name="high">Upper corner (finite, each at least the matching low).</param>
    /// <returns>The sampler.</returns>
    public static InitialStateSampler Box(IReadOnlyList<double> low, IReadOnlyList<double> high)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Count != high.Count || low.Count == 0)
        {
            throw new ArgumentException($"low and high must have the same, non-zero length (got {low.Count} and {high.Count}).", nameof(high));
        }

        for (var i = 0; i < low.Count; i++)
        {
            if (!double.IsFinite(low[i]) || !double.IsFinite(high[i]) || high[i] < low[i])
            {
                throw new ArgumentOutOfRangeException(nameof(high), $"initial-state coordinate {i} needs finite low ≤ high (got [{low[i]}, {high[i]}]).");
            }
        }

        return new InitialStateSampler([.. low], [.. high]);
    }

    /// <summary>Draws initial states.</summary>
    /// <param name="dynamics">The dynamics (its own initial state is used by <see cref="FromProblem"/>).</param>
    /// <param name="count">Batch size.</param>
    /// <param name="generator">Random source.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>[count, d].</returns>
    public Tensor Sample(IDynamics dynamics, int count, Philox generator, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        if (_low is null || _high is null)
        {
            return dynamics.SampleInitialState(count, generator, dtype);
        }

        if (_low.Length != dynamics.StateDimension)
        {
            throw new ArgumentException($"the initial-state box has {_low.Length} coordinates but the state has {dynamics.StateDimension}.", nameof(dynamics));
        }

        var width = new double[_low.Length];
        for (var i = 0; i < width.Length; i++)
        {
            width[i] = _high[i] - _low[i];
        }

        var u = Tensor.Uniform([count, _low.Length], generator, 0, 1, dtype);
        return (u * Tensor.FromSpan(width, [_low.Length], dtype)) + Tensor.FromSpan(_low, [_low.Length], dtype);
    }
}
