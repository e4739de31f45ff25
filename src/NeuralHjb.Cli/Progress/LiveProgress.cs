using System.Diagnostics;
using NeuralHjb.Training;
using Spectre.Console;

namespace NeuralHjb.Cli.Progress;

/// <summary>
/// Feeds training reports into a Spectre.Console live display drawn by <see cref="BoardView"/>: the current
/// stage's bar, the last few finished stages, and a summary of the earlier ones.
/// </summary>
internal sealed class LiveProgress : IProgress<TrainingProgress>
{
    /// <summary>Least time between two redraws within a stage (a report may come every few milliseconds).</summary>
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);

    private readonly LiveDisplayContext _context;
    private readonly Func<int> _width;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _drawn;
    private string? _drawnStage;

    public LiveProgress(LiveDisplayContext context, int keepFinished, Func<int> width)
    {
        _context = context;
        _width = width;
        Board = new StageBoard(keepFinished, () => _clock.Elapsed);
    }

    /// <summary>What is shown.</summary>
    public StageBoard Board { get; }

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Board.Report(value);
        var now = _clock.Elapsed;
        var newStage = !string.Equals(value.Stage, _drawnStage, StringComparison.Ordinal);
        if (newStage || value.Step >= value.TotalSteps || _drawn is not { } last || now - last >= RedrawEvery)
        {
            Draw();
            _drawn = now;
            _drawnStage = value.Stage;
        }
    }

    /// <summary>Redraws the board (at the end of the run, so that the last report shows).</summary>
    public void Draw()
    {
        _context.UpdateTarget(BoardView.Render(Board, _width()));
        _context.Refresh();
    }
}
