// Learning an execution policy for real prices, calibrated on the first two thirds of the days and backtested
// day by day on the rest against TWAP. Two models:
//   direct-control (default): one multi-preference Cartea–Jaimungal policy over the risk aversion, trained in
//     simulation (seasonal volatility) and fine-tuned on bootstrapped historical days; also against VWAP.
//   gatheral-schied: one MT-PINN per λ (the MT-PINN paper's backtest), each day mapped onto the model's
//     normalised units by its arrival price; results split by up and down days.
//
//   dotnet run -c Release --project samples/MarketDataBacktest -- ../shared/data/spy_1min.csv [iterations]
//   dotnet run -c Release --project samples/MarketDataBacktest -- ../shared/data/spy_1min.csv gatheral-schied [quick|standard]
// The data are not part of the repository (see ../shared/data/README.md for their source and terms).
using NeuralHjb.Analysis;
using NeuralHjb.MarketData;
using NeuralHjb.Solvers.Pinn;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: MarketDataBacktest BARS.csv [iterations | gatheral-schied [quick|standard]]");
    return 2;
}

var bars = MarketBarCsv.Load(args[0]);
if (args.Length > 1 && args[1] == "gatheral-schied")
{
    var preset = args.Length > 2 && args[2] == "quick" ? PinnPreset.Quick : PinnPreset.Standard;
    var gs = GatheralSchiedBacktest.Run(bars, new GatheralSchiedBacktestOptions { Preset = preset });
    Console.WriteLine($"calibration: {gs.CalibrationDates.Count} days, test: {gs.TestDates.Count} days; sigma {gs.SigmaPerSqrtDay:P3}/sqrt(day), lambda scale {gs.Scaling.LambdaScale:G4}");
    foreach (var outcome in gs.Outcomes)
    {
        Console.WriteLine($"lambda = {outcome.Multiplier:G3} x scale = {outcome.Lambda:G4}");
        foreach (var name in outcome.Result.Days.Keys)
        {
            var s = outcome.Result.SummarizeByDirection(name);
            Console.WriteLine($"  {name,-12} exposure {s.All.MeanExposure:F3}  cost {s.All.MeanShortfallBps,7:F2} bps  terminal q {s.All.TerminalInventory.Mean:E1}"
                + $"  | up {s.Up?.MeanShortfallBps,7:F2} bps  down {s.Down?.MeanShortfallBps,7:F2} bps");
        }
    }

    return 0;
}

var options = new MarketBacktestOptions { Iterations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3000 };
var result = MarketBacktest.Run(bars, options);
var c = result.Calibration;
Console.WriteLine($"calibration: {result.CalibrationDates.Count} days ({result.CalibrationDates[0]} .. {result.CalibrationDates[^1]}), test: {result.TestDates.Count} days");
Console.WriteLine($"  sigma {c.Sigma:F3} $/sqrt(day); ADV {c.AverageDailyVolume:F0} shares; order {result.OrderShares:F0} shares");
Console.WriteLine($"  per order unit: kappa {result.Kappa:G4} (R2 {c.TemporaryImpactRSquared:F3}{(result.KappaFloored ? ", floored" : string.Empty)}), alpha {result.Alpha:G4} (R2 {c.PermanentImpactRSquared:F3}), A {result.TerminalPenalty:G4}");
Console.WriteLine($"  volatility profile: first interval {c.VolatilityProfile[0]:F2}, middle {c.VolatilityProfile[c.Intervals / 2]:F2}, last {c.VolatilityProfile[^1]:F2}");
foreach (var outcome in result.Outcomes)
{
    Console.WriteLine($"phi = {outcome.Phi:G4}");
    foreach (var (name, days) in outcome.Result.Days)
    {
        var s = ExecutionMetrics.Summarize(days);
        Console.WriteLine($"  {name,-24} shortfall {s.MeanShortfallBps,7:F2} bps (sd {s.ShortfallBpsStandardDeviation,6:F2})  exposure {s.MeanExposure:F3}  terminal q {s.TerminalInventory.Mean:F4}");
    }

    var d = outcome.LearnedVersusBenchmarks().Differences["twap"];
    Console.WriteLine($"  learned - twap: {d.ShortfallBps:F2} +/- {d.ShortfallBpsStandardError:F2} bps, exposure {d.Exposure:F3}");
}

return 0;
