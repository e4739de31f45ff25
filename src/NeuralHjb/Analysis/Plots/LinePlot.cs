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

    /// <summary>
    /// The chart as an SVG document. The legend goes in the first corner of the plot area (top right, top left,
    /// bottom right, bottom left) where it covers no drawn point, else to the right of a narrowed plot area;
    /// tick labels that would overlap a neighbour are left out (their grid lines stay).
    /// </summary>
    public string ToSvg()
    {
        const double left = 78, right = 20, top = 40, bottom = 58;
        var (x0, x1, y0, y1) = Bounds();
        var xTicks = Ticks.Nice(x0, x1, 6);
        var yTicks = LogY ? Ticks.Decades(y0, y1) : Ticks.Nice(y0, y1, 6);

        // The axes span their outer ticks, so that no tick (nor its label) falls outside the frame.
        (y0, y1) = (Math.Min(y0, yTicks[0]), Math.Max(y1, yTicks[^1]));
        (x0, x1) = (Math.Min(x0, xTicks[0]), Math.Max(x1, xTicks[^1]));
        var (bandColors, seriesColors) = Colors();
        var legend = Legend(bandColors, seriesColors);
        var longest = legend.Count == 0 ? 0 : legend.Max(l => l.Name.Length);
        var boxWidth = Math.Max(100, 44 + (6.6 * longest));
        var boxHeight = (legend.Count * 18) + 6.0;
        var frame = new PlotFrame(left, top, Width - left - right, Height - top - bottom, x0, x1, y0, y1, LogY);
        var corner = legend.Count == 0 ? LegendCorner.TopRight : LegendPlacement.Choose(frame, boxWidth, boxHeight, DrawnPoints(frame));
        if (corner == LegendCorner.Outside)
        {
            frame = frame with { Width = Math.Max(Width * 0.4, Width - left - boxWidth - (3 * LegendPlacement.Inset)) };
        }

        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"));
        svg.Append(Inv($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Inv($"<text x=\"{TitleCentre(frame):F1}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(Title)}</text>\n"));
        AppendAxes(svg, frame, xTicks, yTicks);
        for (var i = 0; i < _bands.Count; i++)
        {
            AppendBand(svg, frame, _bands[i], bandColors[i]);
        }

        for (var i = 0; i < _series.Count; i++)
        {
            AppendSeries(svg, frame, _series[i], seriesColors[i]);
        }

        if (legend.Count > 0)
        {
            AppendLegend(svg, LegendPlacement.Box(frame, corner, boxWidth, boxHeight), legend);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>The tick labels of both axes that fit on the canvas without overlapping (y first, bottom up; then x, left to right).</summary>
    private List<TickLabel> TickLabels(PlotFrame frame, IReadOnlyList<double> xTicks, IReadOnlyList<double> yTicks)
    {
        var candidates = new List<TickLabel>();
        foreach (var t in yTicks)
        {
            candidates.Add(new(LogY ? Ticks.FormatLog(t) : Ticks.Format(t), frame.Left - 6, frame.Sy(t) + 4, "end"));
        }

        foreach (var t in xTicks)
        {
            candidates.Add(new(Ticks.Format(t), frame.Sx(t), frame.Bottom + 16, "middle"));
        }

        // A label that would stick out of the canvas (the last x label of a wide number) is left out too.
        candidates.RemoveAll(c => c.Box.X < 0 || c.Box.X + c.Box.Width > Width);
        var visible = Ticks.Visible(candidates.ConvertAll(c => c.Box), []);
        return [.. candidates.Where((_, i) => visible[i])];
    }

    private void AppendAxes(StringBuilder svg, PlotFrame frame, IReadOnlyList<double> xTicks, IReadOnlyList<double> yTicks)
    {
        foreach (var t in xTicks)
        {
            var sx = frame.Sx(t);
            svg.Append(Inv($"<line x1=\"{sx:F1}\" y1=\"{frame.Top:F1}\" x2=\"{sx:F1}\" y2=\"{frame.Bottom:F1}\" stroke=\"#e5e5e5\"/>\n"));
        }

        foreach (var t in yTicks)
        {
            var sy = frame.Sy(t);
            svg.Append(Inv($"<line x1=\"{frame.Left:F1}\" y1=\"{sy:F1}\" x2=\"{frame.Right:F1}\" y2=\"{sy:F1}\" stroke=\"#e5e5e5\"/>\n"));
        }

        foreach (var label in TickLabels(frame, xTicks, yTicks))
        {
            svg.Append(Inv($"<text class=\"tick\" x=\"{label.X:F1}\" y=\"{label.Baseline:F1}\" text-anchor=\"{label.Anchor}\">{label.Text}</text>\n"));
        }

        svg.Append(Inv($"<rect x=\"{frame.Left:F1}\" y=\"{frame.Top:F1}\" width=\"{frame.Width:F1}\" height=\"{frame.Height:F1}\" fill=\"none\" stroke=\"#333\"/>\n"));
        svg.Append(Inv($"<text x=\"{frame.Left + (frame.Width / 2):F1}\" y=\"{Height - 16:F1}\" text-anchor=\"middle\">{Escape(XLabel)}</text>\n"));
        svg.Append(Inv($"<text transform=\"translate(18,{frame.Top + (frame.Height / 2):F1}) rotate(-90)\" text-anchor=\"middle\">{Escape(YLabel)}</text>\n"));
    }

    private void AppendBand(StringBuilder svg, PlotFrame frame, PlotBand b, string c)
    {
        var pts = new List<string>();
        for (var i = 0; i < b.X.Count; i++)
        {
            if (Usable(b.X[i], b.Upper[i]))
            {
                pts.Add(Inv($"{frame.Sx(b.X[i]):F1},{frame.Sy(b.Upper[i]):F1}"));
            }
        }

        for (var i = b.X.Count - 1; i >= 0; i--)
        {
            if (Usable(b.X[i], b.Lower[i]))
            {
                pts.Add(Inv($"{frame.Sx(b.X[i]):F1},{frame.Sy(b.Lower[i]):F1}"));
            }
        }

        svg.Append(Inv($"<polygon points=\"{string.Join(' ', pts)}\" fill=\"{c}\" fill-opacity=\"0.2\" stroke=\"none\"/>\n"));
    }

    private void AppendSeries(StringBuilder svg, PlotFrame frame, PlotSeries s, string c)
    {
        if (s.Style == SeriesStyle.Markers)
        {
            for (var i = 0; i < s.X.Count; i++)
            {
                if (Usable(s.X[i], s.Y[i]))
                {
                    svg.Append(Inv($"<circle cx=\"{frame.Sx(s.X[i]):F1}\" cy=\"{frame.Sy(s.Y[i]):F1}\" r=\"2.5\" fill=\"{c}\"/>\n"));
                }
            }

            return;
        }

        var dash = s.Style == SeriesStyle.Dashed ? " stroke-dasharray=\"6,4\"" : string.Empty;
        foreach (var run in Runs(frame, s.X, s.Y))
        {
            if (run.Count > 1)
            {
                var points = string.Join(' ', run.Select(p => Inv($"{p.X:F1},{p.Y:F1}")));
                svg.Append(Inv($"<polyline points=\"{points}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.8\"{dash}/>\n"));
            }
        }
    }

    private static void AppendLegend(StringBuilder svg, LabelBox box, List<(string Name, string Color, string Kind)> legend)
    {
        svg.Append(Inv($"<rect class=\"legend\" x=\"{box.X:F1}\" y=\"{box.Y:F1}\" width=\"{box.Width:F1}\" height=\"{box.Height:F1}\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbb\"/>\n"));
        var lx = box.X + 8;
        var ly = box.Y + 14;
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
    }

    /// <summary>Palette colours in drawing order: bands first, then the series without a colour of their own.</summary>
    /// <summary>
    /// The title's centre: over the plot area, but moved inwards so that a long title is not cut off at the canvas
    /// edge when the legend has narrowed the plot area (15 px bold text is taken as 1.15 × the 12 px character width).
    /// </summary>
    private double TitleCentre(PlotFrame frame)
    {
        var half = Title.Length * LabelBox.CharWidth * 1.15 / 2;
        var centre = frame.Left + (frame.Width / 2);
        return half * 2 >= Width - 8 ? Width / 2.0 : Math.Clamp(centre, half + 4, Width - half - 4);
    }

    private (string[] Bands, string[] Series) Colors()
    {
        var next = 0;
        var bands = _bands.Select(_ => Palette[next++ % Palette.Length]).ToArray();
        var series = _series.Select(s => s.Color ?? Palette[next++ % Palette.Length]).ToArray();
        return (bands, series);
    }

    private List<(string Name, string Color, string Kind)> Legend(string[] bandColors, string[] seriesColors)
    {
        var legend = new List<(string Name, string Color, string Kind)>();
        legend.AddRange(_bands.Select((b, i) => (b.Name, bandColors[i], "band")));
        legend.AddRange(_series.Select((s, i) => (s.Name, seriesColors[i], s.Style.ToString())).Where(l => l.Name.Length > 0));
        return legend;
    }

    /// <summary>Everything drawn, as screen points a few pixels apart (for the legend's placement).</summary>
    private List<(double X, double Y)> DrawnPoints(PlotFrame frame)
    {
        const double spacing = 4;
        var points = new List<(double X, double Y)>();
        foreach (var b in _bands)
        {
            foreach (var run in Runs(frame, b.X, b.Lower).Concat(Runs(frame, b.X, b.Upper)))
            {
                LegendPlacement.Sample(run, spacing, points);
            }
        }

        foreach (var s in _series)
        {
            foreach (var run in Runs(frame, s.X, s.Y))
            {
                if (s.Style == SeriesStyle.Markers)
                {
                    points.AddRange(run);
                }
                else
                {
                    LegendPlacement.Sample(run, spacing, points);
                }
            }
        }

        return points;
    }

    /// <summary>The screen points of a curve, split where a point is not drawable (NaN, or ≤ 0 on a log axis).</summary>
    private List<List<(double X, double Y)>> Runs(PlotFrame frame, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var runs = new List<List<(double X, double Y)>> { new() };
        for (var i = 0; i < x.Count; i++)
        {
            if (Usable(x[i], y[i]))
            {
                runs[^1].Add((frame.Sx(x[i]), frame.Sy(y[i])));
            }
            else if (runs[^1].Count > 0)
            {
                runs.Add([]);
            }
        }

        return runs;
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
