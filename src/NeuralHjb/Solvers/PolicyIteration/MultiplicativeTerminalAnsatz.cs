using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// V = g(x)·exp((T − t)·n): V(T, x) = g(x) exactly and V keeps the sign of g. For power utility the value of
/// every constant-fraction policy has exactly this shape with n constant, so the network only learns a
/// nearly constant correction (the scaling transform that makes Merton's cases accurate to ~1e-4).
/// </summary>
public sealed class MultiplicativeTerminalAnsatz : ValueAnsatz
{
    private readonly Func<Tensor, Tensor> _terminal;

    /// <summary>Creates the ansatz.</summary>
    /// <param name="terminal">g(x): [batch, d] → [batch, 1], e.g. the problem's terminal cost.</param>
    public MultiplicativeTerminalAnsatz(Func<Tensor, Tensor> terminal)
    {
        _terminal = terminal ?? throw new ArgumentNullException(nameof(terminal));
    }

    /// <inheritdoc />
    public override string Description => "V = g(x)·exp((T − t)·n)";

    /// <inheritdoc />
    public override bool EnforcesTerminalCondition => true;

    /// <inheritdoc />
    public override Tensor Apply(Tensor t, Tensor x, Tensor raw, double horizon)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(raw);
        return _terminal(x) * (t.RSub(horizon) * raw).Exp();
    }
}
