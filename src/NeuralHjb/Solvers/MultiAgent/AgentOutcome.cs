namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// One agent's learned strategy and its performance on the evaluation paths. Time series are indexed
/// [step][asset] over the decision times t₀ … t_{N−1} (share holdings over t₀ … t_N).
/// </summary>
public sealed class AgentOutcome
{
    /// <summary>Gets the agent's index.</summary>
    public required int Agent { get; init; }

    /// <summary>Gets γ of the criterion E − γ Var the solver maximised (for <c>MeanVariance</c>, half the problem's γ).</summary>
    public required double RiskAversion { get; init; }

    /// <summary>Gets the mean control over the paths (rates or dollar amounts, see <see cref="MultiAgentBsdeResult.ControlKind"/>).</summary>
    public required IReadOnlyList<IReadOnlyList<double>> MeanControls { get; init; }

    /// <summary>Gets the standard deviation of the control across paths.</summary>
    public required IReadOnlyList<IReadOnlyList<double>> ControlStd { get; init; }

    /// <summary>Gets the mean dollar amount held in each asset during each step (after the step's trade).</summary>
    public required IReadOnlyList<IReadOnlyList<double>> MeanDollarHoldings { get; init; }

    /// <summary>Gets the mean share holdings at t₀ … t_N (execution problems; null otherwise).</summary>
    public IReadOnlyList<IReadOnlyList<double>>? MeanShareHoldings { get; init; }

    /// <summary>Gets the initial wealth W(0) (cash plus positions at their initial prices).</summary>
    public required double InitialWealth { get; init; }

    /// <summary>Gets E[W(T)], the expected terminal wealth (after the forced final trade for execution problems).</summary>
    public required double ExpectedWealth { get; init; }

    /// <summary>Gets Std[W(T)].</summary>
    public required double WealthStd { get; init; }

    /// <summary>Gets the Sharpe ratio (E[W(T)] − W(0) e^{rT}) / Std[W(T)].</summary>
    public required double SharpeRatio { get; init; }

    /// <summary>Gets E[Y(T)] of the relative wealth Y = W − θ W̄ (Y = W for one agent).</summary>
    public required double ExpectedRelativeWealth { get; init; }

    /// <summary>Gets Std[Y(T)].</summary>
    public required double RelativeWealthStd { get; init; }

    /// <summary>Gets the criterion E[Y(T)] − γ Var[Y(T)] reached at t = 0.</summary>
    public required double Criterion { get; init; }

    /// <summary>Gets E[W(T)] when nobody trades and positions are marked to market at T (NaN where not meaningful).</summary>
    public required double HoldExpectedWealth { get; init; }

    /// <summary>Gets Std[W(T)] of the hold benchmark (NaN where not meaningful).</summary>
    public required double HoldWealthStd { get; init; }

    /// <summary>Gets the hold benchmark's Sharpe ratio (NaN where not meaningful).</summary>
    public required double HoldSharpeRatio { get; init; }
}
