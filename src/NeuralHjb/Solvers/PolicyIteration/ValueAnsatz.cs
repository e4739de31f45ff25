using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// How the value network's raw output N(t, x) becomes the value V(t, x). A good ansatz puts the known
/// structure of V into the formula and leaves the network a nearly constant correction: for power
/// utility V = g(x)·exp((T − t)N) is exact with N constant, which is what makes Merton's cases
/// accurate to a few parts in 10⁴. The terminal cost g comes from the problem.
/// </summary>
public abstract class ValueAnsatz
{
    /// <summary>V = N: the terminal condition is learned through the terminal-mismatch loss term (the generic, paper-style path).</summary>
    public static ValueAnsatz Free { get; } = new FreeAnsatz();

    /// <summary>V = g(x) + (T − t)·N: V(T, x) = g(x) exactly; suits log utility and any bounded g.</summary>
    public static ValueAnsatz AdditiveTerminal { get; } = new AdditiveAnsatz();

    /// <summary>V = g(x)·exp((T − t)·N): V(T, x) = g(x) exactly and V keeps the sign of g; exact shape for power utility, close for exponential utility.</summary>
    public static ValueAnsatz MultiplicativeTerminal { get; } = new MultiplicativeAnsatz();

    /// <summary>Gets the ansatz's short name (for summaries).</summary>
    public abstract string Name { get; }

    /// <summary>Gets a value indicating whether V(T, x) = g(x) holds by construction (the terminal loss term is then skipped).</summary>
    public abstract bool ImposesTerminalCondition { get; }

    /// <summary>A user-defined ansatz.</summary>
    /// <param name="name">Short name.</param>
    /// <param name="compose">(t [batch, 1], x [batch, d], N [batch, 1], g(x) [batch, 1]) ↦ V [batch, 1]; must be differentiable.</param>
    /// <param name="imposesTerminalCondition">True when the formula gives V(T, x) = g(x) for every N.</param>
    /// <returns>The ansatz.</returns>
    public static ValueAnsatz Custom(string name, Func<Tensor, Tensor, Tensor, Tensor, Tensor> compose, bool imposesTerminalCondition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(compose);
        return new CustomAnsatz(name, compose, imposesTerminalCondition);
    }

    /// <summary>Composes V from the raw network output.</summary>
    /// <param name="t">Time [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="raw">Network output N [batch, 1].</param>
    /// <param name="problem">The problem (for g and T).</param>
    /// <param name="preferences">Per-sample parameters, or null.</param>
    /// <returns>V [batch, 1].</returns>
    public Tensor Compose(Tensor t, Tensor x, Tensor raw, ControlProblem problem, PreferenceBatch? preferences)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (this is FreeAnsatz)
        {
            return raw;
        }

        return Compose(t, x, raw, problem.Cost.TerminalCost(x, preferences), problem.Horizon);
    }

    /// <summary>The formula itself.</summary>
    /// <param name="t">Time [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="raw">Network output N [batch, 1].</param>
    /// <param name="terminal">g(x) [batch, 1].</param>
    /// <param name="horizon">T.</param>
    /// <returns>V [batch, 1].</returns>
    protected abstract Tensor Compose(Tensor t, Tensor x, Tensor raw, Tensor terminal, double horizon);

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class FreeAnsatz : ValueAnsatz
    {
        public override string Name => "free";

        public override bool ImposesTerminalCondition => false;

        protected override Tensor Compose(Tensor t, Tensor x, Tensor raw, Tensor terminal, double horizon) => raw;
    }

    private sealed class AdditiveAnsatz : ValueAnsatz
    {
        public override string Name => "additive-terminal";

        public override bool ImposesTerminalCondition => true;

        protected override Tensor Compose(Tensor t, Tensor x, Tensor raw, Tensor terminal, double horizon)
            => terminal + (t.RSub(horizon) * raw);
    }

    private sealed class MultiplicativeAnsatz : ValueAnsatz
    {
        public override string Name => "multiplicative-terminal";

        public override bool ImposesTerminalCondition => true;

        protected override Tensor Compose(Tensor t, Tensor x, Tensor raw, Tensor terminal, double horizon)
            => terminal * (t.RSub(horizon) * raw).Exp();
    }

    private sealed class CustomAnsatz(string name, Func<Tensor, Tensor, Tensor, Tensor, Tensor> compose, bool imposes) : ValueAnsatz
    {
        public override string Name => name;

        public override bool ImposesTerminalCondition => imposes;

        protected override Tensor Compose(Tensor t, Tensor x, Tensor raw, Tensor terminal, double horizon) => compose(t, x, raw, terminal);
    }
}
