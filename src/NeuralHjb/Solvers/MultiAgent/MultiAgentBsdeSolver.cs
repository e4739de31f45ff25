using NeuralHjb.Problems.Execution;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// Time-consistent mean–variance strategies of M agents trading N assets, by backward least squares over a grid of
/// discretised controls (after Na and Wan; REFERENCES section 8). On simulated paths, from the last step backwards,
/// a network learns for every grid control of every agent the conditional moments E_n[Yⱼ(T)] and E_n[Yⱼ(T)²] of the
/// agent's relative terminal wealth; the agent's control is the grid point (refined off the grid) maximising
/// E − γⱼ(E₂ − E²). Agents best-respond to each other's previous strategies until the controls stop changing.
/// </summary>
/// <remarks>
/// <para><see cref="AlmgrenChriss"/>: controls are trade rates, the criterion is the problem's E − γ Var of
/// W − θ W̄₋ⱼ (W̄₋ⱼ the others' mean), with permanent and temporary impact and the forced final trade.</para>
/// <para><see cref="MeanVariance"/>: controls are dollar amounts, the criterion is the problem's E − (γ/2) Var of
/// X − θ X̄ (X̄ the mean over all agents).</para>
/// <para>See docs/solvers/multi-agent-bsde.md for the algorithm and the network.</para>
/// </remarks>
public sealed class MultiAgentBsdeSolver :
    ISolver<AlmgrenChriss, MultiAgentBsdeOptions, MultiAgentBsdeResult>,
    ISolver<MeanVariance, MultiAgentBsdeOptions, MultiAgentBsdeResult>
{
    /// <summary>Solves an execution game.</summary>
    /// <param name="problem">The problem (N assets, M agents).</param>
    /// <param name="options">Options (validated).</param>
    /// <param name="progress">Receives the shared trainer's reports (stage "it{i} n{step} agent{j} bag{b}").</param>
    /// <param name="cancellationToken">Cancels between training steps.</param>
    /// <returns>The per-agent strategies and metrics.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Options and problem do not fit together (e.g. control ranges per agent and asset).</exception>
    /// <exception cref="TrainingDivergedException">A regression went NaN or infinite.</exception>
    public MultiAgentBsdeResult Solve(AlmgrenChriss problem, MultiAgentBsdeOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        return new BackwardLeastSquaresRun(new ExecutionMarket(problem, options.ExecutionGrid), options, progress, cancellationToken).Run();
    }

    /// <summary>Solves a (multi-agent) time-consistent mean–variance portfolio problem.</summary>
    /// <param name="problem">The problem (N stocks, M agents).</param>
    /// <param name="options">Options (validated).</param>
    /// <param name="progress">Receives the shared trainer's reports.</param>
    /// <param name="cancellationToken">Cancels between training steps.</param>
    /// <returns>The per-agent strategies and metrics (dollar amounts as controls).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">Options and problem do not fit together.</exception>
    /// <exception cref="TrainingDivergedException">A regression went NaN or infinite.</exception>
    public MultiAgentBsdeResult Solve(MeanVariance problem, MultiAgentBsdeOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        return new BackwardLeastSquaresRun(new PortfolioMarket(problem), options, progress, cancellationToken).Run();
    }
}
