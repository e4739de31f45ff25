using NeuralHjb.Autodiff;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// A multilayer perceptron: Linear layers named <c>layers.0</c>, <c>layers.1</c>… with an activation after
/// each, an optional fixed input normalisation (x − shift)/scale (buffers <c>input_shift</c>,
/// <c>input_scale</c>) and an optional output transform (for example to impose a terminal condition).
/// </summary>
/// <example>
/// A value network V(t, x) for t ∈ [0, 1], x ∈ [−2, 2]:
/// <code>
/// var net = new Mlp([2, 64, 64, 1], Activation.Tanh,
///     normalization: InputNormalization.FromRanges([0, -2], [1, 2]), generator: new Philox(7));
/// var v = net.Forward(tx); // tx: [batch, 2] → v: [batch, 1]
/// </code>
/// </example>
public sealed partial class Mlp : Module
{
    private readonly Activation[] _activations;
    private readonly ModuleList<Linear> _layers;

    /// <summary>Creates an MLP with one hidden activation and an output activation.</summary>
    /// <param name="widths">Layer widths, input first, output last (at least two entries, each at least 1).</param>
    /// <param name="hidden">Activation after every layer but the last.</param>
    /// <param name="output">Activation after the last layer.</param>
    /// <param name="normalization">Fixed input normalisation of width <c>widths[0]</c>, or null.</param>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type of the parameters.</param>
    public Mlp(IReadOnlyList<int> widths, Activation hidden = Activation.Tanh, Activation output = Activation.Identity, InputNormalization? normalization = null, Philox? generator = null, DType dtype = DType.Float32)
        : this(widths, DefaultActivations(widths, hidden, output), normalization, generator, dtype)
    {
    }

    /// <summary>Creates an MLP with an explicit activation per layer.</summary>
    /// <param name="widths">Layer widths, input first, output last (at least two entries, each at least 1).</param>
    /// <param name="activations">One activation per layer (<c>widths.Count − 1</c> entries).</param>
    /// <param name="normalization">Fixed input normalisation of width <c>widths[0]</c>, or null.</param>
    /// <param name="generator">Generator for the initial weights; <see cref="Init.DefaultGenerator"/> when null.</param>
    /// <param name="dtype">Element type of the parameters.</param>
    public Mlp(IReadOnlyList<int> widths, IReadOnlyList<Activation> activations, InputNormalization? normalization = null, Philox? generator = null, DType dtype = DType.Float32)
    {
        CheckWidths(widths);
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.Count != widths.Count - 1)
        {
            throw new ArgumentException($"activations has {activations.Count} entries but {widths.Count - 1} layers need one each.", nameof(activations));
        }

        foreach (var a in activations)
        {
            if (!Enum.IsDefined(a))
            {
                throw new ArgumentOutOfRangeException(nameof(activations), a, "unknown activation.");
            }
        }

        Widths = widths.ToArray();
        _activations = activations.ToArray();
        var g = generator ?? Init.DefaultGenerator;
        var layers = new Linear[widths.Count - 1];
        for (var i = 0; i < layers.Length; i++)
        {
            layers[i] = new Linear(widths[i], widths[i + 1], true, g, dtype);
        }

