using System.Globalization;
using System.Text;

namespace NeuralHjb.Analysis.Plots;

/// <summary>
/// A small, dependency-free SVG line chart: title, labelled axes with "nice" ticks, optional log-scale
/// y axis, several series, shaded bands and a legend. Enough to show a learned curve against its
/// reference or a loss history; no plotting package is needed.
/// </summary>
public sealed class LinePlot
{
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
    private readonly List<PlotSeries> _series = [];
    private readonly List<PlotBand> _bands = [];

    /// <summary>Creates an empty plot.</summary>
    public LinePlot(string title, string xLabel, string yLabel)
    {
        Title = title ?? string.Empty;
        XLabel = xLabel ?? string.Empty;
        YLabel = yLabel ?? string.Empty;
    }

    /// <summary>Chart title.</summary>
    public string Title { get; }

    /// <summary>Label of the horizontal axis (with units).</summary>
    public string XLabel { get; }

    /// <summary>Label of the vertical axis (with units).</summary>
    public string YLabel { get; }

    /// <summary>Plot the y axis on a base-10 log scale (non-positive values are skipped).</summary>
    public bool LogY { get; init; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; init; } = 720;

    /// <summary>Height in pixels.</summary>
    public int Height { get; init; } = 440;

    /// <summary>Adds a series.</summary>
    public LinePlot Add(PlotSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.X.Count != series.Y.Count)
        {
            throw new ArgumentException($"series '{series.Name}' has {series.X.Count} x values but {series.Y.Count} y values.", nameof(series));
        }

