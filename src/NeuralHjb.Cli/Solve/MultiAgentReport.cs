using System.Globalization;
using NeuralHjb.Analysis.Plots;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference;
using AlmgrenChrissParameters = NeuralHjb.Problems.Execution.AlmgrenChrissParameters;
using NeuralHjb.Solvers.MultiAgent;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// What the <c>bsde-ls</c> solves report. Mean-variance: learned dollar holdings against section 5's closed form
/// (<c>errors.holding_rel_l2</c>, the largest over agents and assets; available for one agent or one asset).
/// Almgren–Chriss: each agent's E[W_T], its standard deviation, Sharpe ratio and the hold benchmark's (no closed form).
/// </summary>
internal static class MultiAgentReport
{
    /// <summary>The most (agent, asset) curves drawn in one figure; the CSV keeps them all.</summary>
    private const int MaxCurves = 8;

    public static RunReport MeanVariance(SolveContext context, MeanVarianceParameters p, double correlation, MultiAgentBsdeOptions options, MultiAgentBsdeResult result)
    {
        var n = p.Drifts.Count;
        var m = p.RiskAversions.Count;
        var reference = new Dictionary<string, double>(StringComparer.Ordinal);
        var errors = new Dictionary<string, double>(StringComparer.Ordinal);
        var metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal);
        var available = m == 1 || n == 1;
        var exact = new double[m * n][];
        var worst = 0.0;
        for (var j = 0; j < m; j++)
        {
            for (var i = 0; i < n; i++)
            {
                metrics[Key(j, i, "holding_t0")] = result.Agents[j].MeanDollarHoldings[0][i];
                if (!available)
                {
                    continue;
                }

                var curve = exact[(j * n) + i] = result.Times.Select(t => ClosedForm(p, j, i, t)).ToArray();
                var num = 0.0;
                var den = 0.0;
                for (var k = 0; k < curve.Length; k++)
                {
                    var e = result.Agents[j].MeanDollarHoldings[k][i] - curve[k];
                    num += e * e;
                    den += curve[k] * curve[k];
                }

                reference[Key(j, i, "holding_t0")] = curve[0];
                var error = Math.Sqrt(num / den);
                errors[Key(j, i, "holding_rel_l2")] = error;
                worst = Math.Max(worst, error);
            }
        }

        if (available)
        {
            errors["holding_rel_l2"] = worst;
        }

