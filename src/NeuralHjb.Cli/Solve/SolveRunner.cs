using System.CommandLine;
using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Cli.Progress;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// The one way a solve command runs: Ctrl+C wired to a cancellation token, the progress display,
/// errors turned into one line, and every output written by <see cref="RunOutput.Emit(RunReport, RunOutputOptions, TextWriter, TextWriter)"/>. A problem
/// command only builds its solver options from <see cref="SolveContext"/> and returns a <see cref="RunReport"/>.
/// </summary>
internal static class SolveRunner
{
    /// <summary>Makes <paramref name="solve"/> the action of <paramref name="command"/>.</summary>
    public static void SetAction(Command command, CommonOptions common, Func<SolveContext, RunReport> solve)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(common);
        ArgumentNullException.ThrowIfNull(solve);
        command.SetAction(parse => Run(parse, common, "neuralhjb solve " + command.Name, solve));
    }

    /// <summary>Runs a solve body with the shared plumbing, cancelled by Ctrl+C; returns the exit code.</summary>
    public static int Run(ParseResult parse, CommonOptions common, string commandName, Func<SolveContext, RunReport> solve) =>
        Run(parse, common, commandName, solve, CancellationToken.None);

    /// <summary>Runs a solve body with the shared plumbing, cancelled by Ctrl+C or <paramref name="cancellationToken"/>; returns the exit code.</summary>
    public static int Run(ParseResult parse, CommonOptions common, string commandName, Func<SolveContext, RunReport> solve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(common);
        ArgumentNullException.ThrowIfNull(solve);
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var quiet = parse.GetValue(common.Quiet);
        var json = parse.GetValue(common.Json);
        var outDir = parse.GetValue(common.Out);
        var resume = common.HasResume && parse.GetValue(common.Resume);
        using var ctrlC = new CtrlC();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ctrlC.Token, cancellationToken);
        return CliErrors.Guard(
            stderr,
            commandName,
            () =>
            {
                // With --json stdout is for the JSON line and stderr for its table; a bar there would only garble logs.
                var mode = ProgressDisplay.Choose(quiet || json, stderr);
                if (resume && (outDir is null || RunOutput.LastCheckpoint(outDir) is null))
                {
                    throw new ArgumentException($"--resume needs --out naming the folder of the interrupted run, with its checkpoint(s) in it (found none in {outDir ?? "(no --out)"}).");
                }

                if (!resume && outDir is not null && Directory.Exists(outDir))
                {
                    RunOutput.ClearCheckpoints(outDir);
                }

                var report = ProgressDisplay.Run(mode, stderr, progress => solve(new SolveContext
                {
                    Parse = parse,
                    Method = common.Method is null ? string.Empty : parse.GetValue(common.Method)!,
                    Seed = parse.GetValue(common.Seed),
                    Preset = common.HasPresetAndIterations ? parse.GetValue(common.Preset)! : string.Empty,
                    Iterations = common.HasPresetAndIterations ? parse.GetValue(common.Iterations) : null,
                    OutDir = outDir,
                    Resume = resume,
                    Progress = progress,
                    CancellationToken = cancel.Token,
                }));
                RunOutput.Emit(report, new RunOutputOptions(json, quiet, outDir), stdout, stderr);
                return CliErrors.Ok;
            },
            () => outDir is null ? null : RunOutput.LastCheckpoint(outDir),
            common.HasResume ? " (continue it: the same command with --resume)" : null);
    }
}
