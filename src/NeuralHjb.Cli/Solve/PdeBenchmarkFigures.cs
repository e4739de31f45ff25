using NeuralHjb.Analysis.Plots;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>The figure of a deep-BSDE benchmark run: the estimate of u(0, x₀) during training against its reference.</summary>
internal static class PdeBenchmarkFigures
{
    /// <summary>
    /// The y0 series of the history against the step, with the reference as a dashed line; null when the solver
    /// records y0 fewer than twice (DBDP learns u(0, ·) only in its last regression, so its y0 is one number).
    /// </summary>
    public static LinePlot? Y0History(TrainingHistory history, double? reference)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0 || !history.SeriesNames.Contains("y0") || history["y0"].Count(double.IsFinite) < 2)
        {
            return null;
        }

        var steps = history.Steps.Select(s => (double)s).ToArray();
        var plot = new LinePlot("Estimate of u(0, x₀) during training", "training step", "u(0, x₀)")
            .Add("learned y0", steps, history["y0"], history.Count == 1 ? SeriesStyle.Markers : SeriesStyle.Line);
        if (reference is { } r)
        {
            plot.Add("reference", steps, steps.Select(_ => r).ToArray(), SeriesStyle.Dashed);
        }

        return plot;
    }
}
