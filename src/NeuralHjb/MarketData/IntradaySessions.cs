using System.Globalization;

namespace NeuralHjb.MarketData;

/// <summary>The bars of one trading day, in time order.</summary>
public sealed class TradingDay
{
    private readonly MarketBar[] _bars;

    /// <summary>Creates a trading day.</summary>
    /// <param name="date">The exchange-local date.</param>
    /// <param name="bars">The day's bars in strictly increasing time order; copied.</param>
    /// <exception cref="ArgumentException"><paramref name="bars"/> is empty.</exception>
    public TradingDay(DateOnly date, IEnumerable<MarketBar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        _bars = bars.ToArray();
        if (_bars.Length == 0)
        {
            throw new ArgumentException("A trading day needs at least one bar.", nameof(bars));
        }

        Date = date;
    }

    /// <summary>The exchange-local calendar date (the date of each bar's timestamp in its own offset).</summary>
    public DateOnly Date { get; }

    /// <summary>The day's bars in time order.</summary>
    public IReadOnlyList<MarketBar> Bars => Array.AsReadOnly(_bars);

    /// <summary>The UTC offset of the day's first bar (e.g. −05:00 in US winter, −04:00 in summer).</summary>
    public TimeSpan UtcOffset => _bars[0].Timestamp.Offset;

    /// <summary>Total volume of the day.</summary>
    public double Volume
    {
        get
        {
            double v = 0;
            foreach (MarketBar b in _bars)
            {
                v += b.Volume;
            }

            return v;
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Date:yyyy-MM-dd} ({_bars.Length} bars)");
}

/// <summary>
/// One decision interval made of consecutive bars.
/// </summary>
/// <param name="Start">Start of the interval: the first bar's timestamp (<see cref="IntradaySessions.Bin"/>) or
/// the nominal bin start (<see cref="IntradaySessions.BinByTime"/>).</param>
/// <param name="Open">Open of the first bar.</param>
/// <param name="High">Highest high.</param>
/// <param name="Low">Lowest low.</param>
/// <param name="Close">Close of the last bar.</param>
/// <param name="Volume">Sum of the bars' volumes.</param>
/// <param name="Vwap">Volume-weighted average of the bars' typical prices (H+L+C)/3; the plain mean of the
/// typical prices when the interval's volume is zero.</param>
/// <param name="BarCount">Number of bars in the interval (≥ 1).</param>
public readonly record struct IntervalBar(
    DateTimeOffset Start, double Open, double High, double Low, double Close, double Volume, double Vwap, int BarCount);

/// <summary>Splits bars into trading days and bins a day into decision intervals.</summary>
public static class IntradaySessions
{
    /// <summary>
    /// Groups bars by exchange-local date: the calendar date of each timestamp in its own UTC offset, so a
    /// daylight-saving change (−05:00 to −04:00) never moves a bar to another day.
    /// </summary>
    /// <param name="bars">Bars in strictly increasing time order (as <see cref="MarketBarCsv"/> returns them).</param>
    /// <returns>One <see cref="TradingDay"/> per date, in order; empty for no bars.</returns>
    /// <exception cref="ArgumentException">The bars are not strictly increasing, or a date comes back after a
    /// later one (possible only with inconsistent offsets).</exception>
    public static IReadOnlyList<TradingDay> SplitByDay(IReadOnlyList<MarketBar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var days = new List<TradingDay>();
        int start = 0;
        for (int i = 1; i <= bars.Count; i++)
        {
            if (i < bars.Count && bars[i].Timestamp <= bars[i - 1].Timestamp)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Bars must be strictly increasing in time; bar {i} ({bars[i].Timestamp:O}) is not after bar {i - 1}."),
                    nameof(bars));
            }

            if (i == bars.Count || bars[i].LocalDate != bars[start].LocalDate)
            {
                if (i < bars.Count && bars[i].LocalDate < bars[start].LocalDate)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Bar {i} falls on {bars[i].LocalDate:yyyy-MM-dd}, before the previous bar's date {bars[start].LocalDate:yyyy-MM-dd}."),
                        nameof(bars));
                }

                var slice = new MarketBar[i - start];
                for (int j = 0; j < slice.Length; j++)
                {
                    slice[j] = bars[start + j];
                }

