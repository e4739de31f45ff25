using NeuralHjb.Problems.Execution;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.MultiAgent;
using Xunit.Abstractions;
using AlmgrenChrissParameters = NeuralHjb.Problems.Execution.AlmgrenChrissParameters;
using ClosedFormParameters = NeuralHjb.Reference.AlmgrenChrissParameters;

namespace NeuralHjb.Tests.Solvers.MultiAgent;

/// <summary>
/// One seller with temporary impact and the problem's default forced final trade (Δ_L = 0.01, far shorter than a
/// step): the schedule against the discrete Almgren–Chriss optimum (REFERENCES section 2) for min E + λV with λ = γ,
/// η = κ_t S₀, σ_abs = σ S₀. The reference is the arithmetic-price model; with σ = 0.1 the geometric price's risk
/// differs from it by about σ²t ≤ 1 %.
/// </summary>
public class AlmgrenChrissTrajectoryTests(ITestOutputHelper output)
{
    [Fact]
    public void A_seller_with_the_default_final_trade_follows_the_almgren_chriss_schedule()
    {
        var problem = new AlmgrenChriss(new AlmgrenChrissParameters
        {
            Assets = [new ExecutionAsset { InitialPrice = 1, Volatility = 0.1, PermanentImpact = 0 }],
            Agents = [new ExecutionAgent { RiskAversion = 8, TemporaryImpact = 0.02, InitialHoldings = [1.0] }],
        });
        problem.Parameters.LiquidationTime.Should().Be(0.01);
        var options = MultiAgentBsdeOptions.Quick with
        {
            TimeSteps = 5, TrainingPaths = 256, EvaluationPaths = 512, GridPoints = 12, InitialTrainingSteps = 400, TrainingStepsPerTimeStep = 150,
        };
        var result = new MultiAgentBsdeSolver().Solve(problem, options);
        var closedForm = new AlmgrenChrissClosedForm(new ClosedFormParameters(1, 1, 5, 0.1, 0, 0, 0.02));
        var reference = closedForm.Trajectory(8);
        var held = result.Agents[0].MeanShareHoldings!.Select(h => h[0]).ToArray();
        output.WriteLine($"learned   {string.Join(" ", held.Select(h => h.ToString("F4")))}");
        output.WriteLine($"reference {string.Join(" ", reference.Select(h => h.ToString("F4")))}");

        // Sells at every step (no overshoot and buy-back, as a regressed steep final trade produced) and ends flat.
        for (var n = 1; n < held.Length; n++)
        {
            held[n].Should().BeLessThan(held[n - 1]);
        }

        held[^1].Should().BeApproximately(0, 0.02);

        // The schedule's Almgren–Chriss objective E + λV is within 1 % of the optimum (TWAP's is 14 % above it); the
        // objective is flat near the optimum, so the holdings themselves differ by up to 0.025 (measured 0.3 %).
        double Objective(IReadOnlyList<double> x) => closedForm.ExpectedCostOf(x) + (8 * closedForm.VarianceOf(x));
        var schedule = held.ToArray();
        schedule[^1] = 0;
        var gap = (Objective(schedule) / Objective(reference)) - 1;
        output.WriteLine($"objective gap {gap:P2}");
        gap.Should().BeLessThan(0.01);
        ((Objective([1, 0.8, 0.6, 0.4, 0.2, 0]) / Objective(reference)) - 1).Should().BeGreaterThan(0.1);
    }
}
