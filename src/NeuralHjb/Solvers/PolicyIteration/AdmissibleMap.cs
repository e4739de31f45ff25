using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Maps a control network's raw output into the admissible set, coordinate by coordinate:
/// a bounded side pair [a, b] by a + (b − a)·sigmoid(z), a lower bound only by a + softplus(z),
/// an upper bound only by b − softplus(−z), and an unbounded coordinate by the identity.
/// Because the map is onto the open set, the control net never proposes an inadmissible control and
/// the improvement step needs no projection.
/// </summary>
public sealed class AdmissibleMap
{
    private readonly double[] _low;
    private readonly double[] _high;

    /// <summary>Creates the map for <paramref name="dimension"/> control coordinates.</summary>
    /// <param name="bounds">The admissible box, or null for unconstrained controls.</param>
    /// <param name="dimension">The number of control coordinates c.</param>
    public AdmissibleMap(ControlBounds? bounds, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (bounds is not null && bounds.Low.Count != dimension)
        {
            throw new ArgumentException($"bounds has {bounds.Low.Count} coordinates but the control has {dimension}.", nameof(bounds));
        }

        Bounds = bounds;
        Dimension = dimension;
        _low = new double[dimension];
        _high = new double[dimension];
        for (var i = 0; i < dimension; i++)
        {
            _low[i] = bounds?.Low[i] ?? double.NegativeInfinity;
            _high[i] = bounds?.High[i] ?? double.PositiveInfinity;
        }
    }

    /// <summary>Gets the admissible box, or null when unconstrained.</summary>
    public ControlBounds? Bounds { get; }

    /// <summary>Gets the number of control coordinates.</summary>
    public int Dimension { get; }

    /// <summary>Maps raw outputs [batch, c] to admissible controls [batch, c] (differentiable).</summary>
    /// <param name="raw">The network output.</param>
    /// <returns>Controls inside the admissible set.</returns>
    public Tensor Apply(Tensor raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Rank != 2 || raw.Size(1) != Dimension)
        {
            throw new ArgumentException($"raw must be [batch, {Dimension}] (got {raw}).", nameof(raw));
        }

        if (Bounds is null)
        {
            return raw;
        }

        if (Dimension == 1)
        {
            return Map(raw, 0);
        }

        var columns = new Tensor[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            columns[i] = Map(raw.Slice(1, i, 1), i);
        }

        return Tensor.Concat(columns, 1);
    }

    /// <summary>The raw value that maps to <paramref name="control"/> in coordinate <paramref name="index"/> (used to initialise the output bias).</summary>
    /// <param name="index">The control coordinate.</param>
    /// <param name="control">A control strictly inside the admissible interval.</param>
    /// <returns>The preimage.</returns>
    public double Inverse(int index, double control)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Dimension);
        double lo = _low[index], hi = _high[index];
        if (!(control > lo && control < hi))
        {
            throw new ArgumentOutOfRangeException(nameof(control), control, $"control must lie strictly inside ({lo}, {hi}).");
        }

        if (double.IsFinite(lo) && double.IsFinite(hi))
        {
            var s = (control - lo) / (hi - lo);
            return Math.Log(s / (1 - s));
        }

        if (double.IsFinite(lo))
        {
            return InverseSoftplus(control - lo);
        }

        return double.IsFinite(hi) ? -InverseSoftplus(hi - control) : control;
    }

    /// <summary>A control in the middle of the admissible interval of <paramref name="index"/> (0 where unbounded on both sides).</summary>
    /// <param name="index">The control coordinate.</param>
    /// <returns>The midpoint, a point one unit inside a single bound, or 0.</returns>
    public double Center(int index)
    {
        double lo = _low[index], hi = _high[index];
        if (double.IsFinite(lo) && double.IsFinite(hi))
        {
            return 0.5 * (lo + hi);
        }

        return double.IsFinite(lo) ? lo + 1 : double.IsFinite(hi) ? hi - 1 : 0;
    }

    private Tensor Map(Tensor z, int i)
    {
        double lo = _low[i], hi = _high[i];
        if (double.IsFinite(lo) && double.IsFinite(hi))
        {
            return (z.Sigmoid() * (hi - lo)) + lo;
        }

        if (double.IsFinite(lo))
        {
            return z.Softplus() + lo;
        }

        return double.IsFinite(hi) ? z.Neg().Softplus().RSub(hi) : z;
    }

    private static double InverseSoftplus(double y) => y > 30 ? y : Math.Log(Math.Exp(y) - 1);
}
