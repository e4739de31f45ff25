namespace NeuralHjb.Analysis.Plots;

/// <summary>Where a chart's legend goes.</summary>
internal enum LegendCorner
{
    /// <summary>Inside the plot area, top right (preferred when it covers nothing).</summary>
    TopRight,

    /// <summary>Inside, top left.</summary>
    TopLeft,

    /// <summary>Inside, bottom right.</summary>
    BottomRight,

    /// <summary>Inside, bottom left.</summary>
    BottomLeft,

    /// <summary>Right of the plot area, which narrows to make room: every corner would cover data.</summary>
    Outside,
}

/// <summary>
/// Picks the legend's place: the first inside corner (top right, top left, bottom right, bottom left) whose box
/// covers no drawn point, else outside to the right. "Points" are the drawn curves sampled every few pixels,
/// so a line crossing a corner between two data points counts.
/// </summary>
internal static class LegendPlacement
{
    /// <summary>Gap between the legend box and the frame.</summary>
    public const double Inset = 6;

    /// <summary>Preference order of the inside corners.</summary>
    private static readonly LegendCorner[] Corners = [LegendCorner.TopRight, LegendCorner.TopLeft, LegendCorner.BottomRight, LegendCorner.BottomLeft];

    /// <summary>The corner whose legend box covers none of <paramref name="points"/>, or <see cref="LegendCorner.Outside"/>.</summary>
    public static LegendCorner Choose(PlotFrame frame, double boxWidth, double boxHeight, IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (boxWidth > frame.Width - (2 * Inset) || boxHeight > frame.Height - (2 * Inset))
        {
            return LegendCorner.Outside;
        }

        foreach (var corner in Corners)
        {
            if (Covered(Box(frame, corner, boxWidth, boxHeight), points) == 0)
            {
                return corner;
            }
        }

        return LegendCorner.Outside;
    }

    /// <summary>Points of <paramref name="points"/> inside <paramref name="box"/>.</summary>
    public static int Covered(LabelBox box, IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var count = 0;
        foreach (var (x, y) in points)
        {
            if (box.Contains(x, y))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The legend box in a corner of the frame (outside: right of it, level with its top).</summary>
    public static LabelBox Box(PlotFrame frame, LegendCorner corner, double boxWidth, double boxHeight) => corner switch
    {
        LegendCorner.TopRight => new(frame.Right - Inset - boxWidth, frame.Top + Inset, boxWidth, boxHeight),
        LegendCorner.TopLeft => new(frame.Left + Inset, frame.Top + Inset, boxWidth, boxHeight),
        LegendCorner.BottomRight => new(frame.Right - Inset - boxWidth, frame.Bottom - Inset - boxHeight, boxWidth, boxHeight),
        LegendCorner.BottomLeft => new(frame.Left + Inset, frame.Bottom - Inset - boxHeight, boxWidth, boxHeight),
        _ => new(frame.Right + (2 * Inset), frame.Top, boxWidth, boxHeight),
    };

    /// <summary>
    /// Screen points along a polyline, at most <paramref name="spacing"/> pixels apart, so that a segment that
    /// crosses a box between its ends is seen.
    /// </summary>
    public static void Sample(IReadOnlyList<(double X, double Y)> polyline, double spacing, List<(double X, double Y)> into)
    {
        ArgumentNullException.ThrowIfNull(polyline);
        ArgumentNullException.ThrowIfNull(into);
        for (var i = 0; i < polyline.Count; i++)
        {
            var (x, y) = polyline[i];
            if (i > 0)
            {
                var (px, py) = polyline[i - 1];
                var pieces = (int)Math.Ceiling(Math.Sqrt(((x - px) * (x - px)) + ((y - py) * (y - py))) / spacing);
                for (var k = 1; k < pieces; k++)
                {
                    var f = (double)k / pieces;
                    into.Add((px + ((x - px) * f), py + ((y - py) * f)));
                }
            }

            into.Add((x, y));
        }
    }
}
