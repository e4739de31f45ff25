using System.Diagnostics;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Progress;

/// <summary>
/// Progress for logs and CI: one plain line per report at most every <see cref="Interval"/>, plus the last
/// report of each of the first few stages, so that a redirected stderr stays readable. A run of hundreds of
/// stages (DBDP, the multi-agent solver) prints its stage ends under the same rate limit, then a closing
/// summary line.
/// </summary>
internal sealed class LineProgress : IProgress<TrainingProgress>
{
    private readonly TextWriter _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StageBoard _board;
    private TimeSpan? _last;
    private TrainingProgress? _unwritten;

    public LineProgress(TextWriter writer, TimeSpan interval, int keepFinished = 4)
    {
        _writer = writer;
        Interval = interval;
        _board = new StageBoard(keepFinished, () => _clock.Elapsed);
    }

    /// <summary>Least time between two lines, except at the end of one of the first stages.</summary>
    public TimeSpan Interval { get; }

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _board.Report(value);
        var now = _clock.Elapsed;
        var position = value.StageIndex ?? (_board.Folded + _board.RecentFinished.Count);
        var stageEnd = value.Step >= value.TotalSteps && position < _board.KeepFinished;
        if (!stageEnd && _last is { } last && now - last < Interval)
        {
            _unwritten = value;
            return;
        }

        _last = now;
        _unwritten = null;
        _writer.WriteLine(ProgressFormat.Line(value));
    }

    /// <summary>
    /// Ends the run's output: the last report if the rate limit held it back, and for a run of many stages a
    /// summary "stages done k of n, elapsed".
    /// </summary>
    public void Complete()
    {
        if (_unwritten is { } last)
        {
            _writer.WriteLine(ProgressFormat.Line(last));
            _unwritten = null;
        }

        if (_board.ShowsSummary)
        {
            var done = _board.Current is { } current && current.Step >= current.TotalSteps ? _board.StagesDone + 1 : _board.StagesDone;
            _writer.WriteLine(ProgressFormat.StagesDone(done, _board.StageCount) + "  " + ProgressFormat.RunTimes(_board.Elapsed, null));
        }
    }
}
