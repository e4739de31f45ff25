using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.MultiAgent;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve mean-variance --method bsde-ls</c>: time-consistent mean–variance allocation (E − (γ/2)Var) for
/// M agents and N assets by backward least squares; reports the learned dollar holdings against section 5's closed
/// form (<c>errors.holding_rel_l2</c>, the largest over agents and assets).
/// </summary>
internal static class MeanVarianceCommand
{
    public static Command Create()
    {
        var cmd = new Command("mean-variance", "Time-consistent mean–variance allocation (multi-agent, multi-asset) by backward least squares.");
        var common = new CommonOptions();
        var shared = new MultiAgentCliOptions();
        var benchmark = new Option<string>("--benchmark") { Description = "others (mean of the other agents, section 8) or all (mean of all agents, section 5).", DefaultValueFactory = _ => "others" };
        common.AddTo(cmd);
        shared.AddTo(cmd);
        cmd.Options.Add(benchmark);
        cmd.SetAction(parse =>
        {
            try
            {
                return Run(parse, common, shared, parse.GetValue(benchmark) ?? "others", Console.Out, Console.Error);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    internal static int Run(ParseResult parse, CommonOptions common, MultiAgentCliOptions shared, string benchmark, TextWriter stdout, TextWriter stderr)
    {
        shared.CheckMethod(parse);
        if (benchmark is not ("others" or "all"))
        {
            throw new ArgumentException($"--benchmark must be others or all (got '{benchmark}').");
        }

        var n = parse.GetValue(shared.Assets);
        var m = parse.GetValue(shared.Agents);
        if (n < 1 || m < 1)
        {
            throw new ArgumentException("--assets and --agents must be at least 1.");
        }

        var r = parse.GetResult(shared.Rate) is null ? 0.03 : parse.GetValue(shared.Rate);
        var mu = MultiAgentCliOptions.List(parse.GetValue(shared.Mu), n, 0.11, "--mu");
        var sigma = MultiAgentCliOptions.List(parse.GetValue(shared.Sigma), n, 0.25, "--sigma");
        var gamma = MultiAgentCliOptions.List(parse.GetValue(shared.Gamma), m, 2, "--gamma");
        var theta = MultiAgentCliOptions.List(parse.GetValue(shared.Theta), m, 0, "--theta");
        var rho = parse.GetValue(shared.Correlation);
        var correlation = MultiAgentCliOptions.EqualCorrelation(n, rho);
        var p = new MeanVarianceParameters
        {
            InterestRate = r,
            Drifts = mu,
            Volatilities = sigma,
            Correlation = correlation,
            RiskAversions = gamma,
            PerformanceWeights = theta,
            InitialWealths = Enumerable.Repeat(1.0, m).ToArray(),
            BenchmarkExcludesSelf = benchmark == "others",
        };
        var options = shared.SolverOptions(parse, parse.GetValue(common.Seed));
        var clock = Stopwatch.StartNew();
        var result = new MultiAgentBsdeSolver().Solve(new MeanVariance(p), options, MultiAgentCliOptions.Progress(parse.GetValue(common.Quiet) || parse.GetValue(common.Json), stderr));
        var reference = new Dictionary<string, double>(StringComparer.Ordinal);
        var errors = new Dictionary<string, double>(StringComparer.Ordinal);
        var worst = 0.0;
        var available = m == 1 || n == 1;
        for (var j = 0; j < m && available; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var num = 0.0;
                var den = 0.0;
                for (var k = 0; k < result.Times.Count; k++)
                {
                    var exact = ClosedForm(p, benchmark, j, i, result.Times[k]);
                    var e = result.Agents[j].MeanDollarHoldings[k][i] - exact;
                    num += e * e;
                    den += exact * exact;
                    if (k == 0)
                    {
                        reference[Key(j, i, "holding_t0")] = exact;
                    }
                }

                var error = Math.Sqrt(num / den);
                errors[Key(j, i, "holding_rel_l2")] = error;
                worst = Math.Max(worst, error);
            }
        }

        if (available)
        {
            errors["holding_rel_l2"] = worst;
        }

        var metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal);
        for (var j = 0; j < m; j++)
        {
            for (var i = 0; i < n; i++)
            {
                metrics[Key(j, i, "holding_t0")] = result.Agents[j].MeanDollarHoldings[0][i];
            }
        }

        var summary = new RunSummary
        {
            Problem = "mean-variance",
            Method = "bsde-ls",
            Parameters = new Dictionary<string, object>
            {
                ["assets"] = n, ["agents"] = m, ["mu"] = mu, ["r"] = r, ["sigma"] = sigma, ["gamma"] = gamma, ["theta"] = theta,
                ["correlation"] = rho, ["benchmark"] = benchmark, ["steps"] = options.TimeSteps, ["paths"] = options.TrainingPaths,
                ["regressor"] = options.Regressor.ToString(), ["seed"] = options.Seed,
            },
            Seconds = clock.Elapsed.TotalSeconds,
            Metrics = metrics,
            Reference = reference,
            Errors = errors,
        };
        if (!parse.GetValue(common.Json) && !parse.GetValue(common.Quiet))
        {
            foreach (var (key, value) in errors)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-32} {value:G4}"));
            }
        }

        RunOutput.Emit(summary, result.History, parse.GetValue(common.Json), parse.GetValue(common.Out), stdout);
        return 0;
    }

    private static string Key(int agent, int asset, string what) => string.Create(CultureInfo.InvariantCulture, $"agent{agent}_asset{asset}_{what}");

    /// <summary>Section 5's amount for agent j in asset i (E − (γ/2)Var, so γ as given).</summary>
    private static double ClosedForm(MeanVarianceParameters p, string benchmark, int agent, int asset, double t)
    {
        if (p.RiskAversions.Count == 1)
        {
            if (p.Drifts.Count == 1)
            {
                return MeanVarianceClosedForm.Amount(new MarketParameters(p.InterestRate, p.Drifts[0], p.Volatilities[0]), p.RiskAversions[0], p.Horizon, t);
            }

            var correlation = p.Correlation ?? Identity(p.Drifts.Count);
            return MeanVarianceClosedForm.Amounts(new MultiAssetMarket(p.InterestRate, p.Drifts, p.Volatilities, correlation), p.RiskAversions[0], p.Horizon, t)[asset];
        }

        var market = new MarketParameters(p.InterestRate, p.Drifts[0], p.Volatilities[0]);
        return benchmark == "others"
            ? RelativePerformanceMeanVariance.AmountsAgainstOthers(market, p.RiskAversions, p.PerformanceWeights, p.Horizon, t)[agent]
            : RelativePerformanceMeanVariance.Amounts(market, p.RiskAversions, p.PerformanceWeights, p.Horizon, t)[agent];
    }

    private static double[,] Identity(int n)
    {
        var c = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            c[i, i] = 1;
        }

        return c;
    }
}
