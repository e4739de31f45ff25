using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.MultiAgent;
using Xunit.Abstractions;

namespace NeuralHjb.Tests.Solvers.MultiAgent;

/// <summary>With price impact: the published qualitative findings (REFERENCES section 8), each as a pair of solves.</summary>
public class ExecutionFindingsTests(ITestOutputHelper output)
{
    private static readonly MultiAgentBsdeOptions Small = MultiAgentBsdeOptions.Quick with
    {
        TimeSteps = 5,
        TrainingPaths = 256,
        EvaluationPaths = 512,
        GridPoints = 12,
        InitialTrainingSteps = 400,
        TrainingStepsPerTimeStep = 150,
    };

    /// <summary>The forced final trade takes one step (a steeper one makes the last regressions lose precision).</summary>
    private const double LiquidationTime = 0.2;

    private static AlmgrenChriss Seller(double gamma = 2, double drift = 0, double temporary = 0.02, double permanent = 0.01)
        => new(new AlmgrenChrissParameters
        {
            Assets = [new ExecutionAsset { InitialPrice = 1, Drift = drift, Volatility = 0.2, PermanentImpact = permanent }],
            Agents = [new ExecutionAgent { RiskAversion = gamma, TemporaryImpact = temporary, InitialHoldings = [1.0] }],
            LiquidationTime = LiquidationTime,
        });

    /// <summary>Mean shares held by an agent, summed over assets, averaged over t₁ … t_{N−1}.</summary>
    private static double AverageHolding(MultiAgentBsdeResult r, int agent)
    {
        var h = r.Agents[agent].MeanShareHoldings!;
        var sum = 0.0;
        for (var n = 1; n < h.Count - 1; n++)
        {
            for (var i = 0; i < h[n].Count; i++)
            {
                sum += h[n][i];
            }
        }

        return sum / (h.Count - 2);
    }

    private string Path(MultiAgentBsdeResult r, int agent)
        => string.Join(" ", r.Agents[agent].MeanShareHoldings!.Select(h => h.Sum().ToString("F3")));

    [Fact]
    public void Holdings_fall_with_risk_aversion()
    {
        var solver = new MultiAgentBsdeSolver();
        var tolerant = solver.Solve(Seller(gamma: 0.5), Small);
        var averse = solver.Solve(Seller(gamma: 8), Small);
        output.WriteLine($"γ=0.5: {Path(tolerant, 0)}\nγ=8:   {Path(averse, 0)}");
        AverageHolding(averse, 0).Should().BeLessThan(AverageHolding(tolerant, 0) - 0.05);
    }

    [Fact]
    public void Higher_temporary_impact_trades_more_gradually()
    {
        var solver = new MultiAgentBsdeSolver();
        var cheap = solver.Solve(Seller(temporary: 0.005), Small);
        var dear = solver.Solve(Seller(temporary: 0.1), Small);
        output.WriteLine($"κt=0.005: {Path(cheap, 0)}\nκt=0.1:   {Path(dear, 0)}");

        // Gradual: the first step sells less, and the rate varies less over time.
        var first = (MultiAgentBsdeResult r) => -r.Agents[0].MeanControls[0][0];
        var spread = (MultiAgentBsdeResult r) => r.Agents[0].MeanControls.Max(v => v[0]) - r.Agents[0].MeanControls.Min(v => v[0]);
        first(dear).Should().BeLessThan(first(cheap));
        spread(dear).Should().BeLessThan(spread(cheap));
    }

    [Fact]
    public void Sellers_liquidate_faster_under_negative_drift()
    {
        var solver = new MultiAgentBsdeSolver();
        var flat = solver.Solve(Seller(drift: 0), Small);
        var falling = solver.Solve(Seller(drift: -0.3), Small);
        output.WriteLine($"μ=0:    {Path(flat, 0)}\nμ=−0.3: {Path(falling, 0)}");
        AverageHolding(falling, 0).Should().BeLessThan(AverageHolding(flat, 0) - 0.03);
    }

    [Fact]
    public void Sellers_of_positively_correlated_assets_sell_faster_than_of_negatively_correlated()
    {
        AlmgrenChriss TwoAssets(double rho) => new(new AlmgrenChrissParameters
        {
            Assets =
            [
                new ExecutionAsset { InitialPrice = 1, Volatility = 0.3, PermanentImpact = 0.01 },
                new ExecutionAsset { InitialPrice = 1, Volatility = 0.3, PermanentImpact = 0.01 },
            ],
            Agents = [new ExecutionAgent { RiskAversion = 3, TemporaryImpact = 0.02, InitialHoldings = [1.0, 1.0] }],
            Correlation = new double[,] { { 1, rho }, { rho, 1 } },
            LiquidationTime = LiquidationTime,
        });
        var options = Small with { GridPoints = 6, TimeSteps = 4 };
        var solver = new MultiAgentBsdeSolver();
        var positive = solver.Solve(TwoAssets(0.7), options);
        var negative = solver.Solve(TwoAssets(-0.7), options);
        output.WriteLine($"ρ=+0.7: {Path(positive, 0)}\nρ=−0.7: {Path(negative, 0)}");
        AverageHolding(positive, 0).Should().BeLessThan(AverageHolding(negative, 0) - 0.05);
    }

    [Fact]
    public void Holdings_rise_with_performance_concern()
    {
        AlmgrenChriss TwoSellers(double theta) => new(new AlmgrenChrissParameters
        {
            Assets = [new ExecutionAsset { InitialPrice = 1, Volatility = 0.2, PermanentImpact = 0.01 }],
            Agents =
            [
                new ExecutionAgent { RiskAversion = 4, PerformanceWeight = theta, TemporaryImpact = 0.02, InitialHoldings = [1.0] },
                new ExecutionAgent { RiskAversion = 4, PerformanceWeight = theta, TemporaryImpact = 0.02, InitialHoldings = [1.0] },
            ],
            LiquidationTime = LiquidationTime,
        });
        var solver = new MultiAgentBsdeSolver();
        var options = Small with { TimeSteps = 4, EquilibriumSweeps = 3 };
        var independent = solver.Solve(TwoSellers(0), options);
        var competitive = solver.Solve(TwoSellers(0.8), options);
        output.WriteLine($"θ=0:   {Path(independent, 0)} | {Path(independent, 1)}\nθ=0.8: {Path(competitive, 0)} | {Path(competitive, 1)}");
        for (var j = 0; j < 2; j++)
        {
            AverageHolding(competitive, j).Should().BeGreaterThan(AverageHolding(independent, j) + 0.05);
        }
    }
}
