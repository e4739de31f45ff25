using NeuralHjb.MarketData;

namespace NeuralHjb.Analysis;

/// <summary>
/// A trading day binned into N decision intervals: the unaffected price path Sₖ (the open of interval k, and
/// the day's close for S_N), each interval's VWAP (the price a trade spread over the interval gets before its
/// own impact), its volume, and the bars-only order-flow proxy.
/// </summary>
public sealed class BinnedDay
{
    private BinnedDay(DateOnly date, double[] prices, double[] vwap, double[] volume, double[] signedVolume)
    {
        Date = date;
        Prices = prices;
        Vwap = vwap;
        Volume = volume;
        SignedVolume = signedVolume;
    }

    /// <summary>Gets the date.</summary>
    public DateOnly Date { get; }

    /// <summary>Gets S₀ … S_N: interval opens, then the day's close.</summary>
    public IReadOnlyList<double> Prices { get; }

    /// <summary>Gets each interval's VWAP.</summary>
    public IReadOnlyList<double> Vwap { get; }

    /// <summary>Gets each interval's volume (shares).</summary>
    public IReadOnlyList<double> Volume { get; }

    /// <summary>
    /// Gets each interval's signed volume sign(close − open)·volume: a proxy for the net order flow, since bars
    /// carry no trade signs. It is mechanically correlated with the interval's return, so impact estimated from it
    /// is an upper-biased, rough figure.
    /// </summary>
    public IReadOnlyList<double> SignedVolume { get; }

    /// <summary>Gets N.</summary>
    public int Intervals => Vwap.Count;

    /// <summary>Gets the arrival price S₀.</summary>
    public double ArrivalPrice => Prices[0];

    /// <summary>Gets the close S_N.</summary>
    public double ClosePrice => Prices[^1];

    /// <summary>Gets whether the day closed above, below or at its arrival price.</summary>
    public MarketDirection Direction => ClosePrice > ArrivalPrice ? MarketDirection.Up : ClosePrice < ArrivalPrice ? MarketDirection.Down : MarketDirection.Flat;

    /// <summary>Gets the day's volume.</summary>
    public double TotalVolume => Volume.Sum();

    /// <summary>Bins a day's bars into equal intervals.</summary>
    /// <param name="day">The day.</param>
    /// <param name="intervals">N; it must divide the number of bars.</param>
    /// <returns>The binned day.</returns>
    public static BinnedDay From(TradingDay day, int intervals)
    {
        ArgumentNullException.ThrowIfNull(day);
        var bins = IntradaySessions.Bin(day.Bars, intervals);
        var prices = new double[intervals + 1];
        var vwap = new double[intervals];
        var volume = new double[intervals];
        var signed = new double[intervals];
        for (var k = 0; k < intervals; k++)
        {
            prices[k] = bins[k].Open;
            vwap[k] = bins[k].Vwap;
            volume[k] = bins[k].Volume;
            signed[k] = Math.Sign(bins[k].Close - bins[k].Open) * bins[k].Volume;
        }

        prices[intervals] = bins[^1].Close;
        return new BinnedDay(day.Date, prices, vwap, volume, signed);
    }

    /// <summary>Bins every day that divides evenly (days with a different bar count, such as half sessions, are skipped).</summary>
    /// <param name="days">The days.</param>
    /// <param name="intervals">N.</param>
    /// <returns>The binned days in order.</returns>
    public static IReadOnlyList<BinnedDay> FromDays(IReadOnlyList<TradingDay> days, int intervals)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervals, 1);
        var result = new List<BinnedDay>(days.Count);
        foreach (var d in days)
        {
            if (d.Bars.Count >= intervals && d.Bars.Count % intervals == 0)
            {
                result.Add(From(d, intervals));
            }
        }

        return result;
    }
}
