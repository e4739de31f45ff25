using System.Diagnostics;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.PolicyIteration;

// Policy iteration on the portfolio problems (REFERENCES §4, §7). Usage:
//   dotnet run -c Release -- merton [power|log|exp]     closed-form comparison at t = 0 and T/2
//   dotnet run -c Release -- liquidity [power|log|exp]  FD comparison at t = 0
var mode = args.Length > 0 ? args[0] : "merton";
var utility = (args.Length > 1 ? args[1] : "power") switch
{
    "log" => UtilityKind.Log,
    "exp" => UtilityKind.Exponential,
    _ => UtilityKind.Power,
};
var seed = args.Length > 2 ? ulong.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1UL;

if (mode == "merton")
{
    var p = Experiments.MertonCase(utility);
    var problem = new Merton(p);
    var result = new PolicyIterationSolver().Solve(problem, Tune.Apply(PortfolioPolicyIteration.MertonOptions(problem, seed)));
    var e = PortfolioReferences.AgainstMertonClosedForm(result, problem);
    Experiments.Print(result, e);
    if (args.Length > 3) Diag.Run(result, problem);
}
else if (mode == "liquidity")
{
    var p = new MertonWithCostsAndLiquidityParameters { Utility = utility };
    var clock = Stopwatch.StartNew();
    var reference = PortfolioReferences.SolveLiquidityFd(p);
    Console.WriteLine($"FD reference: {clock.Elapsed.TotalSeconds:F1} s");
    var liquidity = new MertonWithCostsAndLiquidity(p);
    var result = new PolicyIterationSolver().Solve(liquidity, Tune.Apply(PortfolioPolicyIteration.LiquidityOptions(liquidity, seed)));
    Experiments.Print(result, PortfolioReferences.AgainstFiniteDifference(result, reference));
}

else if (mode == "fdcheck")
{
    var a = PortfolioReferences.SolveLiquidityFd(new MertonWithCostsAndLiquidityParameters { Utility = UtilityKind.Exponential, CostRate = 0 });
    var b = PortfolioReferences.SolveLiquidityFd(new MertonWithCostsAndLiquidityParameters { Utility = UtilityKind.Exponential, CostRate = 0.01 });
    foreach (var l in new[] { 0.3, 0.6, 0.9 })
    {
        foreach (var x in new[] { 0.5, 1.0, 2.0, 3.0, 6.0, 10.0, 20.0 })
        {
            Console.WriteLine($"l={l} x={x}: π(k=0)={a.Control(0, x, l):F4} π(k=1%)={b.Control(0, x, l):F4} diff={a.Control(0, x, l) - b.Control(0, x, l):F4} amount diff={x * (a.Control(0, x, l) - b.Control(0, x, l)):F4}");
        }
    }
}

internal static class Experiments
{
    /// <summary>Merton's test cases: parameters where the optimal fraction is interior.</summary>
    public static MertonParameters MertonCase(UtilityKind utility) => utility switch
    {
        UtilityKind.Power => new MertonParameters { Utility = utility, PowerExponent = 0.5, Volatility = 0.3 },
        UtilityKind.Log => new MertonParameters { Utility = utility },
        _ => new MertonParameters { Utility = utility, RiskAversion = 0.5, Control = PortfolioControl.Amount },
    };

    public static void Print(PolicyIterationResult result, PolicyValueErrors e)
    {
        foreach (var s in result.Iterations)
        {
            Console.WriteLine($"iter {s.Iteration}: loss {s.EvaluationLoss:E2} residual {s.ResidualRms:E2} ΔV {s.ValueChange:E2} max increase {s.MaxValueIncrease:E2} monotone {s.Monotone} H {s.ImprovementHamiltonian:F6} t {s.Elapsed.TotalSeconds:F1}s");
        }

        Console.WriteLine($"converged {result.Converged} in {result.IterationCount} iterations, {result.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"policy rel L2 {e.PolicyRelativeL2:P3} max {e.PolicyMaxRelative:P3}; value rel L2 {e.ValueRelativeL2:P3} max {e.ValueMaxRelative:P3}");
    }
}
