using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>
/// The cost functional E[∫₀ᵀ f(t, Xₜ, uₜ) dt + g(X_T)], to be <b>minimised</b>. This is the one sign
/// convention of the library: problems that maximise a reward (utility, wealth) define their cost
/// as the negated reward, and say so.
/// </summary>
public interface ICost
{
    /// <summary>The running cost f(t, x, u).</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="u">Control [batch, c].</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, 1].</returns>
    Tensor RunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null);

    /// <summary>The terminal cost g(x).</summary>
    /// <param name="x">State [batch, d].</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, 1].</returns>
    Tensor TerminalCost(Tensor x, PreferenceBatch? preferences = null);
}

/// <summary>
/// A cost that is a sum over agents, each agent minimising its own part (a game). The
/// <see cref="ICost"/> members return the sum over agents; the per-agent pieces let a solver
/// compute each agent's best response (agent j's cost differentiated with respect to agent j's
/// controls only) or an equilibrium by backward least squares.
/// </summary>
public interface IMultiAgentCost : ICost
{
    /// <summary>Gets the number of agents M.</summary>
    int AgentCount { get; }

    /// <summary>The control coordinates that belong to <paramref name="agent"/>.</summary>
    /// <param name="agent">Agent index in [0, M).</param>
    /// <returns>Indices into the control vector.</returns>
    IReadOnlyList<int> ControlIndices(int agent);

    /// <summary>Each agent's running cost f_j(t, x, u).</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="u">Control [batch, c].</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, M].</returns>
    Tensor AgentRunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null);

    /// <summary>Each agent's terminal cost g_j(x).</summary>
    /// <param name="x">State [batch, d].</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, M].</returns>
    Tensor AgentTerminalCost(Tensor x, PreferenceBatch? preferences = null);
}
