using NeuralHjb.MarketData;

namespace NeuralHjb.Analysis;

/// <summary>
/// Bars cut into binned trading days and split in time: the first days calibrate (and train), the rest are the
/// out-of-sample test. Shared by the market backtests so that they all split the same bars the same way.
/// </summary>
/// <param name="Calibration">The in-sample days, oldest first.</param>
/// <param name="Test">The out-of-sample days, oldest first.</param>
public sealed record BacktestDays(IReadOnlyList<BinnedDay> Calibration, IReadOnlyList<BinnedDay> Test)
{
    /// <summary>Bins the bars' full days and splits them.</summary>
    /// <param name="bars">Bars in time order, several days.</param>
    /// <param name="intervals">Decision intervals per day; days whose bar count it does not divide are skipped.</param>
    /// <param name="calibrationFraction">Share of the days used for calibration, in (0, 1); at least 2 calibrate and 1 tests.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentException">Fewer than 3 usable days.</exception>
    public static BacktestDays Split(IReadOnlyList<MarketBar> bars, int intervals, double calibrationFraction)
    {
        ArgumentNullException.ThrowIfNull(bars);
        if (!(calibrationFraction > 0 && calibrationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(calibrationFraction), calibrationFraction, "calibrationFraction must lie in (0, 1).");
        }

        var days = BinnedDay.FromDays(IntradaySessions.SplitByDay(bars), intervals);
        if (days.Count < 3)
        {
            throw new ArgumentException($"the bars hold {days.Count} full days with bars divisible into {intervals} intervals; at least 3 are needed (2 to calibrate, 1 to test).", nameof(bars));
        }

        var calibrationCount = Math.Clamp((int)Math.Round(calibrationFraction * days.Count), 2, days.Count - 1);
        return new BacktestDays(days.Take(calibrationCount).ToArray(), days.Skip(calibrationCount).ToArray());
    }
}
