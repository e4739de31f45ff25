using System.Globalization;
using NeuralHjb.Analysis.Plots;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.PolicyIteration;

// Deep policy iteration on the portfolio problems (REFERENCES §4 and §7), through the public API only.
//   dotnet run -c Release -- merton [seed]         power / log / exponential vs the closed forms at t = 0, T/2
//   dotnet run -c Release -- liquidity [seed]      power / log / exponential vs finite differences at t = 0
//   dotnet run -c Release -- seeds [outDir]        10 seeds of the liquidity model: π(0, 1, l) band, CSV + SVG
//   dotnet run -c Release -- sweep                 Merton over 4 markets × 4 utilities, default configuration
var mode = args.Length > 0 ? args[0] : "merton";
var inv = CultureInfo.InvariantCulture;
var solver = new PolicyIterationSolver();
var utilities = new[] { UtilityKind.Power, UtilityKind.Log, UtilityKind.Exponential };

switch (mode)
{
    case "merton":
    {
        var seed = args.Length > 1 ? ulong.Parse(args[1], inv) : 1UL;
        Console.WriteLine("utility | iterations | seconds | policy rel L2 | policy max rel | value rel L2 | value max rel | ‖ΔV‖ history");
        foreach (var utility in utilities)
        {
            var problem = new Merton(Cases.Merton(utility));
            var result = solver.Solve(problem, PortfolioPolicyIteration.MertonOptions(problem, seed));
            var e = PortfolioReferences.AgainstMertonClosedForm(result, problem);
            Console.WriteLine($"{utility} | {result.IterationCount} | {result.Elapsed.TotalSeconds:F1} | {e.PolicyRelativeL2:P3} | {e.PolicyMaxRelative:P3} | {e.ValueRelativeL2:P4} | {e.ValueMaxRelative:P4} | {string.Join(", ", result.ValueChanges.Select(c => c.ToString("E1", inv)))}");
        }

        break;
    }

    case "liquidity":
    {
        var seed = args.Length > 1 ? ulong.Parse(args[1], inv) : 1UL;
        Console.WriteLine("utility | iterations | seconds | policy rel L2 | policy max rel | value rel L2 | monotone");
        foreach (var utility in utilities)
        {
            var p = new MertonWithCostsAndLiquidityParameters { Utility = utility };
            var problem = new MertonWithCostsAndLiquidity(p);
            var reference = PortfolioReferences.SolveLiquidityFd(p);
            var result = solver.Solve(problem, PortfolioPolicyIteration.LiquidityOptions(problem, seed));
            var e = PortfolioReferences.AgainstFiniteDifference(result, reference);
            Console.WriteLine($"{utility} | {result.IterationCount} | {result.Elapsed.TotalSeconds:F1} | {e.PolicyRelativeL2:P3} | {e.PolicyMaxRelative:P3} | {e.ValueRelativeL2:P4} | {result.Iterations.All(s => s.Monotone)}");
        }

        break;
    }

    case "seeds":
    {
        var outDir = args.Length > 1 ? args[1] : "policy-iteration-results";
        Directory.CreateDirectory(outDir);
        var p = new MertonWithCostsAndLiquidityParameters { Utility = UtilityKind.Power };
        var problem = new MertonWithCostsAndLiquidity(p);
        var reference = PortfolioReferences.SolveLiquidityFd(p);
        var levels = Enumerable.Range(0, 31).Select(i => 1.5 * i / 30).ToArray();
        var curves = new List<double[]>();
        var summary = new List<string> { "seed,iterations,seconds,policy_rel_l2,value_rel_l2" };
        for (ulong seed = 1; seed <= 10; seed++)
        {
            var result = solver.Solve(problem, PortfolioPolicyIteration.LiquidityOptions(problem, seed));
            var e = PortfolioReferences.AgainstFiniteDifference(result, reference);
            curves.Add([.. levels.Select(l => result.Policy.Control(0, 1, l)[0])]);
            summary.Add(string.Create(inv, $"{seed},{result.IterationCount},{result.Elapsed.TotalSeconds:F2},{e.PolicyRelativeL2:E3},{e.ValueRelativeL2:E3}"));
            Console.WriteLine($"seed {seed}: {result.IterationCount} iterations, {result.Elapsed.TotalSeconds:F1} s, policy rel L2 {e.PolicyRelativeL2:P3}");
        }

        var fd = levels.Select(l => reference.Control(0, 1, l)).ToArray();
        var mean = levels.Select((_, i) => curves.Average(c => c[i])).ToArray();
        var low = levels.Select((_, i) => curves.Min(c => c[i])).ToArray();
        var high = levels.Select((_, i) => curves.Max(c => c[i])).ToArray();
        var csv = new List<string> { "l,fd,mean,min,max," + string.Join(',', Enumerable.Range(1, 10).Select(s => $"seed{s}")) };
        for (var i = 0; i < levels.Length; i++)
        {
            csv.Add(string.Create(inv, $"{levels[i]:F3},{fd[i]:F5},{mean[i]:F5},{low[i]:F5},{high[i]:F5},") + string.Join(',', curves.Select(c => c[i].ToString("F5", inv))));
        }

        File.WriteAllLines(Path.Combine(outDir, "liquidity-power-pi-band.csv"), csv);
        File.WriteAllLines(Path.Combine(outDir, "liquidity-power-seeds.csv"), summary);
        Figures.Band(outDir, levels, fd, mean, low, high);
        Console.WriteLine($"wrote {outDir}/liquidity-power-pi-band.csv, .svg and liquidity-power-seeds.csv");
        break;
    }

    case "plot":
    {
        // Re-renders the seed band from its CSV (no training).
        var outDir = args.Length > 1 ? args[1] : "policy-iteration-results";
        var rows = File.ReadAllLines(Path.Combine(outDir, "liquidity-power-pi-band.csv")).Skip(1).Select(r => r.Split(',').Select(v => double.Parse(v, inv)).ToArray()).ToArray();
        Figures.Band(outDir, [.. rows.Select(r => r[0])], [.. rows.Select(r => r[1])], [.. rows.Select(r => r[2])], [.. rows.Select(r => r[3])], [.. rows.Select(r => r[4])]);
        break;
    }

    case "sweep":
    {
        // Merton over a spread of markets and utilities (each with an interior optimum), default configuration.
        Console.WriteLine("utility | p or a | mu | r | sigma | u* at t=0,x=1 | iterations | seconds | policy max rel | value max rel");
        var markets = new (double Mu, double R, double Sigma)[] { (0.05, 0.02, 0.3), (0.08, 0.01, 0.25), (0.10, 0.03, 0.4), (0.06, 0.00, 0.2) };
        foreach (var (mu, r, sigma) in markets)
        {
            foreach (var (utility, parameter) in new[] { (UtilityKind.Power, 0.5), (UtilityKind.Power, -2.0), (UtilityKind.Log, 0.0), (UtilityKind.Exponential, 2.0) })
            {
                var p = new MertonParameters
                {
                    Utility = utility, PowerExponent = utility == UtilityKind.Power ? parameter : 0.5, RiskAversion = utility == UtilityKind.Exponential ? parameter : 0.5,
                    Drift = mu, InterestRate = r, Volatility = sigma, Control = utility == UtilityKind.Exponential ? PortfolioControl.Amount : PortfolioControl.Fraction,
                };
                var problem = new Merton(p);
                var result = solver.Solve(problem, PortfolioPolicyIteration.MertonOptions(problem));
                var e = PortfolioReferences.AgainstMertonClosedForm(result, problem);
                var star = PortfolioReferences.MertonReference(new NeuralHjb.Reference.MarketParameters(r, mu, sigma), p, 0, 1).Control;
                Console.WriteLine($"{utility} | {parameter} | {mu} | {r} | {sigma} | {star:F3} | {result.IterationCount} | {result.Elapsed.TotalSeconds:F1} | {e.PolicyMaxRelative:P3} | {e.ValueMaxRelative:P4}");
            }
        }

        break;
    }

    default:
        Console.Error.WriteLine($"unknown mode '{mode}' (merton, liquidity, seeds, sweep)");
        return 2;
}

return 0;

internal static class Figures
{
    public static void Band(string outDir, double[] levels, double[] fd, double[] mean, double[] low, double[] high)
        => new LinePlot("π(t = 0, x = 1, l), power utility p = 0.5, k = 0.4%, β = 0.3: 10 seeds", "illiquidity l", "fraction in stock π")
            .Add(new PlotBand("PI, min–max over 10 seeds", levels, low, high))
            .Add("PI, mean of 10 seeds", levels, mean)
            .Add("finite differences", levels, fd, SeriesStyle.Dashed)
            .Save(Path.Combine(outDir, "liquidity-power-pi-band.svg"));
}

internal static class Cases
{
    /// <summary>Merton's test cases: parameters where the optimal fraction is interior (power: σ = 0.3 gives π* = 2/3).</summary>
    public static MertonParameters Merton(UtilityKind utility) => utility switch
    {
        UtilityKind.Power => new MertonParameters { Utility = utility, PowerExponent = 0.5, Volatility = 0.3 },
        UtilityKind.Log => new MertonParameters { Utility = utility },
        _ => new MertonParameters { Utility = utility, RiskAversion = 0.5, Control = PortfolioControl.Amount },
    };
}
