using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Reference;
using NeuralHjb.Tensors;

namespace NeuralHjb.Analysis;

/// <summary>
/// The closed-form Gatheral–Schied selling rate v*(τ, X, S) = κ coth(κτ) X + (λS/(2κ)) tanh(κτ/2),
/// τ = T − t, as an <see cref="IPolicy"/> (a benchmark, and the floor of the rollout errors: its own
/// Euler discretisation error).
/// </summary>
public sealed class GatheralSchiedClosedFormPolicy : IPolicy
{
    private readonly GatheralSchiedClosedForm _closedForm;
    private readonly double _horizon;

    /// <summary>Creates the policy for a problem.</summary>
    /// <param name="problem">The problem (κ, σ, λ, T).</param>
    public GatheralSchiedClosedFormPolicy(GatheralSchied problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _closedForm = ClosedForm(problem.Parameters);
        _horizon = problem.Horizon;
    }

    /// <summary>The closed form for a problem's parameters.</summary>
    /// <param name="parameters">κ, σ, λ.</param>
    /// <returns>The reference.</returns>
    public static GatheralSchiedClosedForm ClosedForm(Problems.Execution.GatheralSchiedParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new GatheralSchiedClosedForm(parameters.Kappa, parameters.Sigma, parameters.Lambda);
    }

    /// <inheritdoc />
    public Tensor Control(Tensor t, Tensor x, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        var n = x.Size(0);
        var times = t.Rank == 0 ? null : t.Contiguous().ToDoubleArray();
        var state = x.Contiguous().ToDoubleArray();
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            var tau = Math.Max(_horizon - (times is null ? t.Item() : times[i]), 0);
            v[i] = _closedForm.Rate(tau, state[2 * i], state[(2 * i) + 1]);
        }

        return Tensor.FromSpan(v, [n, 1], x.DType);
    }
}
