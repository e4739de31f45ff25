using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DirectControl;

/// <summary>
/// The feedback control learned by <see cref="DirectControlSolver"/>: one network u(t, x_I[, p]) shared by
/// every time step, where x_I are the state coordinates the policy observes and p the preferences (for a
/// multi-preference policy, one network for a whole range of problem parameters).
/// </summary>
/// <remarks>
/// <para>The input columns are [t, x_I, p], laid out as for <see cref="MultiPreferenceNet"/>: time is mapped
/// from [0, T] to [−1, 1], each observed state coordinate from its declared range, each preference from its
/// declared interval. The body is Linear layers with a hidden activation, an optional inverted dropout after
/// each hidden activation (the regulariser of the Leal–Laurière–Lehalle set-up), and a linear output
/// multiplied by a fixed <see cref="OutputScale"/> (so a policy whose controls are of order 10 does not
/// have to grow its last weights from order 1 first).</para>
/// <para>This is its own module rather than a <see cref="MultiPreferenceNet"/> because the latter has no
/// dropout and always sees the whole state.</para>
/// </remarks>
public sealed class DirectControlPolicy : Module, IPolicy
{
    private readonly ModuleList<Linear> _layers;
    private readonly Dropout? _dropout;
    private readonly Philox? _dropoutGenerator;
    private readonly int[] _stateIndices;
    private readonly PreferenceSpec[] _preferences;
    private readonly double[] _stateLow;
    private readonly double[] _stateHigh;

    /// <summary>Creates a policy network.</summary>
    /// <param name="stateIndices">The state coordinates the policy observes (indices into x, at least one; distinct, non-negative).</param>
    /// <param name="stateRanges">For each observed coordinate, the (low, high) range mapped to [−1, 1].</param>
    /// <param name="preferences">Preferences fed as inputs (empty for a single-preference policy).</param>
    /// <param name="hiddenWidths">Hidden layer widths (at least one layer, each at least 1).</param>
    /// <param name="controlDimension">c, the output width.</param>
    /// <param name="horizon">T (positive).</param>
    /// <param name="activation">Hidden activation.</param>
    /// <param name="dropout">Dropout probability after each hidden activation, in [0, 1).</param>
    /// <param name="outputScale">Fixed factor applied to the last layer's output (positive, finite).</param>
    /// <param name="timeToGoFeature">Add the input column ln((T − t)/T + 1/N₀) (N₀ = 100), which lets a small network
    /// follow controls that steepen like 1/(T − t) near the horizon.</param>
    /// <param name="seed">Seed of the initial weights and of the dropout masks.</param>
    /// <param name="dtype">Element type.</param>
    public DirectControlPolicy(
        IReadOnlyList<int> stateIndices,
        IReadOnlyList<(double Low, double High)> stateRanges,
        IReadOnlyList<PreferenceSpec> preferences,
        IReadOnlyList<int> hiddenWidths,
        int controlDimension,
        double horizon,
        Activation activation = Activation.Tanh,
        double dropout = 0,
        double outputScale = 1,
        bool timeToGoFeature = false,
        ulong seed = 0,
        DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(stateIndices);
        ArgumentNullException.ThrowIfNull(stateRanges);
        ArgumentNullException.ThrowIfNull(preferences);
        ArgumentNullException.ThrowIfNull(hiddenWidths);
        CheckIndices(stateIndices);
        if (stateRanges.Count != stateIndices.Count)
        {
            throw new ArgumentException($"stateRanges has {stateRanges.Count} entries but {stateIndices.Count} state coordinates are observed.", nameof(stateRanges));
        }

        for (var i = 0; i < stateRanges.Count; i++)
        {
            if (!(stateRanges[i].High > stateRanges[i].Low) || !double.IsFinite(stateRanges[i].Low) || !double.IsFinite(stateRanges[i].High))
            {
                throw new ArgumentException($"stateRanges[{i}] = [{stateRanges[i].Low}, {stateRanges[i].High}] needs finite low < high.", nameof(stateRanges));
            }
        }

        if (hiddenWidths.Count == 0)
        {
            throw new ArgumentException("hiddenWidths needs at least one hidden layer.", nameof(hiddenWidths));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(controlDimension, 1);
        if (!(horizon > 0) || !double.IsFinite(horizon))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "horizon must be positive and finite.");
        }