        _layers = RegisterModule("layers", new ModuleList<Linear>(layers));
        if (normalization is not null)
        {
            if (normalization.Width != widths[0])
            {
                throw new ArgumentException($"normalization has width {normalization.Width} but the input width is {widths[0]}.", nameof(normalization));
            }

            RegisterBuffer("input_shift", Tensor.FromSpan(normalization.Shift.ToArray(), [widths[0]], dtype));
            RegisterBuffer("input_scale", Tensor.FromSpan(normalization.Scale.ToArray(), [widths[0]], dtype));
            HasNormalization = true;
        }
    }

    /// <summary>Layer widths, input first.</summary>
    public IReadOnlyList<int> Widths { get; }

    /// <summary>Activation after each layer.</summary>
    public IReadOnlyList<Activation> Activations => _activations;

    /// <summary>The Linear layers.</summary>
    public ModuleList<Linear> Layers => _layers;

    /// <summary>Input width.</summary>
    public int InputWidth => Widths[0];

    /// <summary>Output width.</summary>
    public int OutputWidth => Widths[^1];

    /// <summary>Whether a fixed input normalisation is applied.</summary>
    public bool HasNormalization { get; }

    /// <summary>
    /// Optional hook applied last: (raw input, network output) ↦ result, for example
    /// <c>(x, y) => (T − t)·y + g(x)</c> to impose V(T, x) = g(x) exactly. Null for none.
    /// </summary>
    public Func<Tensor, Tensor, Tensor>? OutputTransform { get; set; }

    /// <summary>
    /// A copy of this network that takes <paramref name="count"/> more inputs, inserted before input
    /// <paramref name="index"/>, whose first-layer weights are zero: the new network computes exactly
    /// what this one does for any values of the new inputs, and training then learns their influence
    /// (input inflation in a continuation, e.g. from a reduced 2-D problem to the full 3-D one).
    /// All other parameters, activations and <see cref="OutputTransform"/> are copied; the new inputs
    /// get the normalisation (x − <paramref name="shift"/>)/<paramref name="scale"/> when this network
    /// normalises its inputs. This network is unchanged.
    /// </summary>
    /// <param name="index">Position of the first new input, in [0, <see cref="InputWidth"/>].</param>
    /// <param name="count">Number of new inputs (at least 1).</param>
    /// <param name="shift">Normalisation shift of each new input (used only when <see cref="HasNormalization"/>).</param>
    /// <param name="scale">Normalisation scale of each new input, finite and non-zero (used only when <see cref="HasNormalization"/>).</param>
    /// <returns>The widened network.</returns>
    public Mlp WithInsertedInputs(int index, int count, double shift = 0, double scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, InputWidth);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var dtype = _layers[0].Weight.DType;
        InputNormalization? normalization = null;
        if (HasNormalization)
        {
            var shifts = Buffer("input_shift").ToDoubleArray().ToList();
            var scales = Buffer("input_scale").ToDoubleArray().ToList();
            shifts.InsertRange(index, Enumerable.Repeat(shift, count));
            scales.InsertRange(index, Enumerable.Repeat(scale, count));
            normalization = new InputNormalization(shifts, scales);
        }

        var widths = Widths.ToArray();
        widths[0] += count;
        var widened = new Mlp(widths, _activations, normalization, new Philox(0), dtype) { OutputTransform = OutputTransform };
        using (Autograd.NoGrad())
        {
            var first = _layers[0].WithInsertedInputs(index, count);
            widened._layers[0].Weight.CopyFrom(first.Weight);
            if (first.Bias is { } b)
            {
                widened._layers[0].Bias!.CopyFrom(b);
            }

            for (var i = 1; i < _layers.Count; i++)
            {
                widened._layers[i].Weight.CopyFrom(_layers[i].Weight);
                if (_layers[i].Bias is { } bias)
                {
                    widened._layers[i].Bias!.CopyFrom(bias);
                }
            }
        }

        return widened;
    }

    /// <summary>Applies normalisation, the layers with their activations, then <see cref="OutputTransform"/>.</summary>
    /// <param name="input">A tensor of shape [*, widths[0]].</param>
    /// <returns>A tensor of shape [*, widths[^1]] (or whatever the output transform returns).</returns>
    /// <exception cref="ArgumentException">The last dimension is not the input width, or the dtype differs.</exception>
    public override Tensor Forward(Tensor input)
    {
        CheckLastDim(input, InputWidth, 0, nameof(input));
        CheckDType(input, _layers[0].Weight.DType, nameof(input));
        var x = HasNormalization ? (input - Buffer("input_shift")) / Buffer("input_scale") : input;
        for (var i = 0; i < _activations.Length; i++)
        {
            // Hidden results never leave this method: their storage follows the forward pool's lifetime rule.
            var hidden = i < _activations.Length - 1;

            // Activations whose derivative is a function of the output fuse into the linear op.
            var next = _activations[i] switch
            {
                Activation.Identity => _layers[i].Forward(x, FusedActivation.Identity, hidden),
                Activation.Tanh => _layers[i].Forward(x, FusedActivation.Tanh, hidden),
                Activation.Relu => _layers[i].Forward(x, FusedActivation.Relu, hidden),
                Activation.Sigmoid => _layers[i].Forward(x, FusedActivation.Sigmoid, hidden),
                _ => _activations[i].Apply(_layers[i].Forward(x)),
            };

            // A pooled hidden result that no recorded node holds (nothing was recorded) is dead once consumed.
            if (x.ForwardPooled && x.NodeRefs == 0)
            {
                ForwardBufferPool.Reclaim(x);
            }

            x = next;
        }

        return OutputTransform is { } f ? f(input, x) : x;
    }

    private static void CheckWidths(IReadOnlyList<int> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2)
        {
            throw new ArgumentException($"widths needs at least an input and an output width, got {widths.Count} entries.", nameof(widths));
        }

        for (var i = 0; i < widths.Count; i++)
        {
            if (widths[i] < 1)
            {
                throw new ArgumentException($"widths[{i}] = {widths[i]} must be at least 1.", nameof(widths));
            }
        }
    }

    private static Activation[] DefaultActivations(IReadOnlyList<int> widths, Activation hidden, Activation output)
    {
        CheckWidths(widths);
        var a = new Activation[widths.Count - 1];
        Array.Fill(a, hidden);
        a[^1] = output;
        return a;
    }
}