        if (series.Color is { } color && (color.Length == 0 || !color.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '#')))
        {
            throw new ArgumentException($"series '{series.Name}' has colour '{color}'; use a name such as 'teal' or a hex code such as '#1f77b4'.", nameof(series));
        }

        _series.Add(series);
        return this;
    }

    /// <summary>Adds a series from arrays.</summary>
    public LinePlot Add(string name, IReadOnlyList<double> x, IReadOnlyList<double> y, SeriesStyle style = SeriesStyle.Line) => Add(new PlotSeries(name, x, y, style));

    /// <summary>Adds a shaded band.</summary>
    public LinePlot Add(PlotBand band)
    {
        ArgumentNullException.ThrowIfNull(band);
        if (band.X.Count != band.Lower.Count || band.X.Count != band.Upper.Count)
        {
            throw new ArgumentException($"band '{band.Name}' needs as many lower and upper values as x values.", nameof(band));
        }

        _bands.Add(band);
        return this;
    }

    /// <summary>Writes the SVG to a file (creating its folder).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, ToSvg());
    }

    /// <summary>The chart as an SVG document.</summary>
    public string ToSvg()
    {
        const double left = 78, right = 20, top = 40, bottom = 58;
        double plotW = Width - left - right, plotH = Height - top - bottom;
        var (x0, x1, y0, y1) = Bounds();
        var xTicks = Ticks.Nice(x0, x1, 6);
        var yTicks = LogY ? Ticks.Decades(y0, y1) : Ticks.Nice(y0, y1, 6);
        if (!LogY)
        {
            (y0, y1) = (Math.Min(y0, yTicks[0]), Math.Max(y1, yTicks[^1]));
        }

        (x0, x1) = (Math.Min(x0, xTicks[0]), Math.Max(x1, xTicks[^1]));
        double Fy(double y) => LogY ? Math.Log10(y) : y;
        double Sx(double x) => left + ((x - x0) / (x1 - x0) * plotW);
        double Sy(double y) => top + plotH - ((Fy(y) - Fy(y0)) / (Fy(y1) - Fy(y0)) * plotH);

        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"));
        svg.Append(Inv($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Inv($"<text x=\"{Width / 2.0:F1}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(Title)}</text>\n"));

        // Grid and ticks.
        foreach (var t in xTicks)
        {
            var sx = Sx(t);
            svg.Append(Inv($"<line x1=\"{sx:F1}\" y1=\"{top:F1}\" x2=\"{sx:F1}\" y2=\"{top + plotH:F1}\" stroke=\"#e5e5e5\"/>\n"));
            svg.Append(Inv($"<text x=\"{sx:F1}\" y=\"{top + plotH + 16:F1}\" text-anchor=\"middle\">{Ticks.Format(t)}</text>\n"));
        }

        foreach (var t in yTicks)
        {
            var sy = Sy(t);
            svg.Append(Inv($"<line x1=\"{left:F1}\" y1=\"{sy:F1}\" x2=\"{left + plotW:F1}\" y2=\"{sy:F1}\" stroke=\"#e5e5e5\"/>\n"));
            svg.Append(Inv($"<text x=\"{left - 6:F1}\" y=\"{sy + 4:F1}\" text-anchor=\"end\">{Ticks.Format(t)}</text>\n"));
        }

        svg.Append(Inv($"<rect x=\"{left:F1}\" y=\"{top:F1}\" width=\"{plotW:F1}\" height=\"{plotH:F1}\" fill=\"none\" stroke=\"#333\"/>\n"));
        svg.Append(Inv($"<text x=\"{left + (plotW / 2):F1}\" y=\"{Height - 16:F1}\" text-anchor=\"middle\">{Escape(XLabel)}</text>\n"));
        svg.Append(Inv($"<text transform=\"translate(18,{top + (plotH / 2):F1}) rotate(-90)\" text-anchor=\"middle\">{Escape(YLabel)}</text>\n"));

        var color = 0;
        var legend = new List<(string Name, string Color, string Kind)>();
        foreach (var b in _bands)
        {
            var c = Palette[color++ % Palette.Length];
            var pts = new List<string>();
            for (var i = 0; i < b.X.Count; i++)
            {
                if (Usable(b.X[i], b.Upper[i]))
                {
                    pts.Add(Inv($"{Sx(b.X[i]):F1},{Sy(b.Upper[i]):F1}"));
                }
            }

            for (var i = b.X.Count - 1; i >= 0; i--)
            {
                if (Usable(b.X[i], b.Lower[i]))
                {
                    pts.Add(Inv($"{Sx(b.X[i]):F1},{Sy(b.Lower[i]):F1}"));
                }
            }

            svg.Append(Inv($"<polygon points=\"{string.Join(' ', pts)}\" fill=\"{c}\" fill-opacity=\"0.2\" stroke=\"none\"/>\n"));
            legend.Add((b.Name, c, "band"));
        }

        foreach (var s in _series)
        {
            var c = s.Color ?? Palette[color++ % Palette.Length];
            if (s.Name.Length > 0)
            {
                legend.Add((s.Name, c, s.Style.ToString()));
            }

            if (s.Style == SeriesStyle.Markers)
            {
                for (var i = 0; i < s.X.Count; i++)
                {
                    if (Usable(s.X[i], s.Y[i]))
                    {
                        svg.Append(Inv($"<circle cx=\"{Sx(s.X[i]):F1}\" cy=\"{Sy(s.Y[i]):F1}\" r=\"2.5\" fill=\"{c}\"/>\n"));
                    }
                }

                continue;
            }

            var dash = s.Style == SeriesStyle.Dashed ? " stroke-dasharray=\"6,4\"" : string.Empty;
            var run = new List<string>();
            void Flush()
            {
                if (run.Count > 1)
                {
                    svg.Append(Inv($"<polyline points=\"{string.Join(' ', run)}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.8\"{dash}/>\n"));
                }

                run.Clear();
            }

            for (var i = 0; i < s.X.Count; i++)
            {
                if (Usable(s.X[i], s.Y[i]))
                {
                    run.Add(Inv($"{Sx(s.X[i]):F1},{Sy(s.Y[i]):F1}"));
                }
                else
                {
                    Flush();
                }
            }

            Flush();
        }

        // Legend, top-right inside the frame.
        // The box fits the longest label (about 6.6 px per character at 12 px), within the frame.
        var longest = legend.Count == 0 ? 0 : legend.Max(l => l.Name.Length);
        var boxWidth = Math.Min(plotW - 8, Math.Max(120, 44 + (6.6 * longest)));
        var ly = top + 14;
        var lx = left + plotW - boxWidth + 6;
        if (legend.Count > 0)
        {
            svg.Append(Inv($"<rect x=\"{lx - 8:F1}\" y=\"{ly - 12:F1}\" width=\"{boxWidth:F1}\" height=\"{(legend.Count * 18) + 6}\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>\n"));
        }

        foreach (var (name, c, kind) in legend)
        {
            svg.Append(kind switch
            {
                "band" => Inv($"<rect x=\"{lx:F1}\" y=\"{ly - 8:F1}\" width=\"24\" height=\"10\" fill=\"{c}\" fill-opacity=\"0.3\"/>\n"),
                "Markers" => Inv($"<circle cx=\"{lx + 12:F1}\" cy=\"{ly - 3:F1}\" r=\"3\" fill=\"{c}\"/>\n"),
                "Dashed" => Inv($"<line x1=\"{lx:F1}\" y1=\"{ly - 3:F1}\" x2=\"{lx + 24:F1}\" y2=\"{ly - 3:F1}\" stroke=\"{c}\" stroke-width=\"2\" stroke-dasharray=\"6,4\"/>\n"),
                _ => Inv($"<line x1=\"{lx:F1}\" y1=\"{ly - 3:F1}\" x2=\"{lx + 24:F1}\" y2=\"{ly - 3:F1}\" stroke=\"{c}\" stroke-width=\"2\"/>\n"),
            });
            svg.Append(Inv($"<text x=\"{lx + 32:F1}\" y=\"{ly + 1:F1}\">{Escape(name)}</text>\n"));
            ly += 18;
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private bool Usable(double x, double y) => double.IsFinite(x) && double.IsFinite(y) && (!LogY || y > 0);

    private (double X0, double X1, double Y0, double Y1) Bounds()
    {
        double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = double.PositiveInfinity, y1 = double.NegativeInfinity;
        void Take(double x, double y)
        {
            if (!Usable(x, y))
            {
                return;
            }

            x0 = Math.Min(x0, x);
            x1 = Math.Max(x1, x);
            y0 = Math.Min(y0, y);
            y1 = Math.Max(y1, y);
        }

        foreach (var s in _series)
        {
            for (var i = 0; i < s.X.Count; i++)
            {
                Take(s.X[i], s.Y[i]);
            }
        }

        foreach (var b in _bands)
        {
            for (var i = 0; i < b.X.Count; i++)
            {
                Take(b.X[i], b.Lower[i]);
                Take(b.X[i], b.Upper[i]);
            }
        }

        if (!double.IsFinite(x0))
        {
            return (0, 1, LogY ? 1 : 0, LogY ? 10 : 1);
        }

        if (x1 == x0)
        {
            (x0, x1) = (x0 - 0.5, x1 + 0.5);
        }

        if (y1 == y0)
        {
            (y0, y1) = LogY ? (y0 / 2, y1 * 2) : (y0 - 0.5, y1 + 0.5);
        }

        return (x0, x1, y0, y1);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
