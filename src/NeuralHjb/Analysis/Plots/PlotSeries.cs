namespace NeuralHjb.Analysis.Plots;

/// <summary>How a series is drawn.</summary>
public enum SeriesStyle
{
    /// <summary>A solid polyline.</summary>
    Line,

    /// <summary>A dashed polyline (references, closed forms).</summary>
    Dashed,

    /// <summary>Unconnected markers.</summary>
    Markers,
}

/// <summary>One named series of a <see cref="LinePlot"/>; non-finite points are skipped (the line breaks there).</summary>
/// <param name="Name">Legend label; an empty name leaves the series out of the legend (e.g. the 2nd…nth of a bundle of paths).</param>
/// <param name="X">Abscissae.</param>
/// <param name="Y">Ordinates, as many as <paramref name="X"/>.</param>
/// <param name="Style">Line, dashed line or markers.</param>
/// <param name="Color">An SVG colour (e.g. "#1f77b4") to use instead of the next palette colour, so a bundle of paths can share one.</param>
public sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, SeriesStyle Style = SeriesStyle.Line, string? Color = null);

/// <summary>A shaded band between a lower and an upper curve (e.g. the spread over seeds).</summary>
/// <param name="Name">Legend label.</param>
/// <param name="X">Abscissae.</param>
/// <param name="Lower">Lower edge.</param>
/// <param name="Upper">Upper edge.</param>
public sealed record PlotBand(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Lower, IReadOnlyList<double> Upper);
