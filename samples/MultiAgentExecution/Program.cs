// Multi-agent, multi-asset time-consistent execution (REFERENCES section 8) with the backward least-squares solver.
//   dotnet run -c Release --project samples/MultiAgentExecution -- accuracy      closed forms without impact
//   dotnet run -c Release --project samples/MultiAgentExecution -- experiments   experiments 3-5: Sharpe ratios vs holding, plots
//   dotnet run -c Release --project samples/MultiAgentExecution -- unet          the published U-net against the MLP
// Each prints markdown tables; holdings paths go to ./multi-agent-out/*.csv and plots to ./multi-agent-out/*.svg
// (or to the folder given as the second argument).
using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Analysis.Plots;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.MultiAgent;
using AlmgrenChrissParameters = NeuralHjb.Problems.Execution.AlmgrenChrissParameters;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var mode = args.Length > 0 ? args[0] : "accuracy";
var outDir = Path.GetFullPath(args.Length > 1 ? args[1] : "multi-agent-out");
Directory.CreateDirectory(outDir);
var solver = new MultiAgentBsdeSolver();
var accurate = MultiAgentBsdeOptions.Quick with { TimeSteps = 10, TrainingPaths = 512, EvaluationPaths = 1024, GridPoints = 16, Bags = 2 };

switch (mode)
{
    case "accuracy":
        Accuracy();
        break;
    case "experiments":
        Experiments(3, 4, 5);
        break;
    case "exp3" or "exp4" or "exp5":
        Experiments(mode[^1] - '0');
        break;
    case "unet":
        UNet();
        break;
    case "replot":
        Replot();
        break;
    default:
        Console.Error.WriteLine("usage: accuracy | experiments | exp3 | exp4 | exp5 | unet | replot [folder]");
        return 2;
}

return 0;

void Accuracy()
{
    Console.WriteLine("| case | agent / asset | rel. L2 error of the dollar holding | seconds |");
    Console.WriteLine("|---|---|---|---|");
    var one = new MeanVarianceParameters { InterestRate = 0.03, Drifts = [0.11], Volatilities = [0.25], RiskAversions = [2.0] };
    var market = new MarketParameters(0.03, 0.11, 0.25);
    var clock = Stopwatch.StartNew();
    var r1 = solver.Solve(new MeanVariance(one), accurate with { ControlRanges = [[new ControlRange(-1, 3)]] });
    Row("portfolio, 1 agent, 1 asset", "0 / 0", Error(r1, 0, 0, t => MeanVarianceClosedForm.Amount(market, 2, 1, t)), clock);

    var correlation = new double[,] { { 1, 0.5 }, { 0.5, 1 } };
    var two = new MeanVarianceParameters { InterestRate = 0.03, Drifts = [0.11, 0.08], Volatilities = [0.25, 0.2], RiskAversions = [2.0], Correlation = correlation };
    var multi = new MultiAssetMarket(0.03, [0.11, 0.08], [0.25, 0.2], correlation);
    clock.Restart();
    var r2 = solver.Solve(new MeanVariance(two), accurate with { GridPoints = 8, ControlRanges = [[new ControlRange(-1, 3), new ControlRange(-1, 3)]] });
    for (var i = 0; i < 2; i++)
    {
        var asset = i;
        Row("portfolio, 1 agent, 2 assets (ρ = 0.5)", $"0 / {i}", Error(r2, 0, i, t => MeanVarianceClosedForm.Amounts(multi, 2, 1, t)[asset]), clock);
    }

    double[] gamma = [2, 4, 3];
    double[] theta = [0.3, 0.6, 0.1];
    var three = new MeanVarianceParameters
    {
        InterestRate = 0.03, Drifts = [0.11], Volatilities = [0.25], RiskAversions = gamma, PerformanceWeights = theta,
        InitialWealths = [1, 1, 1], BenchmarkExcludesSelf = true,
    };
    clock.Restart();
    var r3 = solver.Solve(new MeanVariance(three), accurate with { ControlRanges = [.. Enumerable.Repeat<IReadOnlyList<ControlRange>>([new ControlRange(-1, 3)], 3)] });
    for (var j = 0; j < 3; j++)
    {
        var agent = j;
        Row("portfolio, 3 agents vs the others' mean", $"{j} / 0", Error(r3, j, 0, t => RelativePerformanceMeanVariance.AmountsAgainstOthers(market, gamma, theta, 1, t)[agent]), clock);
    }

    // The execution model without impact: criterion E − γVar, so section 5 with 2γ. Grids in held shares (default) or rates.
    ExecutionAsset Frictionless(double mu, double sigma) => new() { InitialPrice = 1, Drift = mu, Volatility = sigma, PermanentImpact = 0 };
    var execution = new AlmgrenChriss(new AlmgrenChrissParameters
    {
        Assets = [Frictionless(0.11, 0.25)],
        Agents = [new ExecutionAgent { RiskAversion = 1, TemporaryImpact = 0, InitialHoldings = [0.5] }],
        InterestRate = 0.03,
    });
    foreach (var (grid, range, name) in new[] { (ExecutionGrid.Holdings, new ControlRange(-1, 2), "held shares"), (ExecutionGrid.TradeRates, new ControlRange(-3, 3), "trade rates") })
    {
        foreach (var exact in new[] { true, false })
        {
            clock.Restart();
            var r = solver.Solve(execution, accurate with { ExecutionGrid = grid, ExactStepMoments = exact, ControlRanges = [[range]] });
            Row($"execution, 1 agent, 1 asset, grid of {name}, exact step moments {(exact ? "on" : "off")}", "0 / 0", Error(r, 0, 0, t => MeanVarianceClosedForm.Amount(market, 2, 1, t)), clock);
        }
    }

    var executionTwo = new AlmgrenChriss(new AlmgrenChrissParameters
    {
        Assets = [Frictionless(0.11, 0.25), Frictionless(0.08, 0.2)],
        Agents = [new ExecutionAgent { RiskAversion = 1, TemporaryImpact = 0, InitialHoldings = [0.5, 0.5] }],
        Correlation = correlation,
        InterestRate = 0.03,
    });
    clock.Restart();
    var r5 = solver.Solve(executionTwo, accurate with { GridPoints = 8, ControlRanges = [[new ControlRange(-1, 2), new ControlRange(-1, 2)]] });
    for (var i = 0; i < 2; i++)
    {
        var asset = i;
        Row("execution, 1 agent, 2 assets (ρ = 0.5), held shares", $"0 / {i}", Error(r5, 0, i, t => MeanVarianceClosedForm.Amounts(multi, 2, 1, t)[asset]), clock);
    }
}

