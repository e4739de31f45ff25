namespace NeuralHjb.Analysis.Plots;

/// <summary>The rectangle a piece of text (a tick label, the legend) takes on screen, in pixels.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
internal readonly record struct LabelBox(double X, double Y, double Width, double Height)
{
    /// <summary>Width of a 12 px character: a digit in DejaVu Sans, the usual fallback of Helvetica/Arial on Linux (Helvetica's digits are 6.7 px).</summary>
    public const double CharWidth = 7.6;

    /// <summary>Height of a 12 px text line, ascender to descender.</summary>
    public const double LineHeight = 13;

    /// <summary>Whether the two boxes, each grown by <paramref name="gap"/>/2, overlap.</summary>
    public bool Overlaps(LabelBox other, double gap = 2) =>
        X < other.X + other.Width + gap && other.X < X + Width + gap
        && Y < other.Y + other.Height + gap && other.Y < Y + Height + gap;

    /// <summary>Whether the point lies in the box.</summary>
    public bool Contains(double x, double y) => x >= X && x <= X + Width && y >= Y && y <= Y + Height;

    /// <summary>The box of 12 px text of <paramref name="length"/> characters whose baseline passes through y, anchored at x ("start", "middle" or "end").</summary>
    public static LabelBox OfText(double x, double baseline, int length, string anchor)
    {
        var width = length * CharWidth;
        var left = anchor switch
        {
            "middle" => x - (width / 2),
            "end" => x - width,
            _ => x,
        };

        // 12 px text rises about 9.5 px above its baseline and descends about 3.
        return new LabelBox(left, baseline - 10, width, LineHeight);
    }
}
