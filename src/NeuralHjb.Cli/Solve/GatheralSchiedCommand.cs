using System.CommandLine;
using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.Pinn;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve gatheral-schied --method mt-pinn|pinn</c>: trains the PINN, evaluates the
/// learned policy on rollouts against the closed form (<see cref="GatheralSchiedReport"/>).
/// </summary>
internal static class GatheralSchiedCommand
{
    public static Command Create()
    {
        var cmd = new Command("gatheral-schied", "Gatheral–Schied optimal execution (REFERENCES §1), against its closed form.");
        var common = new CommonOptions(
            ["standard", "quick"],
            presetDescription: "standard: minutes, the documented accuracy; quick: seconds",
            iterationsMeaning: "total optimiser steps over all stages (each stage keeps its share); at least the number of stages");
        common.AddMethod(cmd, "mt-pinn (multi-trajectory PINN) or pinn (the vanilla PINN of the ablation)", "mt-pinn", "pinn");

        // Ranges as GatheralSchiedParameters validates them.
        var lambda = ParameterOption.Real("--lambda", "weight λ of the cross term λXS in the running cost", "1/time", 0.1);
        var kappa = ParameterOption.Real("--kappa", "inventory penalty κ of κ²X²", "1/time", 0.1, 0, minExclusive: true);
        var sigma = ParameterOption.Real("--sigma", "relative price volatility σ", "1/√time", 0.1, 0);
        var horizon = ParameterOption.Real("--horizon", "horizon T", "time", 5, 0, minExclusive: true);
        foreach (var option in new Option[] { lambda, kappa, sigma, horizon })
        {
            cmd.Options.Add(option);
        }

        common.AddPresetAndIterations(cmd);
        common.AddResume(cmd);
        common.AddTo(cmd);
        SolveRunner.SetAction(cmd, common, context => Solve(context, new GatheralSchiedParameters
        {
            Lambda = context.Get(lambda),
            Kappa = context.Get(kappa),
            Sigma = context.Get(sigma),
            Horizon = context.Get(horizon),
        }));
        return cmd;
    }

    private static RunReport Solve(SolveContext context, GatheralSchiedParameters parameters)
    {
        var problem = new GatheralSchied(parameters);
        var preset = context.Quick ? PinnPreset.Quick : PinnPreset.Standard;
        var options = context.Method == "pinn" ? GatheralSchiedPinn.Vanilla(problem, preset, context.Seed) : GatheralSchiedPinn.MtPinn(problem, preset, context.Seed);
        if (context.Iterations is { } total)
        {
            options = options with { Stages = Rescale(options.Stages, total) };
        }

        options = options with { CheckpointDirectory = context.CheckpointDirectory, ResumeFromCheckpoint = context.Resume };
        options.Validate(problem);
        var result = new PinnSolver().Solve(problem, options, context.Progress, context.CancellationToken);
        return GatheralSchiedReport.Build(context, problem, options, result);
    }

    /// <summary>The stages with their step counts scaled to sum to about <paramref name="total"/> (each keeps at least one).</summary>
    private static PinnStage[] Rescale(IReadOnlyList<PinnStage> stages, int total)
    {
        if (total < stages.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(total), total, $"--iterations {total} is out of range: this method trains {stages.Count} stages, so it must be >= {stages.Count}.");
        }

        var sum = stages.Sum(s => s.Steps);
        return stages.Select(s => s with { Steps = Math.Max(1, (int)Math.Round((double)s.Steps * total / sum)) }).ToArray();
    }
}