(string Title, string File, string[] Names)[] ExperimentLabels()
{
    // The crowd of experiments 4 and 5: three sellers then three buyers with γ = 1, 2, 4 and θ = 0, 0.3, 0.6.
    double[] gammas = [1, 2, 4], thetas = [0, 0.3, 0.6];
    string[] crowd = [.. Enumerable.Range(0, 6).Select(j => $"{(j < 3 ? "seller" : "buyer")} γ={gammas[j % 3]} θ={thetas[j % 3]}")];
    return
    [
        ("Experiment 3: two sellers, permanent impact 0.005 vs 0.05", "exp3", ["seller, κ_p = 0.005", "seller, κ_p = 0.05"]),
        ("Experiment 4a: good market (μ = +0.2)", "exp4-good", crowd),
        ("Experiment 4b: poor market (μ = −0.2)", "exp4-poor", crowd),
        ("Experiment 5: mixed market (two assets, μ = +0.2 and −0.2, ρ = 0.3)", "exp5-mixed", crowd),
    ];
}

void Experiments(params int[] which)
{
    var labels = ExperimentLabels();
    // Experiment 3: two sellers of one asset whose own trades move its price differently (κ_p = 0.005 and 0.05).
    var exp3 = new AlmgrenChrissParameters
    {
        Assets = [new ExecutionAsset { InitialPrice = 1, Volatility = 0.25 }],
        Agents =
        [
            new ExecutionAgent { RiskAversion = 2, PerformanceWeight = 0.3, TemporaryImpact = 0.02, PermanentImpact = 0.005, InitialHoldings = [1.0] },
            new ExecutionAgent { RiskAversion = 2, PerformanceWeight = 0.3, TemporaryImpact = 0.02, PermanentImpact = 0.05, InitialHoldings = [1.0] },
        ],
    };
    var options = MultiAgentBsdeOptions.Quick with { TimeSteps = 10, GridPoints = 16, EquilibriumSweeps = 4 };
    if (which.Contains(3))
    {
        Table(labels[0], solver.Solve(new AlmgrenChriss(exp3), options));
    }

    // Experiments 4 and 5: three sellers and three buyers (different γ and θ) against holding, in a good, a poor and a mixed market.
    double[] gammas = [1, 2, 4, 1, 2, 4];
    double[] thetas = [0, 0.3, 0.6, 0, 0.3, 0.6];
    double[] holdings = [1, 1, 1, -1, -1, -1];
    AlmgrenChrissParameters Crowd(double[] drifts) => new()
    {
        Assets = [.. drifts.Select(mu => new ExecutionAsset { InitialPrice = 1, Drift = mu, Volatility = 0.25, PermanentImpact = 0.01 })],
        Agents = [.. Enumerable.Range(0, 6).Select(j => new ExecutionAgent
        {
            RiskAversion = gammas[j], PerformanceWeight = thetas[j], TemporaryImpact = 0.02,
            InitialHoldings = Enumerable.Repeat(holdings[j], drifts.Length).ToArray(),
        })],
        Correlation = drifts.Length == 2 ? new double[,] { { 1, 0.3 }, { 0.3, 1 } } : null,
    };
    var crowd = MultiAgentBsdeOptions.Quick with { TimeSteps = 10, EquilibriumSweeps = 3 };
    if (which.Contains(4))
    {
        Table(labels[1], solver.Solve(new AlmgrenChriss(Crowd([0.2])), crowd));
        Table(labels[2], solver.Solve(new AlmgrenChriss(Crowd([-0.2])), crowd));
    }

    // Two assets: a 6 × 6 grid of held shares per agent keeps the exact step moments affordable (36 controls).
    if (which.Contains(5))
    {
        Table(labels[3], solver.Solve(new AlmgrenChriss(Crowd([0.2, -0.2])), crowd with { GridPoints = 6 }));
    }
}