        var parameters = Common(context, n, m, p.Drifts, p.InterestRate, p.Volatilities, p.RiskAversions, p.PerformanceWeights, correlation, options);
        parameters["benchmark"] = p.BenchmarkExcludesSelf ? "others" : "all";
        var report = Report("mean-variance", parameters, metrics, reference, errors, result);
        AddCurves(report, "holdings", "Dollar holdings u(t) per agent and asset", "amount in the asset [currency]", result, o => o.MeanDollarHoldings, available ? exact : null);
        report.Notes.Add(available
            ? "Reference: the time-consistent mean–variance closed form (REFERENCES §5); holding_rel_l2 is the relative L2 error of the mean dollar holdings over time, the largest over agents and assets."
            : "No closed form for several agents and several assets: only the learned holdings are reported.");
        return report;
    }

    public static RunReport AlmgrenChriss(SolveContext context, AlmgrenChrissParameters p, double correlation, MultiAgentBsdeOptions options, MultiAgentBsdeResult result)
    {
        var parameters = Common(
            context,
            p.Assets.Count,
            p.Agents.Count,
            p.Assets.Select(a => a.Drift).ToArray(),
            p.InterestRate,
            p.Assets.Select(a => a.Volatility).ToArray(),
            p.Agents.Select(a => a.RiskAversion).ToArray(),
            p.Agents.Select(a => a.PerformanceWeight).ToArray(),
            correlation,
            options);
        parameters["kappa_t"] = p.Agents.Select(a => a.TemporaryImpact).ToArray();
        parameters["kappa_p"] = p.Assets.Select(a => a.PermanentImpact).ToArray();
        if (p.Agents.Any(a => a.PermanentImpact is not null))
        {
            parameters["kappa_p_agent"] = p.Agents.Select(a => a.PermanentImpact).ToArray(); // null: the asset's κ_p
        }

        parameters["execution_grid"] = options.ExecutionGrid == ExecutionGrid.TradeRates ? "rates" : "holdings";
        parameters["holdings"] = p.Agents.Select(a => a.InitialHoldings[0]).ToArray();
        parameters["liquidation_time"] = p.LiquidationTime;
        var report = Report("almgren-chriss", parameters, new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal), new Dictionary<string, double>(), new Dictionary<string, double>(), result);
        AddCurves(report, "trading", "Mean trading rate v(t) per agent and asset", "trading rate [shares / time] (sell < 0)", result, o => o.MeanControls, null);
        if (result.Agents.All(a => a.MeanShareHoldings is not null))
        {
            var times = result.Times.Append(p.Horizon).ToArray();
            AddCurves(report, "inventory", "Mean inventory α(t) per agent and asset", "holdings [shares]", result, o => o.MeanShareHoldings!, null, times);
        }

        report.Notes.Add("No closed form for the game: compare each agent's Sharpe ratio with its hold benchmark (agentJ_sharpe vs agentJ_hold_sharpe).");
        return report;
    }

    private static RunReport Report(string problem, Dictionary<string, object> parameters, Dictionary<string, double> metrics, Dictionary<string, double> reference, Dictionary<string, double> errors, MultiAgentBsdeResult result) => new()
    {
        Summary = new RunSummary
        {
            Problem = problem,
            Method = "bsde-ls",
            Parameters = parameters,
            Seconds = result.Elapsed.TotalSeconds,
            Metrics = metrics,
            Reference = reference,
            Errors = errors,
        },
        History = result.History,
    };

    private static Dictionary<string, object> Common(SolveContext context, int n, int m, IReadOnlyList<double> mu, double r, IReadOnlyList<double> sigma, IReadOnlyList<double> gamma, IReadOnlyList<double> theta, double correlation, MultiAgentBsdeOptions options) => new()
    {
        ["assets"] = n, ["agents"] = m, ["mu"] = mu, ["r"] = r, ["sigma"] = sigma, ["gamma"] = gamma, ["theta"] = theta,
        ["correlation"] = correlation, ["preset"] = context.Preset, ["time_steps"] = options.TimeSteps, ["paths"] = options.TrainingPaths,
        ["iterations"] = options.TrainingStepsPerTimeStep, ["regressor"] = options.Regressor.ToString(), ["seed"] = options.Seed,
    };

    /// <summary>NAME.svg with one learned curve per (agent, asset), dashed references when given, and NAME.csv with all of them.</summary>
    private static void AddCurves(RunReport report, string name, string title, string yLabel, MultiAgentBsdeResult result, Func<AgentOutcome, IReadOnlyList<IReadOnlyList<double>>> series, double[][]? references, IReadOnlyList<double>? times = null)
    {
        var t = times ?? result.Times;
        var plot = new LinePlot(title, "time t", yLabel);
        var columns = new List<CsvColumn> { new("t", t) };
        var n = result.Agents[0].MeanDollarHoldings[0].Count;
        var drawn = 0;
        foreach (var agent in result.Agents)
        {
            var values = series(agent);
            for (var i = 0; i < n; i++)
            {
                var label = string.Create(CultureInfo.InvariantCulture, $"agent {agent.Agent}, asset {i}");
                var curve = values.Select(v => v[i]).ToArray();
                columns.Add(new CsvColumn(string.Create(CultureInfo.InvariantCulture, $"agent{agent.Agent}_asset{i}"), curve));
                var exact = references?[(agent.Agent * n) + i];
                if (exact is not null)
                {
                    columns.Add(new CsvColumn(string.Create(CultureInfo.InvariantCulture, $"agent{agent.Agent}_asset{i}_closed_form"), exact));
                }

                if (drawn++ < MaxCurves)
                {
                    plot.Add(label + (exact is null ? string.Empty : " learned"), t, curve);
                    if (exact is not null)
                    {
                        plot.Add(label + " closed form", t, exact, SeriesStyle.Dashed);
                    }
                }
            }
        }

        report.Plots.Add(new NamedPlot(name + ".svg", plot));
        report.Tables.Add(new CsvTable(name + ".csv", columns));
    }

    private static string Key(int agent, int asset, string what) => string.Create(CultureInfo.InvariantCulture, $"agent{agent}_asset{asset}_{what}");

    /// <summary>Section 5's amount for agent j in asset i (E − (γ/2)Var, so γ as given).</summary>
    private static double ClosedForm(MeanVarianceParameters p, int agent, int asset, double t)
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
        return p.BenchmarkExcludesSelf
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
