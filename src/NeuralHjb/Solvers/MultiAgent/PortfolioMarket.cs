using NeuralHjb.Control;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// <see cref="MeanVariance"/> seen by the solver: controls are the dollar amounts uⱼᵢ held in each stock during a
/// step; the problem's criterion E − (γ/2) Var becomes E − γ' Var with γ' = γ/2; the relative wealth is the
/// problem's Yⱼ = Xⱼ − θⱼ X̄ (X̄ the mean over all agents, or over the others), read off its terminal cost.
/// </summary>
internal sealed class PortfolioMarket : AgentMarket
{
    private readonly MeanVariance _problem;

    public PortfolioMarket(MeanVariance problem)
        : base(problem, problem.Parameters.RiskAversions.Count, problem.Parameters.Drifts.Count, [.. problem.Parameters.InitialWealths], problem.Parameters.RiskAversions.Select(g => g / 2).ToArray())
    {
        _problem = problem;
    }

    public override string ControlKind => "amount";

    public override bool HasHoldBenchmark => false;

    public override double InterestRate => _problem.Parameters.InterestRate;

    public override ControlRange AutomaticRange(int agent, int asset)
    {
        // Four times the largest single-agent mean–variance amount e^{−rT}|Σ⁻¹(μ − r𝟙)|∞/γ_min (section 5).
        var p = _problem.Parameters;
        var n = p.Drifts.Count;
        var l = p.Correlation is null ? DenseMath.Identity(n) : Guard.CorrelationCholesky(p.Correlation, n, "correlation");
        var scaled = new double[n];
        for (var i = 0; i < n; i++)
        {
            scaled[i] = (p.Drifts[i] - p.InterestRate) / p.Volatilities[i];
        }

        var y = DenseMath.CholeskySolve(l, scaled);
        var largest = 0.0;
        for (var i = 0; i < n; i++)
        {
            largest = Math.Max(largest, Math.Abs(y[i] / p.Volatilities[i]));
        }

        var amount = 4 * Math.Max(largest, 1e-3) / p.RiskAversions.Min();
        return new ControlRange(-amount, amount);
    }

    public override double[] InitialControls(double t, double dt) => new double[Agents * Assets];

    public override double[] TerminalRelative(double[] x, int rows)
        => _problem.AgentCosts.AgentTerminalCost(Tensor.FromArray(x, [rows, StateDimension])).Neg().ToDoubleArray();

    public override double[] TerminalWealth(double[] x, int rows) => (double[])x.Clone();

    public override double[] Relative(double[] wealth, int rows)
        => _problem.AgentCosts.AgentTerminalCost(Tensor.FromArray(wealth, [rows, Agents])).Neg().ToDoubleArray();

    public override double[] MarkToMarket(double[] x, int rows, double t)
    {
        var growth = Math.Exp(_problem.Parameters.InterestRate * (Horizon - t));
        var w = new double[x.Length];
        for (var k = 0; k < x.Length; k++)
        {
            w[k] = x[k] * growth;
        }

        return w;
    }

    public override double[] DollarHoldings(double[] x, double[] u, int rows, double dt) => (double[])u.Clone();

    public override double[]? ShareHoldings(double[] x, int rows) => null;
}
