using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Training;
using Spectre.Console;

namespace NeuralHjb.Cli.Progress;

/// <summary>Runs a piece of work with the progress display the mode asks for, on stderr.</summary>
internal static class ProgressDisplay
{
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
                return work(new LineProgress(stderr, TimeSpan.FromSeconds(5)));
            default:
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
                LiveProgress? live = null;
                return console.Progress()
                    .AutoClear(false)
                    .HideCompleted(false)
                    .Columns(
                        new SpinnerColumn(),
                        new TaskDescriptionColumn { Alignment = Justify.Left },
                        new ProgressBarColumn { Width = 16 },
                        new PercentageColumn(),
                        new DetailsColumn(task => live?.DetailsOf(task) ?? string.Empty))
                    .Start(ctx =>
                    {
                        live = new LiveProgress(ctx);
                        return work(live);
                    });
        }
    }
}
