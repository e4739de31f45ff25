using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Training;
using Spectre.Console;

namespace NeuralHjb.Cli.Progress;

/// <summary>Runs a piece of work with the progress display the mode asks for, on stderr.</summary>
internal static class ProgressDisplay
{
    /// <summary>
    /// Finished stages listed one per row (or line) before the older ones fold into a summary: a PINN
    /// curriculum or a short policy iteration shows every stage, DBDP's dozens of regressions do not.
    /// </summary>
    public const int KeepFinished = 4;

    /// <summary>
    /// The mode for a run: off when quiet; live bars when stderr is the real console and a terminal;
    /// plain lines otherwise (redirected stderr, tests).
    /// </summary>
    public static ProgressMode Choose(bool quiet, TextWriter stderr) =>
        quiet ? ProgressMode.Off
        : ProcessConsole.IsTerminal(stderr) ? ProgressMode.Live
        : ProgressMode.Lines;

    /// <summary>Runs <paramref name="work"/>, handing it the progress sink (null when off).</summary>
    public static T Run<T>(ProgressMode mode, TextWriter stderr, Func<IProgress<TrainingProgress>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        switch (mode)
        {
            case ProgressMode.Off:
                return work(null);
            case ProgressMode.Lines:
                var lines = new LineProgress(stderr, TimeSpan.FromSeconds(5), KeepFinished);
                var result = work(lines);
                lines.Complete();
                return result;
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
                return RunLive(console, work);
        }
    }

    /// <summary>The live display on <paramref name="console"/> (a test hands its own).</summary>
    public static T RunLive<T>(IAnsiConsole console, Func<IProgress<TrainingProgress>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        return console.Live(new Text(string.Empty))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Start(ctx =>
            {
                var live = new LiveProgress(ctx, KeepFinished, () => console.Profile.Width);
                var result = work(live);
                live.Draw();
                return result;
            });
    }
}
