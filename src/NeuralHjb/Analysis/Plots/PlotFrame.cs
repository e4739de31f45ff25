namespace NeuralHjb.Analysis.Plots;

/// <summary>
/// The plot area of a chart in pixels and the data range it shows: maps data to screen coordinates
/// (y grows downwards on screen; a log axis maps log10 of y).
/// </summary>
/// <param name="Left">Left edge of the plot area.</param>
/// <param name="Top">Top edge of the plot area.</param>
/// <param name="Width">Width of the plot area.</param>
/// <param name="Height">Height of the plot area.</param>
/// <param name="X0">Data x at the left edge.</param>
/// <param name="X1">Data x at the right edge.</param>
/// <param name="Y0">Data y at the bottom edge.</param>
/// <param name="Y1">Data y at the top edge.</param>
/// <param name="LogY">Whether y is on a base-10 log scale.</param>
internal readonly record struct PlotFrame(double Left, double Top, double Width, double Height, double X0, double X1, double Y0, double Y1, bool LogY)
{
    /// <summary>Right edge of the plot area.</summary>
    public double Right => Left + Width;

    /// <summary>Bottom edge of the plot area.</summary>
    public double Bottom => Top + Height;

    /// <summary>Screen x of data x.</summary>
    public double Sx(double x) => Left + ((x - X0) / (X1 - X0) * Width);

    /// <summary>Screen y of data y.</summary>
    public double Sy(double y) => Bottom - ((Fy(y) - Fy(Y0)) / (Fy(Y1) - Fy(Y0)) * Height);

    private double Fy(double y) => LogY ? Math.Log10(y) : y;
}
