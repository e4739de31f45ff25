using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Analysis;
using NeuralHjb.MarketData;
using NeuralHjb.Solvers.Pinn;

namespace NeuralHjb.Cli;

/// <summary>
/// <c>neuralhjb backtest --bars FILE [--model direct-control|gatheral-schied]</c>: calibrate an execution model on
/// the first part of the bars, learn a policy and backtest it day by day out of sample. direct-control (the
/// default) learns a multi-preference Cartea–Jaimungal policy (simulation, then fine-tuning on historical days)
/// against TWAP, VWAP and the closed-form rule; gatheral-schied trains one MT-PINN per λ and compares it with the
/// closed form and TWAP, split by up and down days.
/// </summary>
internal static class BacktestCommand
{
    public static Command Create(TextWriter? stdout = null)
    {
        var bars = new Option<FileInfo>("--bars") { Description = "CSV of bars: timestamp,open,high,low,close,volume (e.g. ../shared/data/spy_1min.csv).", Required = true };
        var risk = new Option<double[]>("--risk-aversion") { Description = "Running penalties phi to test (default: kappa x {1, 9, 36}).", AllowMultipleArgumentsPerToken = true };
        var iterations = new Option<int>("--iterations") { Description = "Simulation training iterations.", DefaultValueFactory = _ => 3000 };
        var fineTune = new Option<int>("--fine-tune-iterations") { Description = "Fine-tuning iterations on bootstrapped historical days (0 to skip).", DefaultValueFactory = _ => 500 };
        var order = new Option<double>("--order-fraction") { Description = "Order size as a fraction of the average daily volume.", DefaultValueFactory = _ => 0.1 };
        var split = new Option<double>("--calibration-fraction") { Description = "Share of days used for calibration (the rest is the test).", DefaultValueFactory = _ => 2.0 / 3.0 };
        var intervals = new Option<int>("--intervals") { Description = "Decision intervals per day.", DefaultValueFactory = _ => 78 };
        var json = new Option<bool>("--json") { Description = "Print one JSON summary line as the last line of stdout." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress display." };
        var outDir = new Option<string?>("--out") { Description = "Folder for summary.json and days.csv (per-day shortfall and exposure)." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1UL };
        var model = new Option<string>("--model") { Description = "direct-control (Cartea–Jaimungal, multi-preference direct control) or gatheral-schied (MT-PINN per lambda).", DefaultValueFactory = _ => DirectControl };
        model.AcceptOnlyFromAmong(DirectControl, GatheralSchied);
        var multipliers = new Option<double[]>("--lambda-multipliers") { Description = "gatheral-schied: lambdas as multiples of the lambda scale (default 0 1 3).", AllowMultipleArgumentsPerToken = true };
        var preset = new Option<string>("--preset") { Description = "gatheral-schied: MT-PINN budget, quick (seconds) or standard (minutes).", DefaultValueFactory = _ => "standard" };
        preset.AcceptOnlyFromAmong("quick", "standard");
        var kappaHorizon = new Option<double>("--kappa-horizon") { Description = "gatheral-schied: the urgency kappa*T (dimensionless).", DefaultValueFactory = _ => 0.5 };
        var cmd = new Command("backtest", "Learn an execution policy on market bars and backtest it out of sample against TWAP/VWAP.");
        foreach (var o in new Option[] { bars, model, risk, iterations, fineTune, multipliers, preset, kappaHorizon, order, split, intervals, json, quiet, outDir, seed })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(r =>
        {
            var output = stdout ?? Console.Out;
            var file = r.GetValue(bars)!;
            if (!file.Exists)
            {
                Console.Error.WriteLine($"error: no such file: {file.FullName}");
                return 2;
            }

            var gatheralSchied = r.GetValue(model) == GatheralSchied;
            var misplaced = (gatheralSchied ? new Option[] { risk, iterations, fineTune } : [multipliers, preset, kappaHorizon]).FirstOrDefault(o => r.GetResult(o) is { Implicit: false });
            if (misplaced is not null)
            {
                Console.Error.WriteLine($"error: {misplaced.Name} does not apply to --model {r.GetValue(model)}");
                return 2;
            }

            var progress = r.GetValue(quiet) || r.GetValue(json) ? null : new ConsoleProgress();
            if (gatheralSchied)
            {
                var lambdas = r.GetValue(multipliers);
                var gsOptions = new GatheralSchiedBacktestOptions
                {
                    LambdaMultipliers = lambdas is { Length: > 0 } ? lambdas : new GatheralSchiedBacktestOptions().LambdaMultipliers,
                    Preset = r.GetValue(preset) == "quick" ? PinnPreset.Quick : PinnPreset.Standard,
                    Scaling = new GatheralSchiedScaling { KappaHorizon = r.GetValue(kappaHorizon) },
                    OrderFractionOfVolume = r.GetValue(order),
                    CalibrationFraction = r.GetValue(split),
                    Intervals = r.GetValue(intervals),
                    Seed = r.GetValue(seed),
                };
                return Guarded(() =>
                {
                    var clock = Stopwatch.StartNew();
                    var result = GatheralSchiedBacktest.Run(MarketBarCsv.Load(file.FullName), gsOptions, progress);
                    GatheralSchiedBacktestReport.Write(result, gsOptions, clock.Elapsed.TotalSeconds, file.FullName, r.GetValue(json), r.GetValue(outDir), output);
                });
            }

            var phis = r.GetValue(risk);
            var options = new MarketBacktestOptions
            {
                RiskAversions = phis is { Length: > 0 } ? phis : null,
                Iterations = r.GetValue(iterations),
                FineTuneIterations = r.GetValue(fineTune),
                OrderFractionOfVolume = r.GetValue(order),
                CalibrationFraction = r.GetValue(split),
                Intervals = r.GetValue(intervals),
                Seed = r.GetValue(seed),
            };
            return Guarded(() =>
            {
                var clock = Stopwatch.StartNew();
                var result = MarketBacktest.Run(MarketBarCsv.Load(file.FullName), options, progress);
                Report(result, clock.Elapsed.TotalSeconds, file.FullName, r.GetValue(json), r.GetValue(outDir), output);
            });
        });
        return cmd;
    }

    private const string DirectControl = "direct-control";
    private const string GatheralSchied = "gatheral-schied";

    /// <summary>Runs a backtest, turning bad input (options, file contents) into one line and exit code 2.</summary>
    private static int Guarded(Action run)
    {
        try
        {
            run();
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message.Split('\n')[0]}");
            return 2;
        }
    }

