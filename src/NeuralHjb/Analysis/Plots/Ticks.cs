using System.Globalization;

namespace NeuralHjb.Analysis.Plots;

/// <summary>Axis tick placement ("nice" 1-2-5 steps, decades for log axes), labels, and which labels fit.</summary>
internal static class Ticks
{
    public static double[] Nice(double lo, double hi, int target)
    {
        var span = hi - lo;
        var raw = span / Math.Max(target, 1);
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var normalized = raw / mag;
        var step = mag * (normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10);
        var start = Math.Floor(lo / step) * step;
        var end = Math.Ceiling(hi / step) * step;
        var ticks = new List<double>();
        for (var v = start; v <= end + (step * 1e-9); v += step)
        {
            ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        }

        return [.. ticks];
    }

    /// <summary>
    /// Ticks of a log axis: the powers of ten from the one at or below <paramref name="lo"/> to the one at or
    /// above <paramref name="hi"/> (the axis spans them), with 2 and 5 between when three decades or fewer show.
    /// </summary>
    public static double[] Decades(double lo, double hi)
    {
        var a = (int)Math.Floor(Math.Log10(lo) + 1e-12);
        var b = (int)Math.Ceiling(Math.Log10(hi) - 1e-12);
        if (b == a)
        {
            b++;
        }

        var ticks = new List<double>();
        for (var e = a; e <= b; e++)
        {
            ticks.Add(Power(1, e));
            if (b - a <= 3 && e < b)
            {
                ticks.Add(Power(2, e));
                ticks.Add(Power(5, e));
            }
        }

        return [.. ticks];
    }

    /// <summary>A linear-axis label: plain decimals, "2.5e-4" style when very small or large.</summary>
    public static string Format(double v)
    {
        var a = Math.Abs(v);
        return a != 0 && (a >= 1e5 || a < 1e-3)
            ? Scientific(v)
            : v.ToString("0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>A log-axis label, always "1e-3" style so that the labels of one axis read alike.</summary>
    public static string FormatLog(double v) => Scientific(v);

    /// <summary>
    /// Which of <paramref name="candidates"/> (label boxes in the order of preference) to draw: each one that
    /// overlaps no label already taken; kept ones are added to <paramref name="taken"/>.
    /// </summary>
    public static bool[] Visible(IReadOnlyList<LabelBox> candidates, List<LabelBox> taken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(taken);
        var keep = new bool[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var box = candidates[i];
            if (!taken.Exists(t => t.Overlaps(box)))
            {
                keep[i] = true;
                taken.Add(box);
            }
        }

        return keep;
    }

    private static double Power(int mantissa, int exponent) => double.Parse(string.Create(CultureInfo.InvariantCulture, $"{mantissa}e{exponent}"), CultureInfo.InvariantCulture);

    private static string Scientific(double v)
    {
        var exponent = (int)Math.Floor(Math.Log10(Math.Abs(v)) + 1e-9);
        var mantissa = Math.Round(v / Math.Pow(10, exponent), 2);
        if (Math.Abs(mantissa) >= 10)
        {
            mantissa /= 10;
            exponent++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{mantissa:0.##}e{exponent}");
    }
}
