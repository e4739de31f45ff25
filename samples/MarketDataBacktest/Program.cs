// Learning an execution policy for real prices: calibrate on the first two thirds of the days, train one
// multi-preference direct-control policy over the risk aversion in simulation (seasonal volatility), fine-tune
// it on bootstrapped historical days, and backtest day by day out of sample against TWAP and VWAP.
//
//   dotnet run -c Release --project samples/MarketDataBacktest -- ../shared/data/spy_1min.csv
// The data are not part of the repository (see ../shared/data/README.md for their source and terms).
using NeuralHjb.Analysis;
using NeuralHjb.MarketData;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: MarketDataBacktest BARS.csv [iterations]");
    return 2;
}

var options = new MarketBacktestOptions { Iterations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3000 };
var result = MarketBacktest.Run(MarketBarCsv.Load(args[0]), options);
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
