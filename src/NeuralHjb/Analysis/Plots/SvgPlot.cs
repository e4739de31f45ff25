using System.Globalization;
using System.Text;

namespace NeuralHjb.Analysis.Plots;

/// <summary>
/// A deliberately tiny SVG line chart: lines and shaded bands (e.g. min–max over seeds) on linear axes, with
/// ticks, axis labels and a legend. Enough for the figures in docs/results; not a plotting library.
/// </summary>
public sealed class SvgPlot
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
    private readonly List<(string Label, double[] X, double[] Y, bool Dashed)> _lines = [];
    private readonly List<(string Label, double[] X, double[] Low, double[] High)> _bands = [];

    /// <summary>Creates an empty chart.</summary>
    /// <param name="title">Title above the plot.</param>
    /// <param name="xLabel">Label of the horizontal axis.</param>
    /// <param name="yLabel">Label of the vertical axis.</param>
    public SvgPlot(string title, string xLabel, string yLabel)
    {
        Title = title ?? string.Empty;
        XLabel = xLabel ?? string.Empty;
        YLabel = yLabel ?? string.Empty;
    }

    /// <summary>Gets the title.</summary>
    public string Title { get; }

    /// <summary>Gets the horizontal axis label.</summary>
    public string XLabel { get; }

    /// <summary>Gets the vertical axis label.</summary>
    public string YLabel { get; }

    /// <summary>Adds a polyline.</summary>
    /// <param name="label">Legend text.</param>
    /// <param name="x">Abscissae.</param>
    /// <param name="y">Ordinates (same length).</param>
    /// <param name="dashed">Draw dashed (e.g. a reference).</param>
    /// <returns>This chart.</returns>
    public SvgPlot Line(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, bool dashed = false)
    {
        Check(x, y, nameof(y));
        _lines.Add((label, [.. x], [.. y], dashed));
        return this;
    }

    /// <summary>Adds a shaded band between two curves.</summary>
    /// <param name="label">Legend text.</param>
    /// <param name="x">Abscissae.</param>
    /// <param name="low">Lower edge.</param>
    /// <param name="high">Upper edge.</param>
    /// <returns>This chart.</returns>
    public SvgPlot Band(string label, IReadOnlyList<double> x, IReadOnlyList<double> low, IReadOnlyList<double> high)
    {
        Check(x, low, nameof(low));
        Check(x, high, nameof(high));
        _bands.Add((label, [.. x], [.. low], [.. high]));
        return this;
    }

    /// <summary>Renders the chart.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>An SVG document.</returns>
    public string ToSvg(int width = 640, int height = 400)
    {
        const double left = 60, right = 20, top = 30, bottom = 45;
        var (x0, x1, y0, y1) = Extent();
        double pw = width - left - right, ph = height - top - bottom;
        string Px(double x) => F(left + ((x - x0) / (x1 - x0) * pw));
        string Py(double y) => F(top + ph - ((y - y0) / (y1 - y0) * ph));
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(width / 2.0)}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">{Escape(Title)}</text>\n");
        for (var i = 0; i <= 5; i++)
        {
            double xv = x0 + ((x1 - x0) * i / 5), yv = y0 + ((y1 - y0) * i / 5);
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Px(xv)}\" y1=\"{F(top)}\" x2=\"{Px(xv)}\" y2=\"{F(top + ph)}\" stroke=\"#eee\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{Px(xv)}\" y=\"{F(top + ph + 15)}\" text-anchor=\"middle\">{Tick(xv)}</text>\n");
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(left)}\" y1=\"{Py(yv)}\" x2=\"{F(left + pw)}\" y2=\"{Py(yv)}\" stroke=\"#eee\"/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left - 5)}\" y=\"{Py(yv)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{Tick(yv)}</text>\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(left)}\" y=\"{F(top)}\" width=\"{F(pw)}\" height=\"{F(ph)}\" fill=\"none\" stroke=\"black\"/>\n");
        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + (pw / 2))}\" y=\"{F(height - 8.0)}\" text-anchor=\"middle\">{Escape(XLabel)}</text>\n");
        s.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14,{F(top + (ph / 2))}) rotate(-90)\" text-anchor=\"middle\">{Escape(YLabel)}</text>\n");
        var legend = new List<(string Label, string Color, string Kind)>();
        var k = 0;
        foreach (var (label, x, low, high) in _bands)
        {
            var color = Palette[k++ % Palette.Length];
            var points = new StringBuilder();
            for (var i = 0; i < x.Length; i++)
            {
                points.Append(CultureInfo.InvariantCulture, $"{Px(x[i])},{Py(high[i])} ");
            }

            for (var i = x.Length - 1; i >= 0; i--)
            {
                points.Append(CultureInfo.InvariantCulture, $"{Px(x[i])},{Py(low[i])} ");
            }

            s.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{points.ToString().TrimEnd()}\" fill=\"{color}\" fill-opacity=\"0.25\" stroke=\"none\"/>\n");
            legend.Add((label, color, "band"));
        }

        foreach (var (label, x, y, dashed) in _lines)
        {
            var color = Palette[k++ % Palette.Length];
            var points = new StringBuilder();
            for (var i = 0; i < x.Length; i++)
            {
                points.Append(CultureInfo.InvariantCulture, $"{Px(x[i])},{Py(y[i])} ");
            }

            var dash = dashed ? " stroke-dasharray=\"6,4\"" : string.Empty;
            s.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>\n");
            legend.Add((label, color, dashed ? "dashed" : "line"));
        }

        for (var i = 0; i < legend.Count; i++)
        {
            var (label, color, kind) = legend[i];
            double ly = top + 12 + (i * 16), lx = left + pw - 190;
            s.Append(kind == "band"
                ? string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{F(lx)}\" y=\"{F(ly - 6)}\" width=\"20\" height=\"10\" fill=\"{color}\" fill-opacity=\"0.25\"/>")
                : string.Create(CultureInfo.InvariantCulture, $"<line x1=\"{F(lx)}\" y1=\"{F(ly)}\" x2=\"{F(lx + 20)}\" y2=\"{F(ly)}\" stroke=\"{color}\" stroke-width=\"2\"{(kind == "dashed" ? " stroke-dasharray=\"6,4\"" : string.Empty)}/>"));
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(lx + 26)}\" y=\"{F(ly)}\" dominant-baseline=\"middle\">{Escape(label)}</text>\n");
        }

        s.Append("</svg>\n");
        return s.ToString();
    }

    private (double X0, double X1, double Y0, double Y1) Extent()
    {
        double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = double.PositiveInfinity, y1 = double.NegativeInfinity;
        void Take(double[] xs, double[] ys)
        {
            foreach (var v in xs)
            {
                (x0, x1) = (Math.Min(x0, v), Math.Max(x1, v));
            }

            foreach (var v in ys)
            {
                (y0, y1) = (Math.Min(y0, v), Math.Max(y1, v));
            }
        }

        foreach (var l in _lines)
        {
            Take(l.X, l.Y);
        }

        foreach (var b in _bands)
        {
            Take(b.X, b.Low);
            Take(b.X, b.High);
        }

        if (!double.IsFinite(x0))
        {
            throw new InvalidOperationException("the chart has no data.");
        }

        var pad = (y1 - y0) * 0.05;
        pad = pad > 0 ? pad : 0.5;
        return (x0, x1 > x0 ? x1 : x0 + 1, y0 - pad, y1 + pad);
    }

    private static void Check(IReadOnlyList<double> x, IReadOnlyList<double> y, string name)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count || x.Count < 2)
        {
            throw new ArgumentException($"{name} must have the same length as x, at least 2 (got {y.Count} and {x.Count}).", name);
        }
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Tick(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
