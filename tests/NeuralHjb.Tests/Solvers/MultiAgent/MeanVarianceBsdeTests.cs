using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.MultiAgent;
using Xunit.Abstractions;

namespace NeuralHjb.Tests.Solvers.MultiAgent;

/// <summary>
/// No price impact: the solver against the time-consistent mean–variance closed forms (REFERENCES section 5). The
/// <see cref="MeanVariance"/> criterion is E − (γ/2)Var, so section 5's formulas apply with γ as given (the solver's
/// own E − γ' Var uses γ' = γ/2). Grids are deliberately not centred on the answers.
/// </summary>
public class MeanVarianceBsdeTests(ITestOutputHelper output)
{
    private static readonly MultiAgentBsdeOptions Fast = MultiAgentBsdeOptions.Quick with
    {
        TimeSteps = 6,
        TrainingPaths = 256,
        EvaluationPaths = 256,
        InitialTrainingSteps = 800,
        TrainingStepsPerTimeStep = 200,
        LearningRate = 5e-3,
    };

    private void Log(MultiAgentBsdeResult r, int agent, int asset, Func<int, double> reference)
    {
        for (var n = 0; n < r.Times.Count; n++)
        {
            output.WriteLine($"agent {agent} asset {asset} t={r.Times[n]:F3} learned={r.Agents[agent].MeanDollarHoldings[n][asset]:G5} closed form={reference(n):G5}");
        }
    }

    [Fact]
    public void One_agent_one_asset_holds_the_closed_form_amount_within_2_percent()
    {
        var p = new MeanVarianceParameters { InterestRate = 0.03, Drifts = [0.11], Volatilities = [0.25], RiskAversions = [2.0] };
        var result = new MultiAgentBsdeSolver().Solve(new MeanVariance(p), Fast with { ControlRanges = [[new ControlRange(-1, 3)]] });
        var market = new MarketParameters(p.InterestRate, p.Drifts[0], p.Volatilities[0]);
        double Reference(int n) => MeanVarianceClosedForm.Amount(market, 2.0, p.Horizon, result.Times[n]);
        Log(result, 0, 0, Reference);
        HoldingError.RelativeL2(result.Agents[0].MeanDollarHoldings, 0, Reference).Should().BeLessThan(0.02);
        result.ControlKind.Should().Be("amount");
    }

    [Fact]
    public void One_agent_two_correlated_assets_hold_the_multi_asset_closed_form_within_3_percent()
    {
        var correlation = new double[,] { { 1, 0.5 }, { 0.5, 1 } };
        var p = new MeanVarianceParameters { InterestRate = 0.03, Drifts = [0.11, 0.08], Volatilities = [0.25, 0.2], RiskAversions = [2.0], Correlation = correlation };
        var options = Fast with { TimeSteps = 4, GridPoints = 6, ControlRanges = [[new ControlRange(-1, 3), new ControlRange(-1, 3)]] };
        var result = new MultiAgentBsdeSolver().Solve(new MeanVariance(p), options);
        var market = new MultiAssetMarket(p.InterestRate, p.Drifts, p.Volatilities, correlation);
        for (var i = 0; i < 2; i++)
        {
            var asset = i;
            double Reference(int n) => MeanVarianceClosedForm.Amounts(market, 2.0, p.Horizon, result.Times[n])[asset];
            Log(result, 0, asset, Reference);
            HoldingError.RelativeL2(result.Agents[0].MeanDollarHoldings, asset, Reference).Should().BeLessThan(0.03);
        }
    }

    [Fact]
    public void Two_agents_against_the_others_mean_reach_the_finite_N_equilibrium_within_3_percent()
    {
        double[] gamma = [2.0, 4.0];
        double[] theta = [0.4, 0.6];
        var p = new MeanVarianceParameters
        {
            InterestRate = 0.03, Drifts = [0.11], Volatilities = [0.25], RiskAversions = gamma, PerformanceWeights = theta,
            InitialWealths = [1.0, 1.0], BenchmarkExcludesSelf = true,
        };
        var options = Fast with { TimeSteps = 4, ControlRanges = [[new ControlRange(-1, 3)], [new ControlRange(-1, 3)]] };
        var result = new MultiAgentBsdeSolver().Solve(new MeanVariance(p), options);
        var market = new MarketParameters(p.InterestRate, p.Drifts[0], p.Volatilities[0]);
        output.WriteLine($"equilibrium sweeps {result.EquilibriumSweeps}, last change {result.EquilibriumChange:G3}");
        for (var j = 0; j < 2; j++)
        {
            var agent = j;
            double Reference(int n) => RelativePerformanceMeanVariance.AmountsAgainstOthers(market, gamma, theta, p.Horizon, result.Times[n])[agent];
            Log(result, agent, 0, Reference);
            HoldingError.RelativeL2(result.Agents[agent].MeanDollarHoldings, 0, Reference).Should().BeLessThan(0.03);
        }

        result.EquilibriumSweeps.Should().BeGreaterThan(1);
        result.EquilibriumChange.Should().BeLessThan(options.Tolerance);

        // θ > 0 raises both holdings above the agents' stand-alone amounts (section 8: holdings rise with θ).
        for (var j = 0; j < 2; j++)
        {
            result.Agents[j].MeanDollarHoldings[0][0].Should().BeGreaterThan(MeanVarianceClosedForm.Amount(market, gamma[j], p.Horizon, 0) * 1.1);
        }
    }
}
