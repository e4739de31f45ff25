using System.Globalization;

namespace NeuralHjb.Analysis.Plots;

/// <summary>Axis tick placement ("nice" 1-2-5 steps, decades for log axes) and labels.</summary>
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

    public static double[] Decades(double lo, double hi)
    {
        var a = (int)Math.Floor(Math.Log10(lo));
        var b = (int)Math.Ceiling(Math.Log10(hi));
        if (b == a)
        {
            b++;
        }

        var ticks = new double[b - a + 1];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = Math.Pow(10, a + i);
        }

        return ticks;
    }

    public static string Format(double v)
    {
        var a = Math.Abs(v);
        return a != 0 && (a >= 1e5 || a < 1e-3)
            ? v.ToString("0.##E+0", CultureInfo.InvariantCulture)
            : v.ToString("0.####", CultureInfo.InvariantCulture);
    }
}
