using NeuralHjb.Analysis.Plots;
using NeuralHjb.Nn;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// Everything a solve command hands back for writing: the JSON summary, the loss history, and any
/// plots, CSV tables and the trained network. <see cref="RunOutput.Emit(RunReport, RunOutputOptions, TextWriter, TextWriter)"/> writes all of it.
/// </summary>
internal sealed class RunReport
{
    /// <summary>The summary (its Reference entries, matched with Metrics, make the comparison table).</summary>
    public required RunSummary Summary { get; init; }

    /// <summary>The training history (history.csv and loss.svg); may be empty.</summary>
    public TrainingHistory History { get; init; } = new();

    /// <summary>History series that are not losses (e.g. y0, a time index): in history.csv but not in loss.svg.</summary>
    public IReadOnlyCollection<string> NotLosses { get; init; } = [];

    /// <summary>SVG figures by file name (e.g. "control.svg").</summary>
    public IList<NamedPlot> Plots { get; } = [];

    /// <summary>CSV tables (paths, controls, grids…).</summary>
    public IList<CsvTable> Tables { get; } = [];

    /// <summary>The trained network, written to model.safetensors; null when the solver keeps none.</summary>
    public Module? Model { get; init; }

    /// <summary>Lines shown under the table (e.g. what the reference is).</summary>
    public IList<string> Notes { get; } = [];
}

/// <summary>A plot and the file name it is saved under.</summary>
/// <param name="FileName">File name inside --out, ending in .svg.</param>
/// <param name="Plot">The chart.</param>
internal sealed record NamedPlot(string FileName, LinePlot Plot);
