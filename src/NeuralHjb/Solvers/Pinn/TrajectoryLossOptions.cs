using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// The multi-trajectory terminal loss of MT-PINN: from a batch of start states and horizons, roll the
/// dynamics out under the control implied by the value network (u* from ∇V), penalise the terminal
/// state, and back-propagate through the whole rollout.
/// </summary>
public sealed record TrajectoryLossOptions
{
    /// <summary>Gets the Euler steps per rollout (the paper: 200). Default 200.</summary>
    public int Steps { get; init; } = 200;

    /// <summary>Gets the horizons h (each in (0, T]); a rollout of horizon h starts at t = T − h. Default [T].</summary>
    public IReadOnlyList<double>? Horizons { get; init; }

    /// <summary>
    /// Gets the start states [n, d] (e.g. the paper's 41 × 20 grid); rollouts draw start states and
    /// horizons uniformly from their product. Null: uniform draws from the collocation domain.
    /// </summary>
    public Tensor? StartStates { get; init; }

    /// <summary>Gets the rollouts per step. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Gets the terminal penalty ([batch, d] → [batch, 1]), averaged over the batch; null for the
    /// problem's terminal cost. MT-PINN uses X_T².
    /// </summary>
    public Func<Tensor, Tensor>? Penalty { get; init; }

    /// <summary>Gets a value indicating whether rollouts include the Brownian noise (otherwise the drift only). Default true.</summary>
    public bool Noise { get; init; } = true;

    /// <summary>
    /// Gets how often (in steps) the rollouts are run; in between the term keeps its last value for the
    /// weighting and adds no gradient. Rollouts dominate the cost of a step (Steps sequential network
    /// evaluations with their input gradients, then back-propagation through all of them). Default 1.
    /// </summary>
    public int Every { get; init; } = 1;

    /// <summary>Checks the options against the horizon T.</summary>
    /// <param name="horizon">T.</param>
    /// <param name="stateDimension">d.</param>
    public void Validate(double horizon, int stateDimension)
    {
        PinnGuard.PositiveCount(Steps, nameof(Steps));
        PinnGuard.PositiveCount(BatchSize, nameof(BatchSize));
        PinnGuard.PositiveCount(Every, nameof(Every));
        if (Horizons is { } hs)
        {
            if (hs.Count == 0)
            {
                throw PinnGuard.Invalid("Horizons must not be empty (null means [T]).", nameof(Horizons));
            }

            foreach (var h in hs)
            {
                if (!(h > 0 && h <= horizon * (1 + 1e-12)))
                {
                    throw PinnGuard.OutOfRange(nameof(Horizons), h, $"every horizon must lie in (0, T = {horizon}].");
                }
            }
        }

        if (StartStates is { } s && (s.Rank != 2 || s.Size(1) != stateDimension || s.Size(0) == 0))
        {
            throw PinnGuard.Invalid($"StartStates must be [n ≥ 1, {stateDimension}] (got {s}).", nameof(StartStates));
        }
    }
}
