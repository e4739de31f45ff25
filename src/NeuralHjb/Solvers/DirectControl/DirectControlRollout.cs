using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DirectControl;

/// <summary>
/// The closed loop the direct-control method differentiates: at each step tₖ = kT/N the policy reads the
/// state, its control moves the state through the problem's differentiable Euler step (so, in execution
/// problems, the price through impact), and the realised cost Σ f(tₖ, xₖ, uₖ)Δt + g(x_N) is accumulated.
/// Back-propagating the mean cost through every step is back-propagation through time.
/// </summary>
public static class DirectControlRollout
{
    /// <summary>Simulates a batch of paths under a policy with given increments.</summary>
    /// <param name="problem">The problem (dynamics, cost, horizon, control bounds).</param>
    /// <param name="policy">The feedback control.</param>
    /// <param name="initialState">x₀ [batch, d].</param>
    /// <param name="increments">N Brownian increments [batch, m] (the number of steps is their count).</param>
    /// <param name="preferences">Per-path preferences, or null.</param>
    /// <param name="recordPath">Keep every state and control (for analysis); otherwise only the cost is returned with empty lists.</param>
    /// <returns>The path (when recorded) and the realised cost [batch, 1].</returns>
    public static RolloutResult Simulate(ControlProblem problem, IPolicy policy, Tensor initialState, IReadOnlyList<Tensor> increments, PreferenceBatch? preferences = null, bool recordPath = false)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(initialState);
        ArgumentNullException.ThrowIfNull(increments);
        if (increments.Count == 0)
        {
            throw new ArgumentException("increments must hold at least one step.", nameof(increments));
        }

        var n = increments.Count;
        var dt = problem.Horizon / n;
        var states = new List<Tensor>(recordPath ? n + 1 : 0);
        var controls = new List<Tensor>(recordPath ? n : 0);
        var x = initialState;
        if (recordPath)
        {
            states.Add(x);
        }

        Tensor? running = null;
        for (var k = 0; k < n; k++)
        {
            var t = Tensor.Scalar(k * dt, x.DType);
            var u = ApplyBounds(problem.ControlBounds, policy.Control(t, x, preferences));
            var f = problem.Cost.RunningCost(t, x, u, preferences) * dt;
            running = running is null ? f : running + f;
            x = problem.Dynamics.Step(t, x, u, dt, increments[k], preferences);
            if (recordPath)
            {
                states.Add(x);
                controls.Add(u);
            }
        }

        return new RolloutResult(states, controls, running! + problem.Cost.TerminalCost(x, preferences));
    }

    /// <summary>Clamps a control to the problem's box (gradient zero outside it, as a projection).</summary>
    /// <param name="bounds">The box, or null.</param>
    /// <param name="u">Controls [batch, c].</param>
    /// <returns>The clamped controls.</returns>
    public static Tensor ApplyBounds(ControlBounds? bounds, Tensor u)
    {
        ArgumentNullException.ThrowIfNull(u);
        if (bounds is null)
        {
            return u;
        }

        if (bounds.Low.Count == 1)
        {
            return u.Clamp(bounds.Low[0], bounds.High[0]);
        }

        var columns = new Tensor[bounds.Low.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = u.Slice(1, i, 1).Clamp(bounds.Low[i], bounds.High[i]);
        }

        return Tensor.Concat(columns, 1);
    }
}
