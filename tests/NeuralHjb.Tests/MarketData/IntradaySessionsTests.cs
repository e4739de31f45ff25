using NeuralHjb.MarketData;

namespace NeuralHjb.Tests.MarketData;

public class IntradaySessionsTests
{
    private static MarketBar Bar(int y, int mo, int d, int h, int mi, double offsetHours, double o, double hi, double lo, double c, double v) =>
        new(new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.FromHours(offsetHours)), o, hi, lo, c, v);

    [Fact]
    public void Splits_days_by_exchange_local_date_across_a_DST_change()
    {
        // 2024-03-08 (-05:00) and 2024-03-11 (-04:00); a bar at 19:59 local is 00:59 UTC the next day,
        // so splitting by UTC date would be wrong.
        MarketBar[] bars =
        [
            Bar(2024, 3, 8, 9, 30, -5, 10, 11, 9, 10, 1),
            Bar(2024, 3, 8, 19, 59, -5, 10, 11, 9, 10, 1),
            Bar(2024, 3, 11, 9, 30, -4, 10, 11, 9, 10, 1),
            Bar(2024, 3, 11, 20, 0, -4, 10, 11, 9, 10, 1),
        ];
        IReadOnlyList<TradingDay> days = IntradaySessions.SplitByDay(bars);
        days.Select(d => d.Date).Should().Equal(new DateOnly(2024, 3, 8), new DateOnly(2024, 3, 11));
        days.Select(d => d.Bars.Count).Should().Equal(2, 2);
        days[0].UtcOffset.Should().Be(TimeSpan.FromHours(-5));
        days[1].UtcOffset.Should().Be(TimeSpan.FromHours(-4));
        days[1].Volume.Should().Be(2);
    }

    [Fact]
    public void Splitting_the_DST_csv_gives_two_days()
    {
        IReadOnlyList<TradingDay> days = IntradaySessions.SplitByDay(MarketBarCsvTests.Parse(MarketBarCsvTests.Valid));
        days.Should().HaveCount(2);
        days.Select(d => d.UtcOffset.TotalHours).Should().Equal(-5, -4);
    }

    [Fact]
    public void SplitByDay_rejects_unsorted_bars_and_handles_empty_input()
    {
        IntradaySessions.SplitByDay([]).Should().BeEmpty();
        FluentActions.Invoking(() => IntradaySessions.SplitByDay(
                [Bar(2024, 3, 8, 9, 31, -5, 10, 11, 9, 10, 1), Bar(2024, 3, 8, 9, 30, -5, 10, 11, 9, 10, 1)]))
            .Should().Throw<ArgumentException>().WithMessage("*strictly increasing*");
    }

    [Fact]
    public void Binning_sums_volume_and_keeps_OHLC_and_VWAP()
    {
        MarketBar[] bars =
        [
            Bar(2024, 3, 8, 9, 30, -5, 10, 12, 9, 11, 100),
            Bar(2024, 3, 8, 9, 31, -5, 11, 13, 10.5, 12, 300),
            Bar(2024, 3, 8, 9, 32, -5, 12, 12.5, 8, 9, 0),
            Bar(2024, 3, 8, 9, 33, -5, 9, 9.5, 8.5, 9.25, 50),
            Bar(2024, 3, 8, 9, 34, -5, 9.25, 10, 9, 9.75, 0),
            Bar(2024, 3, 8, 9, 35, -5, 9.75, 10, 9.5, 9.5, 0),
        ];
        IntervalBar[] bins = IntradaySessions.Bin(bars, 2);
        bins.Should().HaveCount(2);
        bins[0].Should().BeEquivalentTo(new
        {
            Start = bars[0].Timestamp, Open = 10.0, High = 13.0, Low = 8.0, Close = 9.0, Volume = 400.0, BarCount = 3,
        });
        double tp0 = (12 + 9 + 11) / 3.0, tp1 = (13 + 10.5 + 12) / 3.0;
        bins[0].Vwap.Should().BeApproximately(((tp0 * 100) + (tp1 * 300)) / 400, 1e-12);
        bins[1].Should().BeEquivalentTo(new { Open = 9.0, High = 10.0, Low = 8.5, Close = 9.5, Volume = 50.0, BarCount = 3 });
        bins[1].Vwap.Should().BeApproximately((9.5 + 8.5 + 9.25) / 3, 1e-12);

        // All-zero volume: the VWAP falls back to the mean typical price.
        IntradaySessions.Bin(bars[4..], 1)[0].Vwap.Should().BeApproximately((((10 + 9 + 9.75) / 3) + ((10 + 9.5 + 9.5) / 3)) / 2, 1e-12);

        FluentActions.Invoking(() => IntradaySessions.Bin(bars, 4))
            .Should().Throw<ArgumentException>().WithMessage("6 bars do not split evenly into 4 bins (remainder 2)*");
        FluentActions.Invoking(() => IntradaySessions.Bin(bars, 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => IntradaySessions.Bin([], 1)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Binning_a_full_synthetic_day_into_78_five_minute_intervals()
    {
        IReadOnlyList<TradingDay> days = IntradaySessions.SplitByDay(MarketBarCsvTests.Parse(MarketBarCsvTests.Synthetic(2)));
        foreach (TradingDay day in days)
        {
            IntervalBar[] byCount = IntradaySessions.Bin(day.Bars, 78);
            IntervalBar[] byTime = IntradaySessions.BinByTime(day.Bars, new TimeOnly(9, 30), TimeSpan.FromMinutes(5), 78);
            byTime.Should().Equal(byCount);
            byCount.Sum(b => b.Volume).Should().Be(day.Volume);
            byCount.Should().OnlyContain(b => b.BarCount == 5);
            byCount[0].Start.Should().Be(new DateTimeOffset(day.Date.ToDateTime(new TimeOnly(9, 30)), day.UtcOffset));
            byCount[^1].Start.TimeOfDay.Should().Be(new TimeSpan(15, 55, 0));
            byCount[^1].Close.Should().Be(day.Bars[^1].Close);
            byCount.Max(b => b.High).Should().Be(day.Bars.Max(b => b.High));
        }
    }

    [Fact]
    public void BinByTime_reports_gaps_and_bars_outside_the_session()
    {
        MarketBar[] bars =
        [
            Bar(2024, 3, 8, 9, 30, -5, 10, 11, 9, 10, 1),
            Bar(2024, 3, 8, 9, 41, -5, 10, 11, 9, 10, 1),
        ];
        IntervalBar[] bins = IntradaySessions.BinByTime(bars, new TimeOnly(9, 30), TimeSpan.FromMinutes(10), 2);
        bins[1].Start.Should().Be(new DateTimeOffset(2024, 3, 8, 9, 40, 0, TimeSpan.FromHours(-5)));
        bins[1].BarCount.Should().Be(1);

        FluentActions.Invoking(() => IntradaySessions.BinByTime(bars, new TimeOnly(9, 30), TimeSpan.FromMinutes(5), 3))
            .Should().Throw<InvalidDataException>().WithMessage("*interval 1 starting at 09:35:00 has no bars*");
        FluentActions.Invoking(() => IntradaySessions.BinByTime(bars, new TimeOnly(9, 30), TimeSpan.FromMinutes(5), 2))
            .Should().Throw<InvalidDataException>().WithMessage("*outside the session*");
        FluentActions.Invoking(() => IntradaySessions.BinByTime(bars, new TimeOnly(9, 35), TimeSpan.FromMinutes(5), 4))
            .Should().Throw<InvalidDataException>().WithMessage("*outside the session*");
        FluentActions.Invoking(() => IntradaySessions.BinByTime(
                [bars[0], Bar(2024, 3, 9, 9, 31, -5, 10, 11, 9, 10, 1)], new TimeOnly(9, 30), TimeSpan.FromMinutes(5), 78))
            .Should().Throw<ArgumentException>().WithMessage("*one day at a time*");
    }
}