void UNet()
{
    // The execution model without impact (closed form as above), 8 steps, 256 paths, 16 held-share grid points, one bag.
    var execution = new AlmgrenChriss(new AlmgrenChrissParameters
    {
        Assets = [new ExecutionAsset { InitialPrice = 1, Drift = 0.11, Volatility = 0.25, PermanentImpact = 0 }],
        Agents = [new ExecutionAgent { RiskAversion = 1, TemporaryImpact = 0, InitialHoldings = [0.5] }],
        InterestRate = 0.03,
    });
    var market = new MarketParameters(0.03, 0.11, 0.25);
    Console.WriteLine("| regressor | exact step moments | Adam steps (last + per step) | rel. L2 error | CPU seconds |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (kind, exact, effort) in new[]
    {
        (GridRegressorKind.Mlp, true, 1), (GridRegressorKind.ResidualAttentionUNet, true, 1), (GridRegressorKind.ResidualAttentionUNet, true, 3),
        (GridRegressorKind.Mlp, false, 1), (GridRegressorKind.ResidualAttentionUNet, false, 1),
    })
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var options = MultiAgentBsdeOptions.Quick with
        {
            Regressor = kind, ExactStepMoments = exact, TimeSteps = 8, TrainingPaths = 256, GridPoints = 16,
            InitialTrainingSteps = 400 * effort, TrainingStepsPerTimeStep = 150 * effort, BatchSize = 128, ControlRanges = [[new ControlRange(-1, 2)]],
        };
        var r = solver.Solve(execution, options);
        var seconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine($"| {kind} | {(exact ? "on" : "off")} | {options.InitialTrainingSteps} + {options.TrainingStepsPerTimeStep} | {Error(r, 0, 0, t => MeanVarianceClosedForm.Amount(market, 2, 1, t)):P2} | {seconds:F0} |");
    }
}

double Error(MultiAgentBsdeResult r, int agent, int asset, Func<double, double> reference)
{
    var num = 0.0;
    var den = 0.0;
    for (var n = 0; n < r.Times.Count; n++)
    {
        var e = r.Agents[agent].MeanDollarHoldings[n][asset] - reference(r.Times[n]);
        num += e * e;
        den += reference(r.Times[n]) * reference(r.Times[n]);
    }

    return Math.Sqrt(num / den);
}

