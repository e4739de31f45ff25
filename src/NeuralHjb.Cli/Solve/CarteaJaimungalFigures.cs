using NeuralHjb.Analysis;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DirectControl;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// The Cartea–Jaimungal figures and tables, shared by <c>solve cartea-jaimungal</c> and the demo: h₂(t) recovered
/// from the learned policy against the closed form, R²(t) on the closed-form manifold [1, q], inventory paths
/// from a few starting inventories, and their CSVs.
/// </summary>
internal static class CarteaJaimungalFigures
{
    /// <summary>Starting inventories drawn in the paths figure, as fractions of the largest simulated one.</summary>
    private static readonly double[] ShownStarts = [0.125, 0.25, 0.5, 0.75, 1.0];

    private const string TimeLabel = "time t [trading day]";

    /// <summary>Adds h2.svg, r2.svg, inventory.svg, inventory.csv and projection.csv for a comparison with the closed form.</summary>
    public static void Add(RunReport report, CarteaJaimungalComparison comparison, CarteaJaimungalClosedForm closed)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(closed);
        var m = comparison.Manifold;
        report.Plots.Add(new NamedPlot("h2.svg", ResultPlots.VersusReference(
            "Cartea–Jaimungal h₂(t): learned by direct control vs closed form",
            TimeLabel,
            "h₂(t) [$ per share²]",
            m.Times,
            m.H2,
            comparison.ClosedFormH2,
            "learned h̃₂")));
        report.Plots.Add(new NamedPlot("r2.svg", ResultPlots.RSquared(m.Times, m.RSquared, TimeLabel)));
        AddInventory(report, comparison.Path.States, closed);
        report.Tables.Add(new CsvTable("projection.csv", [new("t", m.Times), new("h1_tilde", m.H1), new("h2_tilde", m.H2), new("r2", m.RSquared), new("h2_closed_form", comparison.ClosedFormH2)]));
    }

    /// <summary>Adds h2.svg, r2.svg and projection.csv for a run without a closed form (exponent 1.5).</summary>
    public static void AddProjection(RunReport report, CarteaJaimungalManifold m)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(m);
        report.Plots.Add(new NamedPlot("h2.svg", new Analysis.Plots.LinePlot("Cartea–Jaimungal h̃₂(t) recovered from the learned policy (no closed form)", TimeLabel, "h̃₂(t) [$ per share²]").Add("learned h̃₂", m.Times, m.H2)));
        report.Plots.Add(new NamedPlot("r2.svg", ResultPlots.RSquared(m.Times, m.RSquared, TimeLabel)));
        report.Tables.Add(new CsvTable("projection.csv", [new("t", m.Times), new("h1_tilde", m.H1), new("h2_tilde", m.H2), new("r2", m.RSquared)]));
    }

    /// <summary>Inventory paths from a few starting inventories, learned vs closed form, and every simulated path as CSV.</summary>
    private static void AddInventory(RunReport report, IReadOnlyList<Tensors.Tensor> states, CarteaJaimungalClosedForm closed)
    {
        var paths = states[0].Size(0);
        var times = Enumerable.Range(0, states.Count).Select(k => k * closed.Parameters.Horizon / (states.Count - 1)).ToArray();
        var inventory = new double[paths][];
        for (var i = 0; i < paths; i++)
        {
            inventory[i] = new double[states.Count];
        }

        for (var k = 0; k < states.Count; k++)
        {
            var q = states[k].Slice(1, 1, 1).ToDoubleArray();
            for (var i = 0; i < paths; i++)
            {
                inventory[i][k] = q[i];
            }
        }

        var shown = new List<IReadOnlyList<double>>();
        var references = new List<IReadOnlyList<double>>();
        foreach (var fraction in ShownStarts)
        {
            var i = (int)Math.Round(fraction * (paths - 1));
            shown.Add(inventory[i]);
            var q0 = inventory[i][0];
            references.Add(times.Select(t => closed.Inventory(t, q0)).ToArray());
        }

        report.Plots.Add(new NamedPlot("inventory.svg", ResultPlots.Paths(
            $"Inventory Q(t) from {ShownStarts.Length} starting inventories (of {paths} simulated, up to {inventory[^1][0]:0.##})",
            TimeLabel,
            "inventory Q(t) [shares]",
            times,
            shown,
            references)));
        report.Tables.Add(CsvTable.Paths("inventory.csv", "t", times, "q_path", inventory));
    }
}
