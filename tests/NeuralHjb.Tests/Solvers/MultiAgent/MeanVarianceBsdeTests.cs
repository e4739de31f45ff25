using System.Diagnostics;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.MultiAgent;
using Xunit.Abstractions;

namespace NeuralHjb.Tests.Solvers.MultiAgent;

/// <summary>No price impact: the solver against the time-consistent mean–variance closed forms (REFERENCES section 5).</summary>
public class MeanVarianceBsdeTests(ITestOutputHelper output)
{
    private static readonly MultiAgentBsdeOptions Fast = MultiAgentBsdeOptions.Quick with { TimeSteps = 8, TrainingPaths = 512, EvaluationPaths = 512, MaxIterations = 1 };

    [Fact]
    public void One_agent_one_asset_holds_the_closed_form_amount()
    {
        var p = new MeanVarianceParameters { InterestRate = 0.03, Drifts = [0.11], Volatilities = [0.25], RiskAversions = [2.0] };
        var options = Fast with { ControlRanges = [[new ControlRange(-1, 3)]] };
        var clock = Stopwatch.StartNew();
        var result = new MultiAgentBsdeSolver().Solve(new MeanVariance(p), options);
        var market = new MarketParameters(p.InterestRate, p.Drifts[0], p.Volatilities[0]);
        var error = HoldingError.RelativeL2(result.Agents[0].MeanDollarHoldings, 0, n => MeanVarianceClosedForm.Amount(market, 2.0, 1, result.Times[n]));
        output.WriteLine($"rel L2 {error:G4} in {clock.Elapsed.TotalSeconds:F1}s; first {result.Agents[0].MeanDollarHoldings[0][0]:G5} vs {MeanVarianceClosedForm.Amount(market, 2.0, 1, 0):G5}");
        for (var n = 0; n < result.Times.Count; n++)
        {
            output.WriteLine($"t={result.Times[n]:F3} h={result.Agents[0].MeanDollarHoldings[n][0]:G5} sd={result.Agents[0].ControlStd[n][0]:G4} ref={MeanVarianceClosedForm.Amount(market, 2.0, 1, result.Times[n]):G5}");
        }

        error.Should().BeLessThan(0.02);
    }
}
