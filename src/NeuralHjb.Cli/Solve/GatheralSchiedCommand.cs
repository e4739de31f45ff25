using System.CommandLine;
using System.Diagnostics;
using NeuralHjb.Analysis;
using NeuralHjb.Nn;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve gatheral-schied --method mt-pinn|pinn</c>: trains the PINN, evaluates the
/// learned policy on rollouts against the closed form and prints the summary.
/// </summary>
internal static class GatheralSchiedCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var method = new Option<string>("--method") { Description = "mt-pinn (multi-trajectory PINN) or pinn (the vanilla PINN of the ablation).", DefaultValueFactory = _ => "mt-pinn" };
        method.AcceptOnlyFromAmong("mt-pinn", "pinn");
        var lambda = new Option<double>("--lambda") { Description = "λ, weight of the cross term λXS (1/time).", DefaultValueFactory = _ => 0.1 };
        var kappa = new Option<double>("--kappa") { Description = "κ > 0, inventory penalty κ²X² (1/time).", DefaultValueFactory = _ => 0.1 };
        var sigma = new Option<double>("--sigma") { Description = "σ ≥ 0, price volatility (1/√time).", DefaultValueFactory = _ => 0.1 };
        var horizon = new Option<double>("--horizon") { Description = "T > 0, the horizon.", DefaultValueFactory = _ => 5 };
        var preset = new Option<string>("--preset") { Description = "quick (seconds) or standard (minutes; the documented accuracy).", DefaultValueFactory = _ => "standard" };
        preset.AcceptOnlyFromAmong("quick", "standard");
        var steps = new Option<int?>("--steps") { Description = "Override the total optimiser steps (stages keep their proportions)." };
        var cmd = new Command("gatheral-schied", "Gatheral–Schied optimal execution (REFERENCES §1), against its closed form.");
        cmd.Options.Add(method);
        cmd.Options.Add(lambda);
        cmd.Options.Add(kappa);
        cmd.Options.Add(sigma);
        cmd.Options.Add(horizon);
        cmd.Options.Add(preset);
        cmd.Options.Add(steps);
        common.AddTo(cmd);
        cmd.SetAction(r => Run(
            new Request(
                r.GetValue(method)!,
                r.GetValue(lambda),
                r.GetValue(kappa),
                r.GetValue(sigma),
                r.GetValue(horizon),
                r.GetValue(preset) == "quick" ? PinnPreset.Quick : PinnPreset.Standard,
                r.GetValue(steps),
                r.GetValue(common.Seed),
                r.GetValue(common.Out),
                r.GetValue(common.Json),
                r.GetValue(common.Quiet)),
            Console.Out,
            Console.Error));
        return cmd;
    }

    public static int Run(Request request, TextWriter stdout, TextWriter stderr)
    {
        GatheralSchied problem;
        PinnOptions options;
        try
        {
            problem = new GatheralSchied(new GatheralSchiedParameters { Lambda = request.Lambda, Kappa = request.Kappa, Sigma = request.Sigma, Horizon = request.Horizon });
            options = request.Method == "pinn" ? GatheralSchiedPinn.Vanilla(problem, request.Preset, request.Seed) : GatheralSchiedPinn.MtPinn(problem, request.Preset, request.Seed);
            if (request.Steps is { } total)
            {
                options = options with { Stages = Rescale(options.Stages, total) };
            }

            options.Validate(problem);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var progress = request.Quiet ? null : new StderrProgress(stderr);
        PinnResult result;
        try
        {
            result = new PinnSolver().Solve(problem, options, progress);
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 3;
        }

        var grid = GatheralSchiedPinn.EvaluationGrid(problem, request.Preset);
        var report = GatheralSchiedRolloutEvaluator.Evaluate(problem, result.Policy, result.Network.Value, grid, options.DType);
        var seconds = clock.Elapsed.TotalSeconds;
        var p = problem.Parameters;
        var cf = GatheralSchiedClosedFormPolicy.ClosedForm(p);
        var start = Tensor.FromSpan([p.InitialInventory, p.InitialPrice], [1, 2], options.DType);
        var t0 = Tensor.Zeros([1, 1], options.DType);
        var metrics = report.Metrics();
        foreach (var (k, v) in result.Metrics)
        {
            metrics["train_" + k] = v;
        }

        metrics["value_x0_s0"] = result.Value(t0, start).Item();
        metrics["rate_x0_s0"] = result.Control(t0, start).Item();
        var summary = new RunSummary
        {
            Problem = "gatheral-schied",
            Method = request.Method,
            Parameters = new Dictionary<string, object>
            {
                ["lambda"] = p.Lambda,
                ["kappa"] = p.Kappa,
                ["sigma"] = p.Sigma,
                ["horizon"] = p.Horizon,
                ["x0"] = p.InitialInventory,
                ["s0"] = p.InitialPrice,
                ["preset"] = request.Preset.ToString().ToLowerInvariant(),
                ["seed"] = request.Seed,
                ["steps"] = options.Stages.Sum(s => s.Steps),
                ["rollout_paths"] = report.Paths,
            },
            Seconds = seconds,
            Metrics = metrics,
            Reference = new Dictionary<string, double>
            {
                ["value_x0_s0"] = cf.Value(p.Horizon, p.InitialInventory, p.InitialPrice),
                ["rate_x0_s0"] = cf.Rate(p.Horizon, p.InitialInventory, p.InitialPrice),
            },
            Errors = report.Errors(),
        };
        if (!request.Json)
        {
            stdout.WriteLine($"gatheral-schied {request.Method} λ={p.Lambda} κ={p.Kappa} σ={p.Sigma} T={p.Horizon}: {seconds:F1} s");
            stdout.WriteLine($"  P(|X_T| ≤ 0.05) = {report.ProbabilityTerminalWithinTolerance:P1}, mean |X_T| = {report.MeanAbsTerminalInventory:G3} over {report.Paths} paths");
            stdout.WriteLine($"  relative L2 errors: value {report.ValueRelativeL2:P2}, control {report.ControlRelativeL2:P2}, inventory {report.InventoryRelativeL2:P2}");
        }

        RunOutput.Emit(summary, result.History, request.Json, request.Out, stdout);
        if (request.Out is not null)
        {
            ModuleCheckpoint.Save(Path.Combine(request.Out, "value_network.safetensors"), result.Network);
        }

        return 0;
    }

    private static PinnStage[] Rescale(IReadOnlyList<PinnStage> stages, int total)
    {
        if (total < stages.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, $"--steps must be at least the number of stages ({stages.Count}).");
        }

        var sum = stages.Sum(s => s.Steps);
        return stages.Select(s => s with { Steps = Math.Max(1, (int)Math.Round((double)s.Steps * total / sum)) }).ToArray();
    }

    internal sealed record Request(string Method, double Lambda, double Kappa, double Sigma, double Horizon, PinnPreset Preset, int? Steps, ulong Seed, string? Out, bool Json, bool Quiet);

    private sealed class StderrProgress(TextWriter stderr) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
            => stderr.WriteLine($"{value.Stage} {value.Step}/{value.TotalSteps} loss {value.Loss:G4} ({value.Elapsed.TotalSeconds:F0} s)");
    }
}