        if (!(outputScale > 0) || !double.IsFinite(outputScale))
        {
            throw new ArgumentOutOfRangeException(nameof(outputScale), outputScale, "outputScale must be positive and finite.");
        }

        _stateIndices = [.. stateIndices];
        _stateLow = new double[stateRanges.Count];
        _stateHigh = new double[stateRanges.Count];
        for (var i = 0; i < stateRanges.Count; i++)
        {
            (_stateLow[i], _stateHigh[i]) = stateRanges[i];
        }

        _preferences = [.. preferences];
        Horizon = horizon;
        Activation = activation;
        OutputScale = outputScale;
        ControlDimension = controlDimension;
        HiddenWidths = [.. hiddenWidths];
        TimeToGoFeature = timeToGoFeature;
        var generator = new Philox(seed, 0);
        var widths = new List<int> { InputWidth };
        widths.AddRange(hiddenWidths);
        widths.Add(controlDimension);
        var layers = new Linear[widths.Count - 1];
        for (var i = 0; i < layers.Length; i++)
        {
            layers[i] = new Linear(widths[i], widths[i + 1], true, generator, dtype);
        }

        _layers = RegisterModule("layers", new ModuleList<Linear>(layers));
        if (dropout > 0)
        {
            _dropoutGenerator = new Philox(seed, 1);
            _dropout = RegisterModule("dropout", new Dropout(dropout, _dropoutGenerator));
        }
        else if (!(dropout == 0))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "dropout must lie in [0, 1).");
        }

        // Input map v ↦ (v − centre)/half-width, so each column lands in [−1, 1].
        var shift = new double[InputWidth];
        var scale = new double[InputWidth];
        shift[0] = horizon / 2;
        scale[0] = horizon / 2;
        for (var i = 0; i < _stateIndices.Length; i++)
        {
            shift[1 + i] = (_stateLow[i] + _stateHigh[i]) / 2;
            scale[1 + i] = (_stateHigh[i] - _stateLow[i]) / 2;
        }

        for (var i = 0; i < _preferences.Length; i++)
        {
            var p = _preferences[i];
            shift[1 + _stateIndices.Length + i] = (p.Low + p.High) / 2;
            scale[1 + _stateIndices.Length + i] = (p.High - p.Low) / 2;
        }

        if (timeToGoFeature)
        {
            // ln(s + ε) for s ∈ [0, 1] spans [ln ε, ln(1 + ε)].
            var lo = Math.Log(TimeToGoOffset);
            var hi = Math.Log(1 + TimeToGoOffset);
            shift[InputWidth - 1] = (lo + hi) / 2;
            scale[InputWidth - 1] = (hi - lo) / 2;
        }

        RegisterBuffer("input_shift", Tensor.FromSpan(shift, [InputWidth], dtype));
        RegisterBuffer("input_scale", Tensor.FromSpan(scale, [InputWidth], dtype));
    }

    /// <summary>Gets the state coordinates the policy observes.</summary>
    public IReadOnlyList<int> StateIndices => _stateIndices;

    /// <summary>Gets the preferences fed as inputs (empty when the policy serves one parameter set).</summary>
    public IReadOnlyList<PreferenceSpec> Preferences => _preferences;

    /// <summary>Gets whether the policy takes preferences as inputs.</summary>
    public bool IsMultiPreference => _preferences.Length > 0;

    /// <summary>Gets the hidden widths.</summary>
    public IReadOnlyList<int> HiddenWidths { get; }

    /// <summary>Gets the hidden activation.</summary>
    public Activation Activation { get; }

    /// <summary>Gets the dropout probability (0 when there is no dropout).</summary>
    public double DropoutProbability => _dropout?.P ?? 0;

    /// <summary>
    /// Gets the generator of the dropout masks (null without dropout). It advances with every training-mode
    /// forward pass, so its position is training state a checkpoint must carry.
    /// </summary>
    internal Philox? DropoutGenerator => _dropoutGenerator;

    /// <summary>Gets the fixed output factor.</summary>
    public double OutputScale { get; }

    /// <summary>Gets c.</summary>
    public int ControlDimension { get; }

    /// <summary>Gets T.</summary>
    public double Horizon { get; }

    /// <summary>Gets whether the input has the time-to-go column ln((T − t)/T + 1/N₀).</summary>
    public bool TimeToGoFeature { get; }

    /// <summary>Gets the input width 1 + |I| + k (+ 1 with <see cref="TimeToGoFeature"/>).</summary>
    public int InputWidth => 1 + _stateIndices.Length + _preferences.Length + (TimeToGoFeature ? 1 : 0);

    /// <summary>The offset 1/N₀ inside the logarithm of the time-to-go column.</summary>
    public const double TimeToGoOffset = 0.01;

    /// <summary>The Linear layers, input first.</summary>
    public ModuleList<Linear> Layers => _layers;

    /// <summary>Evaluates the network on raw inputs [t, x_I, p(, ln((T − t)/T + 1/N₀))] (unnormalised, in their own units).</summary>
    /// <param name="input">[batch, <see cref="InputWidth"/>] as built by <see cref="Features"/>.</param>
    /// <returns>u [batch, c].</returns>
    public override Tensor Forward(Tensor input)
    {
        CheckLastDim(input, InputWidth, 2, nameof(input));
        var h = (input - Buffer("input_shift")) / Buffer("input_scale");
        var last = _layers.Count - 1;
        for (var i = 0; i < last; i++)
        {
            h = Activation.Apply(_layers[i].Forward(h));
            if (_dropout is not null)
            {
                h = _dropout.Forward(h);
            }
        }

        var u = _layers[last].Forward(h);
        return OutputScale == 1 ? u : u * OutputScale;
    }

    /// <inheritdoc />
    /// <remarks>A zero-dimensional <paramref name="t"/> is broadcast over the batch. When the policy takes
    /// preferences, <paramref name="preferences"/> must hold every one of them.</remarks>
    public Tensor Control(Tensor t, Tensor x, PreferenceBatch? preferences = null)
        => Forward(Features(t, x, preferences));

    /// <summary>The raw input [t, x_I, p] the network sees for a batch.</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">Full state [batch, d].</param>
    /// <param name="preferences">Per-sample preferences (required when <see cref="IsMultiPreference"/>).</param>
    /// <returns>[batch, <see cref="InputWidth"/>].</returns>
    public Tensor Features(Tensor t, Tensor x, PreferenceBatch? preferences)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank != 2)
        {
            throw new ArgumentException($"x must be [batch, d] (got rank {x.Rank}).", nameof(x));
        }

        var batch = x.Size(0);
        var columns = new Tensor[InputWidth];
        columns[0] = t.Rank == 0 ? Tensor.Full([batch, 1], t.Item(), x.DType) : t.To(x.DType);
        for (var i = 0; i < _stateIndices.Length; i++)
        {
            if (_stateIndices[i] >= x.Size(1))
            {
                throw new ArgumentException($"the policy observes state coordinate {_stateIndices[i]} but x has {x.Size(1)}.", nameof(x));
            }

            columns[1 + i] = x.Slice(1, _stateIndices[i], 1);
        }

        if (_preferences.Length > 0)
        {
            if (preferences is null)
            {
                throw new ArgumentException($"this policy takes preferences ({string.Join(", ", _preferences.Select(p => p.Name))}); pass a PreferenceBatch.", nameof(preferences));
            }

            for (var i = 0; i < _preferences.Length; i++)
            {
                columns[1 + _stateIndices.Length + i] = preferences[_preferences[i].Name].To(x.DType);
            }
        }

        if (TimeToGoFeature)
        {
            columns[^1] = ((columns[0] * (-1.0 / Horizon)) + (1 + TimeToGoOffset)).Log();
        }

        return Tensor.Concat(columns, 1);
    }

    private static void CheckIndices(IReadOnlyList<int> indices)
    {
        if (indices.Count == 0)
        {
            throw new ArgumentException("the policy must observe at least one state coordinate.", nameof(indices));
        }

        for (var i = 0; i < indices.Count; i++)
        {
            if (indices[i] < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], "state indices must be non-negative.");
            }

            for (var j = 0; j < i; j++)
            {
                if (indices[j] == indices[i])
                {
                    throw new ArgumentException($"state index {indices[i]} is listed twice.", nameof(indices));
                }
            }
        }
    }
}
