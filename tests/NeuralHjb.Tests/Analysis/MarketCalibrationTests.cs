using NeuralHjb.Analysis;
using NeuralHjb.MarketData;

namespace NeuralHjb.Tests.Analysis;

public class MarketCalibrationTests
{
    [Fact]
    public void Bars_written_to_a_file_load_split_and_bin_into_decision_intervals()
    {
        var bars = SyntheticBars.Make(days: 3, barsPerDay: 12, alpha: 1e-4);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, SyntheticBars.ToCsv(bars));
            var days = BinnedDay.FromDays(IntradaySessions.SplitByDay(MarketBarCsv.Load(path)), intervals: 4);

            days.Should().HaveCount(3);
            var d = days[1];
            d.Intervals.Should().Be(4);
            d.Prices.Should().HaveCount(5);
            d.ArrivalPrice.Should().Be(bars[12].Open);
            d.ClosePrice.Should().BeApproximately(bars[23].Close, 1e-9);
            d.Volume[0].Should().Be(bars[12].Volume + bars[13].Volume + bars[14].Volume);
            d.SignedVolume[0].Should().Be(Math.Sign(bars[14].Close - bars[12].Open) * d.Volume[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Calibration_recovers_the_impact_slope_the_profiles_and_the_realised_volatility()
    {
        const double alpha = 2e-4;
        var days = BinnedDay.FromDays(IntradaySessions.SplitByDay(SyntheticBars.Make(days: 20, barsPerDay: 10, alpha: alpha)), intervals: 10);
        var c = MarketCalibration.Estimate(days);

        // One bar per interval: ΔS = α·SV·(1 + U[0, 0.1]) (doubled in the first bar), so the OLS slope is about 1.05–1.2 α.
        c.PermanentImpact.Should().BeInRange(1.0 * alpha, 1.3 * alpha);
        c.PermanentImpactRSquared.Should().BeGreaterThan(0.8);

        var realised = days.Average(d => Enumerable.Range(0, 10).Sum(k => Math.Pow(d.Prices[k + 1] - d.Prices[k], 2)));
        c.Sigma.Should().BeApproximately(Math.Sqrt(realised), 1e-12);
        c.VolatilityProfile.Average(m => m * m).Should().BeApproximately(1, 1e-12);
        c.VolatilityProfile[0].Should().BeGreaterThan(1.5 * c.VolatilityProfile.Skip(1).Max());
        c.VolumeProfile.Sum().Should().BeApproximately(1, 1e-12);
        c.VolumeProfile[0].Should().BeGreaterThan(c.VolumeProfile[5]);
        c.AverageDailyVolume.Should().BeApproximately(days.Average(d => d.TotalVolume), 1e-6);

        var increments = c.StandardisedIncrements(days);
        increments[3][2].Should().BeApproximately((days[3].Prices[3] - days[3].Prices[2]) / c.Sigma, 1e-12);
    }

    [Fact]
    public void Backtest_runs_every_strategy_on_every_day_and_twap_pays_exactly_its_impact_on_a_flat_day()
    {
        var flat = BinnedDay.FromDays(IntradaySessions.SplitByDay(FlatDay()), intervals: 4);
        var dt = 0.25;
        var twap = new ScheduleStrategy("twap", [1, 0.75, 0.5, 0.25, 0], dt);
        var dump = new RateStrategy("dump", (t, q) => t == 0 ? -q / dt : 0);
        var result = Backtest.Run(flat, [twap, dump], initialInventory: 1, temporaryImpact: 0.5, permanentImpact: 0.0);

        result.Dates.Should().HaveCount(1);
        var t = result.Days["twap"][0];
        var d = result.Days["dump"][0];

        // Flat price 100: TWAP pays κ q0²/T = 0.5 per unit (50 bps); selling all in the first interval pays κ q0²/Δt = 2.
        t.Shortfall.Should().BeApproximately(0.5, 1e-9);
        d.Shortfall.Should().BeApproximately(2, 1e-9);
        d.Exposure.Should().BeApproximately(0.125, 1e-12);
        result.Compare("dump", "twap").Differences["twap"].ShortfallBps.Should().BeApproximately(150, 1e-6);
    }

    private static MarketBar[] FlatDay()
    {
        var open = new DateTimeOffset(2024, 3, 4, 9, 30, 0, TimeSpan.FromHours(-5));
        return [.. Enumerable.Range(0, 4).Select(i => new MarketBar(open.AddMinutes(i), 100, 100, 100, 100, 1000))];
    }
}
