using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>What one curriculum stage did.</summary>
/// <param name="Name">Stage name.</param>
/// <param name="Steps">Optimiser steps.</param>
/// <param name="FinalLoss">Total loss at the last recorded step.</param>
/// <param name="FinalTerms">Unweighted terms at the last recorded step.</param>
/// <param name="FinalWeights">Loss weights at the end of the stage (term → weight).</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record PinnStageSummary(string Name, int Steps, double FinalLoss, IReadOnlyDictionary<string, double> FinalTerms, IReadOnlyDictionary<string, double> FinalWeights, TimeSpan Elapsed);

/// <summary>The learned value function of <see cref="PinnSolver"/>, its feedback policy and the training record.</summary>
public sealed class PinnResult : SolverResult
{
    /// <summary>Gets the problem that was solved.</summary>
    public required ControlProblem Problem { get; init; }

    /// <summary>Gets the trained value network.</summary>
    public required PinnValueNetwork Network { get; init; }

    /// <summary>Gets the residual machinery (for evaluating the residual of the result).</summary>
    public required HjbResidual Residual { get; init; }

    /// <summary>Gets the stage summaries, in order.</summary>
    public required IReadOnlyList<PinnStageSummary> Stages { get; init; }

    /// <summary>Gets the feedback policy u*(t, x, ∇V).</summary>
    public IPolicy Policy => new PinnPolicy(Network.Value, Residual);

    /// <summary>V(t, x), detached.</summary>
    /// <param name="t">Time [batch, 1] or zero-dimensional.</param>
    /// <param name="x">State [batch, d].</param>
    /// <returns>[batch, 1].</returns>
    public Tensor Value(Tensor t, Tensor x)
    {
        using (Autograd.NoGrad())
        {
            return Network.Value(t, x).Detach();
        }
    }

    /// <summary>The learned control u*(t, x) (call outside <c>Autograd.NoGrad()</c>).</summary>
    /// <param name="t">Time [batch, 1] or zero-dimensional.</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="preferences">Per-sample problem parameters, or null.</param>
    /// <returns>[batch, c].</returns>
    public Tensor Control(Tensor t, Tensor x, PreferenceBatch? preferences = null) => Policy.Control(t, x, preferences);

    /// <summary>The HJB residual V_t + min_u H at (t, x), detached (call outside <c>Autograd.NoGrad()</c>).</summary>
    /// <param name="t">Time [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="preferences">Per-sample problem parameters, or null.</param>
    /// <returns>[batch, 1].</returns>
    public Tensor ResidualAt(Tensor t, Tensor x, PreferenceBatch? preferences = null)
    {
        var d = Residual.Derivatives(Network.Value, t, x, createGraph: false);
        return Residual.Residual(d, preferences).Detach();
    }
}
