using System.Globalization;
using System.Text;
using NeuralHjb.MarketData;

namespace NeuralHjb.Tests.Analysis;

/// <summary>
/// Synthetic one-minute bars with known structure: each bar's price change is α·(signed volume) plus a small
/// noise that never flips its sign, a volatility that doubles in the first bar of the day, and a U-shaped volume.
/// </summary>
internal static class SyntheticBars
{
    public static MarketBar[] Make(int days, int barsPerDay, double alpha, ulong seed = 7)
    {
        var rng = new System.Random((int)seed);
        var bars = new List<MarketBar>(days * barsPerDay);
        var price = 100.0;
        for (var d = 0; d < days; d++)
        {
            var open = new DateTimeOffset(2024, 3, 4 + d, 9, 30, 0, TimeSpan.FromHours(-5));
            for (var i = 0; i < barsPerDay; i++)
            {
                var x = (i + 0.5) / barsPerDay;
                var volume = Math.Round(1000 * (1 + (4 * (x - 0.5) * (x - 0.5))) * (0.5 + rng.NextDouble()));
                var sign = rng.Next(2) == 0 ? -1 : 1;
                var scale = i == 0 ? 2.0 : 1.0;
                var change = scale * sign * ((alpha * volume) + (0.1 * alpha * volume * rng.NextDouble()));
                var close = price + change;
                bars.Add(new MarketBar(open.AddMinutes(i), price, Math.Max(price, close) + 0.01, Math.Min(price, close) - 0.01, close, volume));
                price = close;
            }
        }

        return [.. bars];
    }

    public static string ToCsv(IEnumerable<MarketBar> bars)
    {
        var sb = new StringBuilder(MarketBarCsv.Header).Append('\n');
        foreach (var b in bars)
        {
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{b.Timestamp:yyyy-MM-ddTHH:mm:sszzz},{b.Open:R},{b.High:R},{b.Low:R},{b.Close:R},{b.Volume:R}\n"));
        }

        return sb.ToString();
    }
}
