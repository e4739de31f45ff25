using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// A network of (t, state, preferences) that learns the whole map preferences → solution at once
/// (the multi-preference or functional-learning approach of Leal, Laurière and Lehalle): one batch mixes
/// samples with different problem parameters (for example risk aversions φ and temporary impacts A drawn
/// from their ranges), so one trained network serves every parameter value in the ranges without retraining.
/// </summary>
/// <remarks>
/// <para>The input columns are [t, x_1..x_d, p_1..p_k]. Time is rescaled from [0, horizon] and each
/// preference from its declared [low, high] to [−1, 1]; state columns from the given state ranges (or left
/// as they are). The body is an <see cref="Mlp"/> registered as <c>body</c> (so parameters are named
/// <c>body.layers.0.weight</c>… and the fixed normalisation is <c>body.input_shift</c>, <c>body.input_scale</c>).</para>
/// <para>Preferences outside their ranges are accepted (the network extrapolates).</para>
/// </remarks>
public sealed class MultiPreferenceNet : Module
{
    private readonly Mlp _body;
    private readonly PreferenceRange[] _preferences;

    /// <summary>Creates the network.</summary>
    /// <param name="stateDim">Dimension d of the state (at least 0).</param>
    /// <param name="preferences">The preference parameters with their ranges (at least one).</param>
    /// <param name="hiddenWidths">Hidden layer widths of the body (each at least 1; may be empty for an affine map).</param>
    /// <param name="outputDim">Output width (1 for a value or a scalar control).</param>
    /// <param name="horizon">Time horizon T (positive): t ∈ [0, T] is mapped to [−1, 1].</param>
    /// <param name="activation">Hidden activation.</param>
    /// <param name="stateRanges">Per-state-column (low, high) ranges mapped to [−1, 1], or null to feed the state unscaled.</param>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type.</param>
    public MultiPreferenceNet(
        int stateDim,
        IReadOnlyList<PreferenceRange> preferences,
        IReadOnlyList<int> hiddenWidths,
        int outputDim = 1,
        double horizon = 1.0,
        Activation activation = Activation.Tanh,
        IReadOnlyList<(double Low, double High)>? stateRanges = null,
        Philox? generator = null,
        DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stateDim);
        ArgumentNullException.ThrowIfNull(preferences);
        ArgumentNullException.ThrowIfNull(hiddenWidths);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputDim, 1);
        if (preferences.Count == 0)
        {
            throw new ArgumentException("preferences needs at least one entry; use Mlp for a network without preferences.", nameof(preferences));
        }

        if (!(horizon > 0) || !double.IsFinite(horizon))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "horizon must be positive and finite.");
        }

        if (stateRanges is not null && stateRanges.Count != stateDim)
        {
            throw new ArgumentException($"stateRanges has {stateRanges.Count} entries but stateDim is {stateDim}.", nameof(stateRanges));
        }

        var low = new List<double> { 0.0 };
        var high = new List<double> { horizon };
        var shift = new List<double>();
        var scale = new List<double>();
        for (var i = 0; i < stateDim; i++)
        {
            low.Add(stateRanges is null ? -1.0 : stateRanges[i].Low);
            high.Add(stateRanges is null ? 1.0 : stateRanges[i].High);
        }

        for (var i = 0; i < preferences.Count; i++)
        {
            var p = preferences[i];
            if (!(p.High > p.Low) || !double.IsFinite(p.Low) || !double.IsFinite(p.High))
            {
                throw new ArgumentException($"preferences[{i}] ('{p.Name}') has range [{p.Low}, {p.High}]: it needs finite low < high.", nameof(preferences));
            }

            low.Add(p.Low);
            high.Add(p.High);
        }

        StateDim = stateDim;
        Horizon = horizon;
        _preferences = preferences.ToArray();
        var widths = new List<int> { 1 + stateDim + preferences.Count };
        widths.AddRange(hiddenWidths);
        widths.Add(outputDim);
        _body = RegisterModule("body", new Mlp(widths, activation, Activation.Identity, InputNormalization.FromRanges(low, high), generator, dtype));
    }

    /// <summary>State dimension d.</summary>
    public int StateDim { get; }

    /// <summary>Time horizon T.</summary>
    public double Horizon { get; }

    /// <summary>The declared preference ranges, in input order.</summary>
    public IReadOnlyList<PreferenceRange> Preferences => _preferences;

    /// <summary>Total input width 1 + d + k.</summary>
    public int InputWidth => 1 + StateDim + _preferences.Length;

    /// <summary>The MLP body (its input normalisation holds the ranges).</summary>
    public Mlp Body => _body;

    /// <summary>Evaluates the network on concatenated inputs.</summary>
    /// <param name="input">A tensor of shape [B, 1 + d + k]: columns t, state, preferences.</param>
    /// <returns>A tensor of shape [B, outputDim].</returns>
    public override Tensor Forward(Tensor input)
    {
        CheckLastDim(input, InputWidth, 2, nameof(input));
        return _body.Forward(input);
    }

    /// <summary>Evaluates the network on separate inputs.</summary>
    /// <param name="time">Times, shape [B, 1].</param>
    /// <param name="state">States, shape [B, d].</param>
    /// <param name="preferences">Preferences, shape [B, k] (raw values, in their declared units).</param>
    /// <returns>A tensor of shape [B, outputDim].</returns>
    /// <exception cref="ArgumentException">A shape is wrong or the batch sizes differ.</exception>
    public Tensor Forward(Tensor time, Tensor state, Tensor preferences)
    {
        CheckLastDim(time, 1, 2, nameof(time));
        CheckLastDim(state, StateDim, 2, nameof(state));
        CheckLastDim(preferences, _preferences.Length, 2, nameof(preferences));
        var b = time.Shape[0];
        if (state.Shape[0] != b || preferences.Shape[0] != b)
        {
            throw new ArgumentException($"batch sizes differ: time {b}, state {state.Shape[0]}, preferences {preferences.Shape[0]}.", nameof(preferences));
        }

        var parts = StateDim == 0 ? new[] { time, preferences } : [time, state, preferences];
        return _body.Forward(Tensor.Concat(parts, 1));
    }
}
