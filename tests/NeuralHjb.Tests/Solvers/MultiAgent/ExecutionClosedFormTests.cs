using NeuralHjb.Problems.Execution;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.MultiAgent;
using Xunit.Abstractions;
using AlmgrenChrissParameters = NeuralHjb.Problems.Execution.AlmgrenChrissParameters;

namespace NeuralHjb.Tests.Solvers.MultiAgent;

/// <summary>
/// The execution model itself (controls are trade rates) without impact: it reduces to time-consistent mean–variance
/// allocation (REFERENCES section 8), with criterion E − γVar, so section 5's dollar amounts with 2γ.
/// </summary>
public class ExecutionClosedFormTests(ITestOutputHelper output)
{
    private static readonly MultiAgentBsdeOptions Fast = MultiAgentBsdeOptions.Quick with
    {
        TimeSteps = 6,
        TrainingPaths = 256,
        EvaluationPaths = 512,
        InitialTrainingSteps = 400,
        TrainingStepsPerTimeStep = 150,
    };

    private static ExecutionAsset Frictionless(double drift, double sigma)
        => new() { InitialPrice = 1, Drift = drift, Volatility = sigma, PermanentImpact = 0 };

    private void Log(MultiAgentBsdeResult r, int asset, Func<int, double> reference)
    {
        for (var n = 0; n < r.Times.Count; n++)
        {
            output.WriteLine($"asset {asset} t={r.Times[n]:F3} learned={r.Agents[0].MeanDollarHoldings[n][asset]:G5} closed form={reference(n):G5}");
        }
    }

    [Fact]
    public void One_agent_one_asset_holds_the_closed_form_dollar_amount_within_2_percent()
    {
        var problem = new AlmgrenChriss(new AlmgrenChrissParameters
        {
            Assets = [Frictionless(0.11, 0.25)],
            Agents = [new ExecutionAgent { RiskAversion = 1, TemporaryImpact = 0, InitialHoldings = [0.5] }],
            InterestRate = 0.03,
        });
        // Ranges in shares held after each trade (the default ExecutionGrid.Holdings), not centred on the answer.
        var result = new MultiAgentBsdeSolver().Solve(problem, Fast with { ControlRanges = [[new ControlRange(-1, 2)]] });
        var market = new MarketParameters(0.03, 0.11, 0.25);
        double Reference(int n) => MeanVarianceClosedForm.Amount(market, 2.0, 1, result.Times[n]);
        Log(result, 0, Reference);
        HoldingError.RelativeL2(result.Agents[0].MeanDollarHoldings, 0, Reference).Should().BeLessThan(0.02);
    }

    [Fact]
    public void One_agent_two_correlated_assets_hold_the_closed_form_dollar_amounts_within_3_percent()
    {
        var correlation = new double[,] { { 1, 0.5 }, { 0.5, 1 } };
        var problem = new AlmgrenChriss(new AlmgrenChrissParameters
        {
            Assets = [Frictionless(0.11, 0.25), Frictionless(0.08, 0.2)],
            Agents = [new ExecutionAgent { RiskAversion = 1, TemporaryImpact = 0, InitialHoldings = [0.5, 0.5] }],
            Correlation = correlation,
            InterestRate = 0.03,
        });
        var options = Fast with { TimeSteps = 4, GridPoints = 6, ControlRanges = [[new ControlRange(-1, 2), new ControlRange(-1, 2)]] };
        var result = new MultiAgentBsdeSolver().Solve(problem, options);
        var market = new MultiAssetMarket(0.03, [0.11, 0.08], [0.25, 0.2], correlation);
        for (var i = 0; i < 2; i++)
        {
            var asset = i;
            double Reference(int n) => MeanVarianceClosedForm.Amounts(market, 2.0, 1, result.Times[n])[asset];
            Log(result, asset, Reference);
            HoldingError.RelativeL2(result.Agents[0].MeanDollarHoldings, asset, Reference).Should().BeLessThan(0.03);
        }
    }

    [Fact]
    public void Two_agents_with_performance_concern_reach_the_finite_N_equilibrium_within_3_percent()
    {
        // Yⱼ = Wⱼ − θⱼ W̄₋ⱼ (the others' mean); E − γVar, so the section-5 equilibrium with 2γ.
        double[] gamma = [1.0, 2.0];
        double[] theta = [0.4, 0.6];
        var problem = new AlmgrenChriss(new AlmgrenChrissParameters
        {
            Assets = [Frictionless(0.11, 0.25)],
            Agents = [.. Enumerable.Range(0, 2).Select(j => new ExecutionAgent { RiskAversion = gamma[j], PerformanceWeight = theta[j], TemporaryImpact = 0, InitialHoldings = [0.5] })],
            InterestRate = 0.03,
        });
        var options = Fast with { TimeSteps = 4, ControlRanges = [[new ControlRange(-1, 2)], [new ControlRange(-1, 2)]] };
        var result = new MultiAgentBsdeSolver().Solve(problem, options);
        var market = new MarketParameters(0.03, 0.11, 0.25);
        for (var j = 0; j < 2; j++)
        {
            var agent = j;
            double Reference(int n) => RelativePerformanceMeanVariance.AmountsAgainstOthers(market, [2 * gamma[0], 2 * gamma[1]], theta, 1, result.Times[n])[agent];
            output.WriteLine($"agent {agent}: " + string.Join(" ", Enumerable.Range(0, result.Times.Count).Select(n => $"{result.Agents[agent].MeanDollarHoldings[n][0]:F4}/{Reference(n):F4}")));
            HoldingError.RelativeL2(result.Agents[agent].MeanDollarHoldings, 0, Reference).Should().BeLessThan(0.03);
        }
    }
}
