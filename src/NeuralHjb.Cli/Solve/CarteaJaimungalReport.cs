using System.Globalization;
using NeuralHjb.Analysis;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.DirectControl;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// What a Cartea–Jaimungal direct-control solve reports: with one preference and exponent 2 the control error
/// against the closed form; with --multi-preference the worst error over a 5 × 5 (A, φ) grid; with exponent 1.5
/// only the projection on the closed-form manifold (h̃₁, h̃₂, R²(t)), for which there is no closed form.
/// </summary>
internal static class CarteaJaimungalReport
{
    public static RunReport Build(SolveContext context, CarteaJaimungal problem, DirectControlOptions options, DirectControlResult result, string? domain)
    {
        var p = problem.Parameters;
        var steps = options.TimeSteps;
        var metrics = new Dictionary<string, double>(result.Metrics);
        var errors = new Dictionary<string, double>();
        var reference = new Dictionary<string, double>();
        var report = new RunReport
        {
            Summary = new RunSummary
            {
                Problem = "cartea-jaimungal",
                Method = "direct",
                Parameters = new Dictionary<string, object>
                {
                    ["kappa"] = p.Kappa,
                    ["alpha"] = p.Alpha,
                    ["sigma"] = p.Sigma,
                    ["a"] = p.A,
                    ["phi"] = p.Phi,
                    ["exponent"] = p.Exponent,
                    ["multi_preference"] = domain is not null,
                    ["domain"] = domain ?? "single",
                    ["preset"] = context.Preset,
                    ["iterations"] = options.Iterations,
                    ["time_steps"] = steps,
                    ["seed"] = context.Seed,
                },
                Seconds = result.Elapsed.TotalSeconds,
                Metrics = metrics,
                Reference = reference,
                Errors = errors,
            },
            History = result.History,
            Model = result.Policy,
        };

        CarteaJaimungalManifold manifold;
        if (domain is not null)
        {
            var grid = CarteaJaimungalDirectControl.CompareGrid(result.Policy, problem, steps);
            var worst = grid.MaxBy(c => c.ControlRelativeL2)!;
            foreach (var c in grid)
            {
                metrics[string.Create(CultureInfo.InvariantCulture, $"grid_rel_l2[A={c.A:G4},phi={c.Phi:G4}]")] = c.ControlRelativeL2;
            }

            errors["control_rel_l2"] = worst.ControlRelativeL2;
            metrics["r2_min"] = grid.Min(c => c.Manifold.MinRSquared);
            metrics["worst_A"] = worst.A;
            metrics["worst_phi"] = worst.Phi;
            manifold = worst.Manifold;
            CarteaJaimungalFigures.Add(report, worst, CarteaJaimungalDirectControl.ClosedForm(p, worst.A, worst.Phi));
            report.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"Multi-preference: control_rel_l2 is the worst over the 5 x 5 (A, φ) grid, at A = {worst.A:G4}, φ = {worst.Phi:G4}; the figures show that point."));
        }
        else if (p.Exponent == 2)
        {
            var c = CarteaJaimungalDirectControl.Compare(result.Policy, problem, steps, p.A, p.Phi);
            var closed = CarteaJaimungalDirectControl.ClosedForm(p, p.A, p.Phi);
            errors["control_rel_l2"] = c.ControlRelativeL2;
            errors["h2_max_abs"] = c.H2MaxAbsError;
            metrics["r2_min"] = c.Manifold.MinRSquared;
            reference["h2_t0"] = closed.H2(0);
            reference["nu_over_q_t0"] = closed.RatePerShare(0);
            manifold = c.Manifold;
            metrics["nu_over_q_t0"] = (p.Alpha + manifold.H2[0]) / (2 * p.Kappa);
            CarteaJaimungalFigures.Add(report, c, closed);
            report.Notes.Add("Reference: the Cartea–Jaimungal closed form (REFERENCES §3); control_rel_l2 is ‖ν − ν*‖/‖ν*‖ over every state the learned policy visits.");
        }
        else
        {
            manifold = CarteaJaimungalDirectControl.Explain(result.Policy, problem, steps, p.A, p.Phi).Manifold;
            metrics["r2_min"] = manifold.MinRSquared;
            CarteaJaimungalFigures.AddProjection(report, manifold);
            report.Notes.Add("Exponent 1.5 has no closed form: the run reports the projection of the learned control on [1, q] (h̃₁, h̃₂, R²(t)).");
        }

        metrics["h1_tilde_t0"] = manifold.H1[0];
        metrics["h2_tilde_t0"] = manifold.H2[0];
        metrics["h2_tilde_mid"] = manifold.H2[manifold.H2.Count / 2];
        metrics["h2_tilde_last"] = manifold.H2[^1];
        if (p.Exponent == 2 && domain is null)
        {
            metrics["h2_t0"] = manifold.H2[0];
        }

        return report;
    }
}
