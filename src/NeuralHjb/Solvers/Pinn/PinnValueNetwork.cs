using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// A PINN value network V(t, x): an MLP over (t, the active state coordinates), each rescaled from
/// its range to [−1, 1], followed by a <see cref="ValueAnsatz"/>. Inactive coordinates are ignored
/// (a reduced problem, e.g. Gatheral–Schied at λ = 0 does not depend on the price);
/// <see cref="WithActiveCoordinates"/> activates more of them with zero first-layer weights, so the
/// widened network computes the same function and training continues from it (input inflation).
/// </summary>
public sealed partial class PinnValueNetwork : Module
{
    private readonly int[] _active;
    private readonly double[] _low;
    private readonly double[] _high;

    /// <summary>Creates a network with fresh weights.</summary>
    /// <param name="stateDimension">d.</param>
    /// <param name="hiddenWidths">Hidden layer widths (e.g. [32, 32, 32]).</param>
    /// <param name="activation">Hidden activation (smooth, e.g. tanh: the residual needs second derivatives).</param>
    /// <param name="horizon">T; time inputs are rescaled from [0, T].</param>
    /// <param name="range">The box each state coordinate is rescaled from.</param>
    /// <param name="ansatz">The output transform.</param>
    /// <param name="activeCoordinates">The state coordinates the network reads, in increasing order; null for all.</param>
    /// <param name="generator">Initial weights.</param>
    /// <param name="dtype">Parameter type.</param>
    /// <param name="symmetry">
    /// A symmetry V(t, x) = V(t, T(x)) imposed exactly by averaging the network over x and T(x) (the
    /// ansatz must respect it itself), or null.
    /// </param>
    public PinnValueNetwork(int stateDimension, IReadOnlyList<int> hiddenWidths, Activation activation, double horizon, StateDomain range, ValueAnsatz ansatz, IReadOnlyList<int>? activeCoordinates, Philox generator, DType dtype = DType.Float32, IValueSymmetry? symmetry = null)
    {
        Symmetry = symmetry;
        ArgumentNullException.ThrowIfNull(hiddenWidths);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(generator);
        PinnGuard.PositiveCount(stateDimension, nameof(stateDimension));
        if (range.Dimension != stateDimension)
        {
            throw new ArgumentException($"range has {range.Dimension} axes but the state has {stateDimension}.", nameof(range));
        }

        StateDimension = stateDimension;
        Horizon = PinnGuard.Positive(horizon, nameof(horizon));
        Ansatz = ansatz ?? throw new ArgumentNullException(nameof(ansatz));
        _active = CheckActive(activeCoordinates, stateDimension);
        _low = [.. range.Low];
        _high = [.. range.High];
        var widths = new List<int> { 1 + _active.Length };
        widths.AddRange(hiddenWidths);
        widths.Add(1);
        var low = new List<double> { 0 };
        var high = new List<double> { horizon };
        foreach (var c in _active)
        {
            low.Add(_low[c]);
            high.Add(_high[c]);
        }

        Core = RegisterModule("core", new Mlp(widths, activation, Activation.Identity, InputNormalization.FromRanges(low, high), generator, dtype));
    }

    private PinnValueNetwork(PinnValueNetwork source, Mlp core, int[] active)
    {
        StateDimension = source.StateDimension;
        Symmetry = source.Symmetry;
        Horizon = source.Horizon;
        Ansatz = source.Ansatz;
        _low = source._low;
        _high = source._high;
        _active = active;
        Core = RegisterModule("core", core);
    }

    /// <summary>Gets d.</summary>
    public int StateDimension { get; }

    /// <summary>Gets T.</summary>
    public double Horizon { get; }

    /// <summary>Gets the symmetry imposed by averaging, or null.</summary>
    public IValueSymmetry? Symmetry { get; }

    /// <summary>Gets the output transform.</summary>
    public ValueAnsatz Ansatz { get; }

    /// <summary>Gets the MLP (its input is (t, active coordinates)).</summary>
    public Mlp Core { get; }

    /// <summary>Gets the state coordinates the network reads.</summary>
    public IReadOnlyList<int> ActiveCoordinates => _active;

    /// <summary>Gets the parameter dtype.</summary>
    public DType DType => Core.Layers[0].Weight.DType;

    /// <summary>V(t, x).</summary>
    /// <param name="t">Time [batch, 1] (or zero-dimensional, broadcast over the batch).</param>
    /// <param name="x">State [batch, d].</param>
    /// <returns>[batch, 1].</returns>
    public Tensor Value(Tensor t, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2 || x.Size(1) != StateDimension)
        {
            throw new ArgumentException($"x must be [batch, {StateDimension}] (got {x}).", nameof(x));
        }

        if (t.Rank == 0)
        {
            t = t.Reshape([1, 1]).Expand([x.Size(0), 1]);
        }

        var raw = Raw(t, x);
        if (Symmetry is { } sym)
        {
            raw = (raw + Raw(t, sym.Apply(x))) * 0.5;
        }

        return Ansatz.Apply(t, x, raw, Horizon);
    }

    private Tensor Raw(Tensor t, Tensor x)
    {
        Tensor features;
        if (_active.Length == StateDimension)
        {
            features = Tensor.Concat([t, x], 1);
        }
        else if (_active.Length == 0)
        {
            features = t;
        }
        else
        {
            features = Tensor.Concat([t, x.IndexSelect(1, _active)], 1);
        }

        return Core.Forward(features);
    }

    /// <summary>V for an input [batch, 1 + d] holding (t, x) by columns.</summary>
    /// <param name="input">[batch, 1 + d].</param>
    /// <returns>[batch, 1].</returns>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Value(input.Slice(1, 0, 1), input.Slice(1, 1, StateDimension));
    }

    /// <summary>
    /// A network that also reads <paramref name="coordinates"/>: their first-layer weights are zero, so it
    /// computes exactly the same V; every other weight is copied. This network is unchanged.
    /// </summary>
    /// <param name="coordinates">Coordinates to activate (already active ones are ignored).</param>
    /// <returns>The widened network (or this one when nothing changes).</returns>
    public PinnValueNetwork WithActiveCoordinates(IEnumerable<int> coordinates)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        var active = new SortedSet<int>(_active);
        var core = Core;
        foreach (var c in coordinates)
        {
            if (c < 0 || c >= StateDimension)
            {
                throw new ArgumentOutOfRangeException(nameof(coordinates), c, $"state coordinates lie in [0, {StateDimension}).");
            }

            if (!active.Add(c))
            {
                continue;
            }

            // Column of c in the MLP input: 1 (time) + the number of active coordinates before it.
            var position = 1 + active.GetViewBetween(int.MinValue, c).Count - 1;
            core = core.WithInsertedInputs(position, 1, (_low[c] + _high[c]) / 2, (_high[c] - _low[c]) / 2);
        }

        return ReferenceEquals(core, Core) ? this : new PinnValueNetwork(this, core, [.. active]);
    }

    private static int[] CheckActive(IReadOnlyList<int>? active, int d)
    {
        if (active is null)
        {
            return Enumerable.Range(0, d).ToArray();
        }

        var result = active.ToArray();
        for (var i = 0; i < result.Length; i++)
        {
            if (result[i] < 0 || result[i] >= d || (i > 0 && result[i] <= result[i - 1]))
            {
                throw new ArgumentException($"active coordinates must be increasing and lie in [0, {d}) (got [{string.Join(", ", result)}]).", nameof(active));
            }
        }

        return result;
    }
}
