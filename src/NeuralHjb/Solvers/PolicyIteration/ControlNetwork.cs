using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// The learned feedback control u_ψ(t, x[, p]) of policy iteration: an <see cref="Mlp"/> over the same
/// rescaled inputs as the value network, followed by an <see cref="AdmissibleMap"/> (sigmoid into a box such
/// as π ∈ [0, 1], softplus for a one-sided bound, identity when unconstrained).
/// </summary>
public sealed class ControlNetwork : IPolicy
{
    private readonly NetworkInputs _inputs;

    internal ControlNetwork(NetworkInputs inputs, AdmissibleMap map, IReadOnlyList<double> initialControl, IReadOnlyList<int> hiddenWidths, Activation activation, Philox generator, DType dtype)
    {
        _inputs = inputs;
        Map = map;
        Network = new Mlp([inputs.Width, .. hiddenWidths, map.Dimension], activation, generator: generator, dtype: dtype);
        var bias = new double[map.Dimension];
        for (var i = 0; i < bias.Length; i++)
        {
            bias[i] = map.Inverse(i, initialControl[i]);
        }

        using (Autograd.NoGrad())
        {
            // A near-constant initial policy u₀ (the admissible set's centre unless the options say otherwise).
            var last = Network.Layers[Network.Layers.Count - 1];
            last.Weight.CopyFrom(last.Weight * 0.1);
            last.Bias?.CopyFrom(Tensor.FromSpan(bias, [bias.Length], dtype));
        }
    }

    /// <summary>Gets the network (its parameters are what improvement trains).</summary>
    public Mlp Network { get; }

    /// <summary>Gets the map into the admissible set.</summary>
    public AdmissibleMap Map { get; }

    /// <summary>Gets the dtype of the network.</summary>
    public DType DType => Network.Layers[0].Weight.DType;

    /// <inheritdoc />
    public Tensor Control(Tensor t, Tensor x, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        var time = t.Rank == 0 ? t.Expand([x.Size(0), 1]) : t;
        return Map.Apply(Network.Forward(_inputs.Features(time, x, preferences)));
    }

    /// <summary>u at one point (no preferences).</summary>
    /// <param name="t">Time in [0, T].</param>
    /// <param name="x">State (d values).</param>
    /// <returns>u(t, x) (c values).</returns>
    public double[] Control(double t, params double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using (Autograd.NoGrad())
        {
            return Control(Tensor.Full([1, 1], t, DType), Tensor.FromSpan(x, [1, x.Length], DType)).ToDoubleArray();
        }
    }
}
