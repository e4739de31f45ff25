using NeuralHjb.Cli.Solve;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.DirectControl;

namespace NeuralHjb.Cli.Demo;

/// <summary>
/// The default job: Cartea–Jaimungal optimal execution (REFERENCES §3 check values: κ = 0.24, α = 0.16,
/// φ = 0.7, A = 10, T = 1) learned by direct control (Leal–Laurière–Lehalle) and compared with the
/// closed form: h₂(t) recovered from the learned policy, the rate per share at t = 0, the inventory
/// paths, and R²(t) of the learned control on the closed-form manifold [1, q].
/// </summary>
internal static class CarteaJaimungalDemo
{
    /// <summary>
    /// Iterations of the demo preset: about 20 s on two idle cores, control within ~3 % of the closed form
    /// (the solver's Quick, 800, is a smoke run at ~9 %; its Standard, 8000, takes about 40 s).
    /// </summary>
    public const int DemoIterations = 4000;

    /// <summary>Starting inventories drawn in the paths figure (the comparison simulates 101 from 0 to 2·Q₀).</summary>
    private static readonly double[] ShownStarts = [0.25, 0.5, 1.0, 1.5, 2.0];

    public static RunReport Solve(SolveContext context)
    {
        var problem = new CarteaJaimungal();
        var p = problem.Parameters;
        var preset = context.Preset switch
        {
            "quick" => DirectControlOptions.Quick,
            "standard" => DirectControlOptions.Standard,
            _ => DirectControlOptions.Standard with { Iterations = DemoIterations },
        };
        var iterations = context.Iterations ?? preset.Iterations;
        var options = CarteaJaimungalDirectControl.Configure(problem, preset with
        {
            Iterations = iterations,
            ValidationEvery = Math.Max(1, Math.Min(preset.ValidationEvery, iterations / 4)),
            Seed = context.Seed,
            CheckpointPath = context.CheckpointPath,
        });
        var result = new DirectControlSolver().Solve(problem, options, context.Progress, context.CancellationToken);

        var comparison = CarteaJaimungalDirectControl.Compare(result.Policy, problem, options.TimeSteps, p.A, p.Phi);
        var closed = CarteaJaimungalDirectControl.ClosedForm(p, p.A, p.Phi);
        var m = comparison.Manifold;
        var mid = m.Times.Count / 2;
        var metrics = new Dictionary<string, double>(result.Metrics)
        {
            ["h2_t0"] = m.H2[0],
            [$"h2_t{m.Times[mid]:0.###}"] = m.H2[mid],
            ["nu_over_q_t0"] = (p.Alpha + m.H2[0]) / (2 * p.Kappa),
            ["r2_min"] = m.MinRSquared,
        };
        var reference = new Dictionary<string, double>
        {
            ["h2_t0"] = closed.H2(0),
            [$"h2_t{m.Times[mid]:0.###}"] = closed.H2(m.Times[mid]),
            ["nu_over_q_t0"] = closed.RatePerShare(0),
        };
        var summary = new RunSummary
        {
            Problem = "cartea-jaimungal",
            Method = "direct",
            Parameters = new Dictionary<string, object>
            {
                ["kappa"] = p.Kappa,
                ["alpha"] = p.Alpha,
                ["sigma"] = p.Sigma,
                ["A"] = p.A,
                ["phi"] = p.Phi,
                ["steps"] = options.TimeSteps,
                ["iterations"] = options.Iterations,
                ["seed"] = context.Seed,
            },
            Seconds = result.Elapsed.TotalSeconds,
            Metrics = metrics,
            Reference = reference,
            Errors = new Dictionary<string, double>
            {
                ["control_rel_l2"] = comparison.ControlRelativeL2,
                ["h2_max_abs"] = comparison.H2MaxAbsError,
            },
        };

        var report = new RunReport { Summary = summary, History = result.History, Model = result.Policy };
        AddFigures(report, comparison, closed);
        report.Notes.Add("Reference: the Cartea–Jaimungal closed form (h₂ by the Riccati solution, REFERENCES §3). control_rel_l2 is ‖ν − ν*‖/‖ν*‖ over every state the learned policy visits; R²(t) measures how affine in q the learned control is.");
        return report;
    }

    private static void AddFigures(RunReport report, CarteaJaimungalComparison comparison, NeuralHjb.Reference.CarteaJaimungalClosedForm closed)
    {
        var m = comparison.Manifold;
        report.Plots.Add(new NamedPlot("h2.svg", ResultPlots.VersusReference(
            "Cartea–Jaimungal h₂(t): learned by direct control vs closed form",
            "time t [trading day]",
            "h₂(t) [$ per share²]",
            m.Times,
            m.H2,
            comparison.ClosedFormH2,
            "learned h̃₂")));
        report.Plots.Add(new NamedPlot("r2.svg", ResultPlots.RSquared(m.Times, m.RSquared, "time t [trading day]")));

        // Inventory paths from a few starting inventories, learned vs closed form.
        var states = comparison.Path.States;
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

        var q0Max = inventory[^1][0];
        var shown = new List<IReadOnlyList<double>>();
        var references = new List<IReadOnlyList<double>>();
        foreach (var fraction in ShownStarts)
        {
            var i = (int)Math.Round(fraction / 2 * (paths - 1));
            shown.Add(inventory[i]);
            var q0 = inventory[i][0];
            references.Add(times.Select(t => closed.Inventory(t, q0)).ToArray());
        }

        report.Plots.Add(new NamedPlot("inventory.svg", ResultPlots.Paths(
            $"Inventory Q(t) from {ShownStarts.Length} starting inventories (of {paths} simulated, up to {q0Max:0.##})",
            "time t [trading day]",
            "inventory Q(t) [shares]",
            times,
            shown,
            references)));
        report.Tables.Add(CsvTable.Paths("inventory.csv", "t", times, "q_path", inventory));
        report.Tables.Add(new CsvTable("projection.csv", [new("t", m.Times), new("h1_tilde", m.H1), new("h2_tilde", m.H2), new("r2", m.RSquared), new("h2_closed_form", comparison.ClosedFormH2)]));
    }
}
