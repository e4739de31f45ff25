using System.Globalization;
using NeuralHjb.Analysis;

namespace NeuralHjb.Cli;

/// <summary>
/// Renders <c>neuralhjb backtest --model gatheral-schied</c>: per λ and strategy, exposure, squared exposure, cost against the arrival
/// price and terminal inventory over all test days and over the up and down days; a JSON line, a text table, and
/// with <c>--out</c> summary.json and days.csv.
/// </summary>
internal static class GatheralSchiedBacktestReport
{
    public static void Write(GatheralSchiedBacktestResult result, GatheralSchiedBacktestOptions options, double seconds, string path, bool json, string? outDir, TextWriter stdout)
    {
        if (BacktestOutput.Write(Summary(result, options, seconds, path), w => WriteDays(w, result), outDir, json, stdout))
        {
            return;
        }

        var directions = result.Outcomes[0].Result.Directions;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calibrated on {result.CalibrationDates.Count} days, tested on {result.TestDates.Count} ({directions.Count(d => d == MarketDirection.Up)} up, {directions.Count(d => d == MarketDirection.Down)} down): sigma {result.SigmaPerSqrtDay:P3}/sqrt(day), kappa*T {result.Scaling.KappaHorizon:G4}, lambda scale {result.Scaling.LambdaScale:G4}, order {result.OrderShares:F0} shares"));
        foreach (var outcome in result.Outcomes)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lambda = {outcome.Multiplier:G4} x scale = {outcome.Lambda:G4} (trained in {outcome.Training.Elapsed.TotalSeconds:F0} s)"));
            stdout.WriteLine("  strategy       exposure  exposure²   cost bps (sd)      terminal q   | up: exposure  cost bps | down: exposure  cost bps");
            foreach (var name in outcome.Result.Days.Keys)
            {
                var s = outcome.Result.SummarizeByDirection(name);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-13} {s.All.MeanExposure,8:F3} {s.All.MeanSquaredExposure,10:F3} {s.All.MeanShortfallBps,9:F2} ({s.All.ShortfallBpsStandardDeviation,6:F2}) {s.All.TerminalInventory.Mean,12:E2}   | {s.Up?.MeanExposure,12:F3} {s.Up?.MeanShortfallBps,9:F2} | {s.Down?.MeanExposure,14:F3} {s.Down?.MeanShortfallBps,9:F2}"));
            }
        }
    }

    private static Dictionary<string, object> Summary(GatheralSchiedBacktestResult result, GatheralSchiedBacktestOptions options, double seconds, string path)
    {
        var directions = result.Outcomes[0].Result.Directions;
        var lambdas = new List<Dictionary<string, object?>>();
        foreach (var outcome in result.Outcomes)
        {
            var strategies = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var name in outcome.Result.Days.Keys)
            {
                var s = outcome.Result.SummarizeByDirection(name);
                strategies[name] = new Dictionary<string, object?> { ["all"] = Metrics(s.All), ["up"] = Metrics(s.Up), ["down"] = Metrics(s.Down) };
            }

            var twap = outcome.LearnedVersusBenchmarks().Differences[GatheralSchiedBacktest.Twap];
            lambdas.Add(new Dictionary<string, object?>
            {
                ["multiplier"] = outcome.Multiplier,
                ["lambda"] = outcome.Lambda,
                ["training_seconds"] = outcome.Training.Elapsed.TotalSeconds,
                ["strategies"] = strategies,
                ["learned_minus_twap_bps"] = twap.ShortfallBps,
                ["learned_minus_twap_bps_se"] = twap.ShortfallBpsStandardError,
                ["learned_minus_twap_exposure"] = twap.Exposure,
                ["learned_minus_twap_squared_exposure"] = twap.SquaredExposure,
            });
        }

        return new Dictionary<string, object>
        {
            ["command"] = "backtest",
            ["model"] = "gatheral-schied",
            ["bars"] = path,
            ["seconds"] = seconds,
            ["preset"] = options.Preset.ToString().ToLowerInvariant(),
            ["seed"] = options.Seed,
            ["intervals"] = options.Intervals,
            ["calibration_days"] = result.CalibrationDates.Count,
            ["test_days"] = result.TestDates.Count,
            ["first_test_day"] = result.TestDates[0].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["up_days"] = directions.Count(d => d == MarketDirection.Up),
            ["down_days"] = directions.Count(d => d == MarketDirection.Down),
            ["sigma_per_sqrt_day"] = result.SigmaPerSqrtDay,
            ["kappa_horizon"] = result.Scaling.KappaHorizon,
            ["lambda_scale"] = result.Scaling.LambdaScale,
            ["order_shares"] = result.OrderShares,
            ["temporary_impact"] = result.TemporaryImpact,
            ["permanent_impact"] = result.PermanentImpact,
            ["lambdas"] = lambdas,
        };
    }

    private static Dictionary<string, double>? Metrics(ExecutionSummary? s) => s is null ? null : new Dictionary<string, double>
    {
        ["days"] = s.Count,
        ["mean_exposure"] = s.MeanExposure,
        ["mean_squared_exposure"] = s.MeanSquaredExposure,
        ["mean_cost_bps"] = s.MeanShortfallBps,
        ["sd_cost_bps"] = s.ShortfallBpsStandardDeviation,
        ["mean_terminal_inventory"] = s.TerminalInventory.Mean,
        ["completion_rate"] = s.CompletionRate,
    };

    private static void WriteDays(StreamWriter w, GatheralSchiedBacktestResult result)
    {
        w.WriteLine("lambda_multiplier,date,direction,strategy,cost_bps,exposure,squared_exposure,terminal_inventory");
        foreach (var outcome in result.Outcomes)
        {
            foreach (var (name, days) in outcome.Result.Days)
            {
                for (var i = 0; i < days.Count; i++)
                {
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome.Multiplier:R},{outcome.Result.Dates[i]:yyyy-MM-dd},{outcome.Result.Directions[i].ToString().ToLowerInvariant()},{name},{days[i].ShortfallBps:R},{days[i].Exposure:R},{days[i].SquaredExposure:R},{days[i].TerminalInventory:R}"));
                }
            }
        }
    }
}
