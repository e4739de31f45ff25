using System.CommandLine;
using System.Globalization;
using NeuralHjb.Analysis;
using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.DirectControl;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve cartea-jaimungal --method direct</c>: the Leal–Laurière–Lehalle direct-control method on
/// Cartea–Jaimungal execution, compared with the closed form (exponent 2) and projected on the closed-form
/// manifold (h̃₁, h̃₂, R²(t)).
/// </summary>
internal static class CarteaJaimungalCommand
{
    /// <summary>The wider multi-preference domain (see docs/solvers/direct-control.md for why).</summary>
    public static readonly PreferenceSpec[] WideDomain =
    [
        new(CarteaJaimungal.APreference, 1, 3, "A, wide domain: liquidation regime 2A >= 12.5 alpha"),
        new(CarteaJaimungal.PhiPreference, 0, 0.3, "phi, wide domain: gamma_c T from 0 to about 1.1"),
    ];

    public static Command Create(TextWriter? stdout = null)
    {
        var common = new CommonOptions();
        var method = new Option<string>("--method") { Description = "Solver: direct (rollout + back-propagation through time).", DefaultValueFactory = _ => "direct" };
        var a = new Option<double>("--A") { Description = "Terminal penalty A (single preference).", DefaultValueFactory = _ => 0.01 };
        var phi = new Option<double>("--phi") { Description = "Running penalty phi (single preference).", DefaultValueFactory = _ => 0.007 };
        var kappa = new Option<double>("--kappa") { Description = "Temporary impact kappa.", DefaultValueFactory = _ => 0.24 };
        var alpha = new Option<double>("--alpha") { Description = "Permanent impact alpha.", DefaultValueFactory = _ => 0.16 };
        var sigma = new Option<double>("--sigma") { Description = "Price volatility sigma.", DefaultValueFactory = _ => 0.2 };
        var exponent = new Option<double>("--exponent") { Description = "Exponent of the running penalty: 2 (closed form) or 1.5 (sub-diffusive).", DefaultValueFactory = _ => 2.0 };
        var multi = new Option<bool>("--multi-preference") { Description = "Train one network over (A, phi) and report the worst error on a 5 x 5 grid." };
        var domain = new Option<string>("--domain") { Description = "Multi-preference domain: paper (A <= 0.01, phi <= 0.007) or wide (A in [1, 3], phi in [0, 0.3]).", DefaultValueFactory = _ => "paper" };
        var iterations = new Option<int?>("--iterations") { Description = "Optimiser steps (default: the solver's Standard preset)." };
        var steps = new Option<int>("--steps") { Description = "Decision steps N.", DefaultValueFactory = _ => 77 };
        var cmd = new Command("cartea-jaimungal", "Cartea-Jaimungal optimal execution (Leal-Lauriere-Lehalle set-up).");
        foreach (var o in new Option[] { method, a, phi, kappa, alpha, sigma, exponent, multi, domain, iterations, steps })
        {
            cmd.Options.Add(o);
        }

        common.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var output = stdout ?? Console.Out;
            var m = r.GetValue(method);
            if (m != "direct")
            {
                Console.Error.WriteLine($"error: --method {m} is not available for cartea-jaimungal (available: direct).");
                return 2;
            }

            var d = r.GetValue(domain);
            if (d is not ("paper" or "wide"))
            {
                Console.Error.WriteLine($"error: --domain must be paper or wide (got {d}).");
                return 2;
            }

            try
            {
                return Run(
                    new Settings(r.GetValue(a), r.GetValue(phi), r.GetValue(kappa), r.GetValue(alpha), r.GetValue(sigma), r.GetValue(exponent), r.GetValue(multi), d!, r.GetValue(iterations), r.GetValue(steps), r.GetValue(common.Seed)),
                    r.GetValue(common.Json),
                    r.GetValue(common.Quiet),
                    r.GetValue(common.Out),
                    output);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    private sealed record Settings(double A, double Phi, double Kappa, double Alpha, double Sigma, double Exponent, bool Multi, string Domain, int? Iterations, int Steps, ulong Seed);

    private static int Run(Settings s, bool json, bool quiet, string? outDir, TextWriter stdout)
    {
        var problem = new CarteaJaimungal(new CarteaJaimungalParameters { Kappa = s.Kappa, Alpha = s.Alpha, Sigma = s.Sigma, A = s.A, Phi = s.Phi, Exponent = s.Exponent });
        var preset = s.Multi ? DirectControlOptions.Standard with { MultiPreference = true, PreferenceRanges = s.Domain == "wide" ? WideDomain : null } : DirectControlOptions.Standard;
        var options = CarteaJaimungalDirectControl.Configure(problem, preset with
        {
            Iterations = s.Iterations ?? preset.Iterations,
            TimeSteps = s.Steps,
            Seed = s.Seed,
            ValidationEvery = Math.Max(1, Math.Min(preset.ValidationEvery, (s.Iterations ?? preset.Iterations) / 5)),
        });
        IProgress<TrainingProgress>? progress = quiet || json ? null : new SynchronousProgress(p =>
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{p.Stage}] {p.Step}/{p.TotalSteps} cost {p.Loss:F6} lr {p.LearningRate:E2} {p.Elapsed.TotalSeconds:F1}s")));
        var result = new DirectControlSolver().Solve(problem, options, progress);

        var metrics = new Dictionary<string, double>(result.Metrics);
        var errors = new Dictionary<string, double>();
        var reference = new Dictionary<string, double>();
        CarteaJaimungalManifold manifold;
        IReadOnlyList<double>? closedH2 = null;
        if (s.Multi)
        {
            var grid = CarteaJaimungalDirectControl.CompareGrid(result.Policy, problem, s.Steps);
            var worst = 0.0;
            var worstIndex = 0;
            var r2 = 1.0;
            for (var i = 0; i < grid.Count; i++)
            {
                var c = grid[i];
                metrics[string.Create(CultureInfo.InvariantCulture, $"grid_rel_l2[A={c.A:G4},phi={c.Phi:G4}]")] = c.ControlRelativeL2;
                r2 = Math.Min(r2, c.Manifold.MinRSquared);
                if (c.ControlRelativeL2 > worst)
                {
                    worst = c.ControlRelativeL2;
                    worstIndex = i;
                }
            }

            errors["control_rel_l2"] = worst;
            metrics["r2_min"] = r2;
            metrics["worst_A"] = grid[worstIndex].A;
            metrics["worst_phi"] = grid[worstIndex].Phi;
            manifold = grid[worstIndex].Manifold;
            closedH2 = grid[worstIndex].ClosedFormH2;
        }
        else if (s.Exponent == 2)
        {
            var c = CarteaJaimungalDirectControl.Compare(result.Policy, problem, s.Steps, s.A, s.Phi);
            errors["control_rel_l2"] = c.ControlRelativeL2;
            errors["h2_max_abs"] = c.H2MaxAbsError;
            metrics["r2_min"] = c.Manifold.MinRSquared;
            var closed = CarteaJaimungalDirectControl.ClosedForm(problem.Parameters, s.A, s.Phi);
            reference["h2_t0"] = closed.H2(0);
            reference["nu_over_q_t0"] = closed.RatePerShare(0);
            manifold = c.Manifold;
            closedH2 = c.ClosedFormH2;
        }
        else
        {
            manifold = CarteaJaimungalDirectControl.Explain(result.Policy, problem, s.Steps, s.A, s.Phi).Manifold;
            metrics["r2_min"] = manifold.MinRSquared;
        }

        metrics["h1_tilde_t0"] = manifold.H1[0];
        metrics["h2_tilde_t0"] = manifold.H2[0];
        metrics["h2_tilde_mid"] = manifold.H2[manifold.H2.Count / 2];
        metrics["h2_tilde_last"] = manifold.H2[^1];
        var summary = new RunSummary
        {
            Problem = "cartea-jaimungal",
            Method = "direct",
            Parameters = new Dictionary<string, object>
            {
                ["kappa"] = s.Kappa,
                ["alpha"] = s.Alpha,
                ["sigma"] = s.Sigma,
                ["A"] = s.A,
                ["phi"] = s.Phi,
                ["exponent"] = s.Exponent,
                ["multi_preference"] = s.Multi,
                ["domain"] = s.Multi ? s.Domain : "single",
                ["iterations"] = options.Iterations,
                ["steps"] = s.Steps,
                ["seed"] = s.Seed,
            },
            Seconds = result.Elapsed.TotalSeconds,
            Metrics = metrics,
            Reference = reference,
            Errors = errors,
        };
        RunOutput.Emit(summary, result.History, json, outDir, stdout);
        if (outDir is not null)
        {
            WriteProjection(Path.Combine(outDir, "projection.csv"), manifold, closedH2);
        }

        if (!json)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"cartea-jaimungal direct: {result.Elapsed.TotalSeconds:F1} s, r2_min {metrics["r2_min"]:F5}");
            if (errors.TryGetValue("control_rel_l2", out var e))
            {
                line += string.Create(CultureInfo.InvariantCulture, $", control rel. L2 {e * 100:F2}%");
            }

            stdout.WriteLine(line);
        }

        return 0;
    }

    private static void WriteProjection(string path, CarteaJaimungalManifold manifold, IReadOnlyList<double>? closedH2)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(closedH2 is null ? "t,h1_tilde,h2_tilde,r2" : "t,h1_tilde,h2_tilde,r2,h2_closed_form");
        for (var k = 0; k < manifold.Times.Count; k++)
        {
            w.Write(string.Create(CultureInfo.InvariantCulture, $"{manifold.Times[k]:R},{manifold.H1[k]:R},{manifold.H2[k]:R},{manifold.RSquared[k]:R}"));
            w.WriteLine(closedH2 is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $",{closedH2[k]:R}"));
        }
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and interleave output).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
