using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.PolicyIteration;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// What a policy-iteration solve of a portfolio problem reports: relative L2 errors of the policy and of the
/// expected utility against the reference, and both curves over wealth at t = 0 against it.
/// </summary>
internal static class PortfolioReport
{
    /// <summary>Wealth points of the figures.</summary>
    private const int FigurePoints = 61;

    public static RunReport Merton(SolveContext context, Merton problem, PolicyIterationOptions options, PolicyIterationResult result)
    {
        var p = problem.Parameters;
        var errors = PortfolioReferences.AgainstMertonClosedForm(result, problem);
        var report = Build(context, "merton", UtilityParameters(p.Utility, p.PowerExponent, p.RiskAversion, p.Drift, p.InterestRate, p.Volatility), options, result, errors);
        var market = new MarketParameters(p.InterestRate, p.Drift, p.Volatility);
        AddFigures(report, Wealth(p.WealthLow, p.WealthHigh), x => result.Policy.Control(0, x)[0], x => -result.Value.Value(0, x), x => PortfolioReferences.MertonReference(market, p, 0, x), "closed form", p.Control == PortfolioControl.Amount, string.Empty);
        report.Notes.Add("Reference: Merton's closed forms (REFERENCES §4) at t = 0 and T/2 on a geometric wealth grid; value errors compare expected utility.");
        return report;
    }

    public static RunReport Liquidity(SolveContext context, MertonWithCostsAndLiquidity problem, PolicyIterationOptions options, PolicyIterationResult result, LiquidityFdReference reference)
    {
        var p = problem.Parameters;
        var errors = PortfolioReferences.AgainstFiniteDifference(result, reference);
        var parameters = UtilityParameters(p.Utility, p.PowerExponent, p.RiskAversion, p.Drift, p.InterestRate, p.Volatility);
        parameters["k"] = p.CostRate;
        parameters["beta"] = p.Beta;
        var report = Build(context, "merton-liquidity", parameters, options, result, errors);
        var l0 = p.InitialLiquidity;
        AddFigures(report, Wealth(p.WealthLow, p.WealthHigh), x => result.Policy.Control(0, x, l0)[0], x => -result.Value.Value(0, x, l0), x => (reference.Control(0, x, l0), reference.Value(0, x, l0)), "finite differences", false, $", illiquidity l = {l0:0.##}");
        report.Notes.Add("Reference: the finite-difference solution of the same model at t = 0 on a wealth × liquidity grid; value errors compare expected utility.");
        return report;
    }

    private static RunReport Build(SolveContext context, string problem, Dictionary<string, object> parameters, PolicyIterationOptions options, PolicyIterationResult result, PolicyValueErrors errors)
    {
        parameters["preset"] = context.Preset;
        parameters["iterations"] = options.MaxIterations;
        parameters["seed"] = context.Seed;
        return new RunReport
        {
            Summary = new RunSummary
            {
                Problem = problem,
                Method = "policy-iteration",
                Parameters = parameters,
                Seconds = result.Elapsed.TotalSeconds,
                Metrics = result.Metrics,
                Reference = new Dictionary<string, double> { ["points"] = errors.Points },
                Errors = new Dictionary<string, double>
                {
                    ["policy_rel"] = errors.PolicyRelativeL2,
                    ["value_rel"] = errors.ValueRelativeL2,
                    ["policy_max_rel"] = errors.PolicyMaxRelative,
                    ["value_max_rel"] = errors.ValueMaxRelative,
                },
            },
            History = result.History,
            Model = result.Policy.Network,
        };
    }

    private static Dictionary<string, object> UtilityParameters(UtilityKind utility, double p, double gamma, double mu, double r, double sigma)
    {
        var d = new Dictionary<string, object>
        {
            ["utility"] = utility switch { UtilityKind.Log => "log", UtilityKind.Exponential => "exp", _ => "power" },
            ["mu"] = mu,
            ["r"] = r,
            ["sigma"] = sigma,
        };
        if (utility == UtilityKind.Power)
        {
            d["p"] = p;
        }
        else if (utility == UtilityKind.Exponential)
        {
            d["gamma"] = gamma;
        }

        return d;
    }

    private static double[] Wealth(double low, double high) =>
        Enumerable.Range(0, FigurePoints).Select(i => low + ((high - low) * i / (FigurePoints - 1))).ToArray();

    /// <summary>policy.svg and value.svg at t = 0 over wealth, learned against the reference, and policy.csv.</summary>
    private static void AddFigures(RunReport report, double[] x, Func<double, double> policy, Func<double, double> utility, Func<double, (double Control, double Value)> reference, string referenceName, bool amount, string where)
    {
        var learnedPolicy = x.Select(policy).ToArray();
        var learnedValue = x.Select(utility).ToArray();
        var exact = x.Select(reference).ToArray();
        var referencePolicy = exact.Select(e => e.Control).ToArray();
        var referenceValue = exact.Select(e => e.Value).ToArray();
        var control = amount ? "amount in the stock u [currency]" : "fraction in the stock π";
        report.Plots.Add(new NamedPlot("policy.svg", ResultPlots.VersusReference($"Policy at t = 0{where}: learned vs {referenceName}", "wealth x [currency]", control, x, learnedPolicy, referencePolicy, referenceName: referenceName)));
        report.Plots.Add(new NamedPlot("value.svg", ResultPlots.VersusReference($"Expected utility at t = 0{where}: learned vs {referenceName}", "wealth x [currency]", "expected utility E U(X_T)", x, learnedValue, referenceValue, referenceName: referenceName)));
        report.Tables.Add(new CsvTable("policy.csv", [new("x", x), new("control_learned", learnedPolicy), new("control_reference", referencePolicy), new("utility_learned", learnedValue), new("utility_reference", referenceValue)]));
    }
}