void Row(string name, string who, double error, Stopwatch clock)
    => Console.WriteLine($"| {name} | {who} | {error:P2} | {clock.Elapsed.TotalSeconds:F0} |");

void Table((string Title, string File, string[] Names) label, MultiAgentBsdeResult r)
{
    var (title, file, names) = label;
    Console.WriteLine();
    Console.WriteLine($"**{title}** — {r.Iterations} iteration(s), equilibrium sweeps ≤ {r.EquilibriumSweeps}, last sweep change {r.EquilibriumChange:G2}, {r.Elapsed.TotalSeconds:F0} s");
    Console.WriteLine();
    Console.WriteLine("| agent | E[W_T] | std | Sharpe | hold E[W_T] | hold std | hold Sharpe |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var a in r.Agents)
    {
        Console.WriteLine($"| {names[a.Agent]} | {a.ExpectedWealth:F4} | {a.WealthStd:F4} | {a.SharpeRatio:F2} | {a.HoldExpectedWealth:F4} | {a.HoldWealthStd:F4} | {a.HoldSharpeRatio:F2} |");
    }

    using (var csv = new StreamWriter(Path.Combine(outDir, file + ".csv")))
    {
        csv.WriteLine("agent,asset,step,mean_shares");
        foreach (var a in r.Agents)
        {
            for (var n = 0; n < a.MeanShareHoldings!.Count; n++)
            {
                for (var i = 0; i < a.MeanShareHoldings[n].Count; i++)
                {
                    csv.WriteLine($"{a.Agent},{i},{n},{a.MeanShareHoldings[n][i]:R}");
                }
            }
        }
    }

    var steps = r.Times.Count;
    var dt = steps > 1 ? r.Times[1] - r.Times[0] : 1;
    PlotHoldings(title, file, names, [.. r.Agents.Select(a => a.MeanShareHoldings!.Select(h => h.ToArray()).ToArray())], [.. Enumerable.Range(0, steps + 1).Select(n => n * dt)]);
}

// One plot per asset: every agent's mean holding at t₀ … T (byAgent[agent][step][asset]).
void PlotHoldings(string title, string file, string[] names, double[][][] byAgent, double[] times)
{
    var assets = byAgent[0].Length > 0 ? byAgent[0][0].Length : 0;
    for (var i = 0; i < assets; i++)
    {
        var asset = i;
        var plot = new LinePlot(assets > 1 ? $"{title} — asset {i + 1}" : title, "time t", "mean shares held");
        for (var j = 0; j < byAgent.Length; j++)
        {
            plot.Add(names[j], times, byAgent[j].Select(h => h[asset]).ToArray(), j < names.Length / 2 || names.Length == 2 ? SeriesStyle.Line : SeriesStyle.Dashed);
        }

        plot.Save(Path.Combine(outDir, assets > 1 ? $"{file}-asset{i + 1}.svg" : $"{file}.svg"));
    }
}

// Redraws the plots of the experiments whose CSVs are in the folder (horizon 1), without solving again.
void Replot()
{
    foreach (var (title, file, names) in ExperimentLabels())
    {
        var path = Path.Combine(outDir, file + ".csv");
        if (!File.Exists(path))
        {
            continue;
        }

        var rows = File.ReadLines(path).Skip(1).Select(l => l.Split(',')).Select(f => (Agent: int.Parse(f[0]), Asset: int.Parse(f[1]), Step: int.Parse(f[2]), Value: double.Parse(f[3]))).ToList();
        int agents = rows.Max(x => x.Agent) + 1, assets = rows.Max(x => x.Asset) + 1, points = rows.Max(x => x.Step) + 1;
        var byAgent = Enumerable.Range(0, agents).Select(_ => Enumerable.Range(0, points).Select(_ => new double[assets]).ToArray()).ToArray();
        foreach (var x in rows)
        {
            byAgent[x.Agent][x.Step][x.Asset] = x.Value;
        }

        PlotHoldings(title, file, names, byAgent, [.. Enumerable.Range(0, points).Select(n => (double)n / (points - 1))]);
        Console.WriteLine($"replotted {file}");
    }
}
