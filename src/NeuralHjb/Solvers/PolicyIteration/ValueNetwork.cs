using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// The learned value V_φ(t, x[, p]) of policy iteration: an <see cref="Mlp"/> over the rescaled inputs
/// (t, x or ln x, p) whose output n passes through a <see cref="ValueAnsatz"/> (the PINN solver's output transforms, plus
/// <see cref="MultiplicativeTerminalAnsatz"/> and <see cref="DiscountedExponentialAnsatz"/>). V is the problem's cost
/// to go (the library minimises cost; a utility-maximisation problem's value is −V).
/// </summary>
public sealed class ValueNetwork
{
    private readonly ControlProblem _problem;
    private readonly NetworkInputs _inputs;

    internal ValueNetwork(ControlProblem problem, NetworkInputs inputs, ValueAnsatz ansatz, IReadOnlyList<int> hiddenWidths, Activation activation, Philox generator, DType dtype)
    {
        _problem = problem;
        _inputs = inputs;
        Ansatz = ansatz;
        Network = new Mlp([inputs.Width, .. hiddenWidths, 1], activation, generator: generator, dtype: dtype);
        using (Autograd.NoGrad())
        {
            // Start from n ≈ 0 (the ansatz's own guess, e.g. V = g(x)) rather than from a random offset.
            var last = Network.Layers[Network.Layers.Count - 1];
            last.Weight.CopyFrom(last.Weight * 0.1);
            last.Bias?.CopyFrom(Tensor.ZerosLike(last.Bias));
        }
    }

    /// <summary>Gets the network (its parameters are what evaluation trains; save it with <see cref="ModuleCheckpoint"/>).</summary>
    public Mlp Network { get; }

    /// <summary>Gets the ansatz that turns the network output into V.</summary>
    public ValueAnsatz Ansatz { get; }

    /// <summary>Gets the dtype of the network.</summary>
    public DType DType => Network.Layers[0].Weight.DType;

    /// <summary>V(t, x) over a batch (differentiable with respect to t, x and the parameters).</summary>
    /// <param name="t">Time [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="preferences">Per-sample preferences when the networks were trained over preferences, else null.</param>
    /// <returns>[batch, 1].</returns>
    public Tensor Value(Tensor t, Tensor x, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        var time = t.Rank == 0 ? t.Expand([x.Size(0), 1]) : t;
        var raw = Network.Forward(_inputs.Features(time, x, preferences));
        return Ansatz.Apply(time, x, raw, _problem.Horizon);
    }

    /// <summary>V at one point (no preferences).</summary>
    /// <param name="t">Time in [0, T].</param>
    /// <param name="x">State (d values).</param>
    /// <returns>V(t, x).</returns>
    public double Value(double t, params double[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using (Autograd.NoGrad())
        {
            return Value(Tensor.Full([1, 1], t, DType), Tensor.FromSpan(x, [1, x.Length], DType)).Item();
        }
    }
}