                days.Add(new TradingDay(bars[start].LocalDate, slice));
                start = i;
            }
        }

        return days;
    }

    /// <summary>
    /// Bins consecutive bars into <paramref name="binCount"/> intervals of equal bar count
    /// (e.g. 390 one-minute bars into 78 five-minute intervals).
    /// </summary>
    /// <param name="bars">A day's bars in time order.</param>
    /// <param name="binCount">Number of intervals K ≥ 1. It must divide the number of bars: a remainder is
    /// not spread or dropped but rejected.</param>
    /// <returns>K intervals of <c>bars.Count / K</c> bars each.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binCount"/> &lt; 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="bars"/> is empty or not divisible into K equal bins.</exception>
    public static IntervalBar[] Bin(IReadOnlyList<MarketBar> bars, int binCount)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        if (bars.Count == 0)
        {
            throw new ArgumentException("There are no bars to bin.", nameof(bars));
        }

        if (bars.Count % binCount != 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{bars.Count} bars do not split evenly into {binCount} bins (remainder {bars.Count % binCount}); choose a divisor of {bars.Count} or use BinByTime."),
                nameof(binCount));
        }

        int per = bars.Count / binCount;
        var result = new IntervalBar[binCount];
        for (int k = 0; k < binCount; k++)
        {
            result[k] = Aggregate(bars, k * per, per, bars[k * per].Timestamp);
        }

        return result;
    }

    /// <summary>
    /// Bins a day's bars by clock time: interval k covers exchange-local times
    /// [<paramref name="sessionOpen"/> + k·<paramref name="binWidth"/>, <paramref name="sessionOpen"/> + (k+1)·<paramref name="binWidth"/>),
    /// k = 0 … <paramref name="binCount"/> − 1, and a bar belongs to the interval containing its start time.
    /// </summary>
    /// <param name="bars">One day's bars in time order.</param>
    /// <param name="sessionOpen">Local time of the session start, e.g. 09:30.</param>
    /// <param name="binWidth">Interval length, e.g. 5 minutes.</param>
    /// <param name="binCount">Number of intervals, e.g. 78 for 09:30–16:00 in 5-minute steps.</param>
    /// <returns>The intervals; <see cref="IntervalBar.Start"/> is each interval's nominal start.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binCount"/> &lt; 1 or <paramref name="binWidth"/> ≤ 0.</exception>
    /// <exception cref="ArgumentException">The bars are empty, span several dates or are not increasing.</exception>
    /// <exception cref="InvalidDataException">A bar lies outside the session, or an interval has no bars
    /// (a gap in the data: there is no price to report, so it is not invented).</exception>
    public static IntervalBar[] BinByTime(IReadOnlyList<MarketBar> bars, TimeOnly sessionOpen, TimeSpan binWidth, int binCount)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(binWidth, TimeSpan.Zero);
        if (bars.Count == 0)
        {
            throw new ArgumentException("There are no bars to bin.", nameof(bars));
        }

        DateOnly date = bars[0].LocalDate;
        TimeSpan open = sessionOpen.ToTimeSpan();
        var first = new int[binCount];
        var count = new int[binCount];
        int lastBin = -1;
        for (int i = 0; i < bars.Count; i++)
        {
            MarketBar b = bars[i];
            if (b.LocalDate != date)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Bar {i} is on {b.LocalDate:yyyy-MM-dd}, not {date:yyyy-MM-dd}; bin one day at a time."),
                    nameof(bars));
            }

            if (i > 0 && b.Timestamp <= bars[i - 1].Timestamp)
            {
                throw new ArgumentException($"Bars must be strictly increasing in time (bar {i}).", nameof(bars));
            }

            TimeSpan sinceOpen = b.Timestamp.TimeOfDay - open;
            long k = sinceOpen < TimeSpan.Zero ? -1 : sinceOpen.Ticks / binWidth.Ticks;
            if (k < 0 || k >= binCount)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"Bar at {b.Timestamp:O} lies outside the session {sessionOpen:HH\\:mm} + {binCount} × {binWidth}."));
            }

            if (k < lastBin)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"Bar at {b.Timestamp:O} goes back in local clock time (an offset change inside the session)."));
            }

            if (k != lastBin)
            {
                first[k] = i;
                lastBin = (int)k;
            }

            count[k]++;
        }

        var result = new IntervalBar[binCount];
        var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), bars[0].Timestamp.Offset);
        for (int k = 0; k < binCount; k++)
        {
            TimeSpan binStart = open + (binWidth * k);
            if (count[k] == 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{date:yyyy-MM-dd}: interval {k} starting at {binStart:hh\\:mm\\:ss} has no bars."));
            }

            result[k] = Aggregate(bars, first[k], count[k], midnight + binStart);
        }

        return result;
    }

    private static IntervalBar Aggregate(IReadOnlyList<MarketBar> bars, int start, int count, DateTimeOffset stamp)
    {
        double high = double.NegativeInfinity, low = double.PositiveInfinity, volume = 0, pv = 0, tpSum = 0;
        for (int i = start; i < start + count; i++)
        {
            MarketBar b = bars[i];
            high = Math.Max(high, b.High);
            low = Math.Min(low, b.Low);
            volume += b.Volume;
            double tp = b.TypicalPrice;
            pv += tp * b.Volume;
            tpSum += tp;
        }

        double vwap = volume > 0 ? pv / volume : tpSum / count;
        return new IntervalBar(stamp, bars[start].Open, high, low, bars[start + count - 1].Close, volume, vwap, count);
    }
}
