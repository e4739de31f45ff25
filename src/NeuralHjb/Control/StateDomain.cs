using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>One coordinate of a box domain: its name, unit and interval.</summary>
public sealed record DomainAxis
{
    /// <summary>Declares a coordinate.</summary>
    /// <param name="name">Name of the coordinate (e.g. "X", "S").</param>
    /// <param name="unit">Unit (e.g. "shares", "USD"); may be empty.</param>
    /// <param name="low">Lower end.</param>
    /// <param name="high">Upper end (greater than <paramref name="low"/>).</param>
    public DomainAxis(string name, string unit, double low, double high)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(low) || !double.IsFinite(high))
        {
            // The parameter name says which bound is wrong; the message names the axis.
            var which = double.IsFinite(low) ? nameof(high) : nameof(low);
            throw Guard.OutOfRange(which, which == nameof(low) ? low : high, $"{name} must be a finite interval with low < high (got [{Guard.Format(low)}, {Guard.Format(high)}]).");
        }

        Guard.Interval(low, high, name);
        Name = name;
        Unit = unit ?? string.Empty;
        Low = low;
        High = high;
    }

    /// <summary>Gets the coordinate name.</summary>
    public string Name { get; }

    /// <summary>Gets the unit.</summary>
    public string Unit { get; }

    /// <summary>Gets the lower end.</summary>
    public double Low { get; }

    /// <summary>Gets the upper end.</summary>
    public double High { get; }
}

/// <summary>A box in state space: the training domain of a problem (collocation points are drawn from it).</summary>
public sealed class StateDomain
{
    private readonly DomainAxis[] _axes;
    private readonly ConstantTensor _low;
    private readonly ConstantTensor _width;

    /// <summary>Creates a box from its coordinates, in state order.</summary>
    /// <param name="axes">One axis per state coordinate.</param>
    public StateDomain(IReadOnlyList<DomainAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count == 0)
        {
            throw new ArgumentException("a domain needs at least one axis.", nameof(axes));
        }

        _axes = [.. axes];
        _low = new ConstantTensor(_axes.Select(a => a.Low).ToArray(), _axes.Length);
        _width = new ConstantTensor(_axes.Select(a => a.High - a.Low).ToArray(), _axes.Length);
    }

    /// <summary>Gets the coordinates, in state order.</summary>
    public IReadOnlyList<DomainAxis> Axes => _axes;

    /// <summary>Gets the number of coordinates.</summary>
    public int Dimension => _axes.Length;

    /// <summary>Gets the lower corner.</summary>
    public IReadOnlyList<double> Low => _axes.Select(a => a.Low).ToArray();

    /// <summary>Gets the upper corner.</summary>
    public IReadOnlyList<double> High => _axes.Select(a => a.High).ToArray();

    /// <summary>Draws <paramref name="count"/> points uniformly from the box.</summary>
    /// <param name="count">Number of points.</param>
    /// <param name="generator">Random source.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>A [count, dimension] tensor.</returns>
    public Tensor Sample(int count, Philox generator, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Guard.PositiveCount(count, nameof(count));
        var u = Tensor.Uniform([count, _axes.Length], generator, 0, 1, dtype);
        return (u * _width.For(dtype)) + _low.For(dtype);
    }

    /// <summary>Whether every coordinate of <paramref name="point"/> lies in the box.</summary>
    /// <param name="point">A point with <see cref="Dimension"/> coordinates.</param>
    /// <returns>True when inside (boundary included).</returns>
    public bool Contains(ReadOnlySpan<double> point)
    {
        if (point.Length != _axes.Length)
        {
            return false;
        }

        for (var i = 0; i < point.Length; i++)
        {
            if (!(point[i] >= _axes[i].Low && point[i] <= _axes[i].High))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Box bounds on the control (e.g. a portfolio fraction in [0, 1]).</summary>
public sealed record ControlBounds
{
    /// <summary>Creates bounds; entries may be infinite for an unbounded side.</summary>
    /// <param name="low">Lower bound per control coordinate.</param>
    /// <param name="high">Upper bound per control coordinate.</param>
    public ControlBounds(IReadOnlyList<double> low, IReadOnlyList<double> high)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (low.Count != high.Count || low.Count == 0)
        {
            throw new ArgumentException($"low and high must have the same, non-zero length (got {low.Count} and {high.Count}).", nameof(high));
        }

        for (var i = 0; i < low.Count; i++)
        {
            if (double.IsNaN(low[i]) || double.IsNaN(high[i]) || !(low[i] < high[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(high), $"control bound {i} must satisfy low < high (got [{low[i]}, {high[i]}]).");
            }
        }

        Low = [.. low];
        High = [.. high];
    }

    /// <summary>Gets the lower bounds.</summary>
    public IReadOnlyList<double> Low { get; }

    /// <summary>Gets the upper bounds.</summary>
    public IReadOnlyList<double> High { get; }
}