    private static void Report(MarketBacktestResult result, double seconds, string path, bool json, string? outDir, TextWriter stdout)
    {
        var c = result.Calibration;
        var directions = result.Outcomes[0].Result.Directions;
        var perPhi = new List<Dictionary<string, object>>();
        foreach (var outcome in result.Outcomes)
        {
            var cmp = outcome.LearnedVersusBenchmarks();
            var strategies = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var name in outcome.Result.Days.Keys)
            {
                // All days at the top level (as before), the up and down days beside them as in the Gatheral–Schied mode.
                var split = outcome.Result.SummarizeByDirection(name);
                var metrics = Metrics(split.All)!;
                metrics["up"] = Metrics(split.Up);
                metrics["down"] = Metrics(split.Down);
                strategies[name] = metrics;
            }

            perPhi.Add(new Dictionary<string, object>
            {
                ["phi"] = outcome.Phi,
                ["strategies"] = strategies,
                ["learned_minus_twap_bps"] = cmp.Differences["twap"].ShortfallBps,
                ["learned_minus_twap_bps_se"] = cmp.Differences["twap"].ShortfallBpsStandardError,
                ["learned_minus_twap_exposure"] = cmp.Differences["twap"].Exposure,
                ["learned_minus_twap_squared_exposure"] = cmp.Differences["twap"].SquaredExposure,
            });
        }

        var summary = new Dictionary<string, object>
        {
            ["command"] = "backtest",
            ["bars"] = path,
            ["seconds"] = seconds,
            ["calibration_days"] = result.CalibrationDates.Count,
            ["test_days"] = result.TestDates.Count,
            ["up_days"] = directions.Count(d => d == MarketDirection.Up),
            ["down_days"] = directions.Count(d => d == MarketDirection.Down),
            ["sigma"] = c.Sigma,
            ["average_daily_volume"] = c.AverageDailyVolume,
            ["order_shares"] = result.OrderShares,
            ["kappa"] = result.Kappa,
            ["kappa_floored"] = result.KappaFloored,
            ["alpha"] = result.Alpha,
            ["A"] = result.TerminalPenalty,
            ["permanent_impact_r2"] = c.PermanentImpactRSquared,
            ["temporary_impact_r2"] = c.TemporaryImpactRSquared,
            ["risk_aversions"] = perPhi,
        };
        if (BacktestOutput.Write(summary, w => WriteDays(w, result), outDir, json, stdout))
        {
            return;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calibrated on {result.CalibrationDates.Count} days, tested on {result.TestDates.Count}: sigma {c.Sigma:F3}/sqrt(day), order {result.OrderShares:F0} shares, kappa {result.Kappa:G4}, alpha {result.Alpha:G4}, A {result.TerminalPenalty:G4}"));
        foreach (var outcome in result.Outcomes)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"phi = {outcome.Phi:G4}"));
            foreach (var name in outcome.Result.Days.Keys)
            {
                var s = ExecutionMetrics.Summarize(outcome.Result.Days[name]);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-24} shortfall {s.MeanShortfallBps,8:F2} bps (sd {s.ShortfallBpsStandardDeviation,6:F2})  exposure {s.MeanExposure:F3}  squared exposure {s.MeanSquaredExposure:F3}"));
            }
        }
    }

    /// <summary>One summary's JSON fields (null for a side of the up/down split without days).</summary>
    private static Dictionary<string, object?>? Metrics(ExecutionSummary? s) => s is null ? null : new Dictionary<string, object?>
    {
        ["days"] = s.Count,
        ["mean_shortfall_bps"] = s.MeanShortfallBps,
        ["sd_shortfall_bps"] = s.ShortfallBpsStandardDeviation,
        ["mean_exposure"] = s.MeanExposure,
        ["mean_squared_exposure"] = s.MeanSquaredExposure,
        ["completion_rate"] = s.CompletionRate,
    };

    private static void WriteDays(StreamWriter w, MarketBacktestResult result)
    {
        w.WriteLine("phi,date,direction,strategy,shortfall_bps,exposure,squared_exposure,terminal_inventory");
        foreach (var outcome in result.Outcomes)
        {
            foreach (var (name, days) in outcome.Result.Days)
            {
                for (var i = 0; i < days.Count; i++)
                {
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome.Phi:R},{outcome.Result.Dates[i]:yyyy-MM-dd},{outcome.Result.Directions[i].ToString().ToLowerInvariant()},{name},{days[i].ShortfallBps:R},{days[i].Exposure:R},{days[i].SquaredExposure:R},{days[i].TerminalInventory:R}"));
                }
            }
        }
    }

    private sealed class ConsoleProgress : IProgress<Training.TrainingProgress>
    {
        public void Report(Training.TrainingProgress p) =>
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{p.Stage}] {p.Step}/{p.TotalSteps} cost {p.Loss:F6} {p.Elapsed.TotalSeconds:F1}s"));
    }
}
