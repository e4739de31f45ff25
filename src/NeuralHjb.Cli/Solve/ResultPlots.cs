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

    /// <summary>One colour for the reference paths.</summary>
    private const string ReferenceColor = "#d62728";

    /// <summary>Prefix of the PINN's adaptive loss weights in a history (weights, not losses).</summary>
    private const string WeightPrefix = "w_";

    /// <summary>
    /// Every loss series against the step, leaving out what is recorded alongside but is not a loss (the PINN's
    /// weights w_*, and <paramref name="notLosses"/>, e.g. y0): log scale when no value is negative (a zero
    /// only breaks its line), else linear (e.g. a cost that is a negated reward).
    /// </summary>
    public static LinePlot LossHistory(TrainingHistory history, IReadOnlyCollection<string>? notLosses = null, string title = "Training loss")
    {
        ArgumentNullException.ThrowIfNull(history);
        var names = history.SeriesNames
            .Where(n => !n.StartsWith(WeightPrefix, StringComparison.Ordinal) && notLosses?.Contains(n) != true)
            .ToList();
        var positive = names.All(n => history[n].All(v => !double.IsFinite(v) || v >= 0)) && names.Any(n => history[n].Any(v => v > 0));
        var plot = new LinePlot(title, "training step", positive ? "loss (log scale)" : "loss") { LogY = positive };
        var steps = history.Steps.Select(s => (double)s).ToArray();
        var total = history[TrainingHistory.TotalLoss];
        foreach (var name in names)
        {
            // A single term equal to the total would only hide under it.
            if (name != TrainingHistory.TotalLoss && history[name].SequenceEqual(total))
            {
                continue;
            }

            // A single record is a point, which a polyline cannot show.
            plot.Add(name, steps, history[name], history.Count == 1 ? SeriesStyle.Markers : SeriesStyle.Line);
        }

        return plot;
    }

    /// <summary>A learned curve (solid) against its reference (dashed).</summary>
    public static LinePlot VersusReference(string title, string xLabel, string yLabel, IReadOnlyList<double> x, IReadOnlyList<double> learned, IReadOnlyList<double> reference, string learnedName = "learned", string referenceName = "closed form") =>
        new LinePlot(title, xLabel, yLabel)
            .Add(learnedName, x, learned)
            .Add(referenceName, x, reference, SeriesStyle.Dashed);

    /// <summary>
    /// Simulated paths (at most <see cref="MaxPathsDrawn"/>, evenly chosen) in one colour, with optional
    /// reference paths (dashed), either one for all or one per path.
    /// </summary>
    public static LinePlot Paths(string title, string xLabel, string yLabel, IReadOnlyList<double> x, IReadOnlyList<IReadOnlyList<double>> paths, IReadOnlyList<IReadOnlyList<double>>? references = null, string referenceName = "closed form")
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (references is not null && references.Count != 1 && references.Count != paths.Count)
        {
            throw new ArgumentException($"give one reference path or one per path ({paths.Count}), not {references.Count}.", nameof(references));
        }

        var plot = new LinePlot(title, xLabel, yLabel);
        var shown = Math.Min(paths.Count, MaxPathsDrawn);
        for (var k = 0; k < shown; k++)
        {
            var i = shown == 1 ? 0 : k * (paths.Count - 1) / (shown - 1);
            var name = shown == paths.Count ? "learned" : $"learned ({shown} of {paths.Count} paths)";
            plot.Add(new PlotSeries(k == 0 ? name : string.Empty, x, paths[i], SeriesStyle.Line, PathColor));
            if (references is { Count: > 1 })
            {
                plot.Add(new PlotSeries(k == 0 ? referenceName : string.Empty, x, references[i], SeriesStyle.Dashed, ReferenceColor));
            }
        }

        if (references is { Count: 1 })
        {
            plot.Add(new PlotSeries(referenceName, x, references[0], SeriesStyle.Dashed, ReferenceColor));
        }

        return plot;
    }

    /// <summary>R²(t) of the learned control regressed, at each time, on the closed form's basis (e.g. [1, q]).</summary>
    public static LinePlot RSquared(IReadOnlyList<double> t, IReadOnlyList<double> r2, string xLabel = "time t", string basis = "[1, q]") =>
        new LinePlot($"R²(t): learned control projected on the closed-form basis {basis}", xLabel, "R² (1 = on the closed-form manifold)").Add("R²(t)", t, r2);
}
