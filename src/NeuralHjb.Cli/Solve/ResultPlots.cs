using NeuralHjb.Analysis.Plots;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// The standard figures of a solve, built the same way for every problem: learned curve against its
/// reference, simulated paths, loss history, R²(t).
/// </summary>
internal static class ResultPlots
{
    /// <summary>The most paths drawn in one figure (more only clutter it; the CSV keeps them all).</summary>
    public const int MaxPathsDrawn = 12;

    /// <summary>One colour for the whole bundle of learned paths (the reference keeps a palette colour).</summary>
    private const string PathColor = "#1f77b4";

    /// <summary>Every loss series against the step, log scale.</summary>
    public static LinePlot LossHistory(TrainingHistory history, string title = "Training loss")
    {
        ArgumentNullException.ThrowIfNull(history);
        var plot = new LinePlot(title, "training step", "loss (log scale)") { LogY = true };
        var steps = history.Steps.Select(s => (double)s).ToArray();
        var total = history[TrainingHistory.TotalLoss];
        foreach (var name in history.SeriesNames)
        {
            // A single term equal to the total would only hide under it.
            if (name != TrainingHistory.TotalLoss && history[name].SequenceEqual(total))
            {
                continue;
            }

            plot.Add(name, steps, history[name]);
        }

        return plot;
    }

    /// <summary>A learned curve (solid) against its reference (dashed).</summary>
    public static LinePlot VersusReference(string title, string xLabel, string yLabel, IReadOnlyList<double> x, IReadOnlyList<double> learned, IReadOnlyList<double> reference, string learnedName = "learned", string referenceName = "closed form") =>
        new LinePlot(title, xLabel, yLabel)
            .Add(learnedName, x, learned)
            .Add(referenceName, x, reference, SeriesStyle.Dashed);

    /// <summary>Simulated paths (at most <see cref="MaxPathsDrawn"/>, evenly chosen) and an optional reference path.</summary>
    public static LinePlot Paths(string title, string xLabel, string yLabel, IReadOnlyList<double> x, IReadOnlyList<IReadOnlyList<double>> paths, IReadOnlyList<double>? reference = null, string referenceName = "closed form")
    {
        ArgumentNullException.ThrowIfNull(paths);
        var plot = new LinePlot(title, xLabel, yLabel);
        var shown = Math.Min(paths.Count, MaxPathsDrawn);
        for (var k = 0; k < shown; k++)
        {
            var i = shown == 1 ? 0 : k * (paths.Count - 1) / (shown - 1);
            plot.Add(new PlotSeries(k == 0 ? $"learned ({shown} of {paths.Count} paths)" : string.Empty, x, paths[i], SeriesStyle.Line, PathColor));
        }

        if (reference is not null)
        {
            plot.Add(new PlotSeries(referenceName, x, reference, SeriesStyle.Dashed, "#d62728"));
        }

        return plot;
    }

    /// <summary>R²(t) of the learned control regressed on the closed form at each time.</summary>
    public static LinePlot RSquared(IReadOnlyList<double> t, IReadOnlyList<double> r2, string xLabel = "time t") =>
        new LinePlot("R²(t): learned vs closed-form control", xLabel, "R²").Add("R²(t)", t, r2);
}
