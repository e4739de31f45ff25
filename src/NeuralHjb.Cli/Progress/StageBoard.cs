using NeuralHjb.Training;

namespace NeuralHjb.Cli.Progress;

/// <summary>
/// What a progress display shows of a run: the current stage, the last few finished stages, and a count of
/// the earlier ones folded into a summary. DBDP and the multi-agent solver run one stage per regression
/// (dozens to hundreds), which must not fill the screen; a PINN curriculum's few stages stay listed.
/// </summary>
internal sealed class StageBoard
{
    private readonly Func<TimeSpan> _clock;
    private readonly List<TrainingProgress> _recent = [];
    private TimeSpan _finishedTime;

    /// <param name="keepFinished">Finished stages listed before the older ones fold into the summary.</param>
    /// <param name="clock">Time since the run started.</param>
    public StageBoard(int keepFinished, Func<TimeSpan> clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepFinished);
        ArgumentNullException.ThrowIfNull(clock);
        KeepFinished = keepFinished;
        _clock = clock;
    }

    /// <summary>Finished stages listed one per row at most.</summary>
    public int KeepFinished { get; }

    /// <summary>The stage in progress (its last report), or null before the first report.</summary>
    public TrainingProgress? Current { get; private set; }

    /// <summary>The most recent finished stages, oldest first (their last reports), at most <see cref="KeepFinished"/>.</summary>
    public IReadOnlyList<TrainingProgress> RecentFinished => _recent;

    /// <summary>Finished stages not listed any more (they show in the summary line only).</summary>
    public int Folded { get; private set; }

    /// <summary>Stages finished so far: the solver's stage index when it gives one, else those seen to end.</summary>
    public int StagesDone => Current?.StageIndex ?? (Folded + _recent.Count);

    /// <summary>Stages in the run, when the solver says.</summary>
    public int? StageCount => Current?.StageCount;

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed => _clock();

    /// <summary>
    /// Whether a summary line is worth showing: stages were folded, or the run announces more stages than
    /// fit in the list (then the summary carries the whole-run ETA).
    /// </summary>
    public bool ShowsSummary => Folded > 0 || StageCount > KeepFinished + 1;

    /// <summary>Records a report; a report of a new stage finishes the current one.</summary>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Current is { } current && !string.Equals(current.Stage, value.Stage, StringComparison.Ordinal))
        {
            _finishedTime += current.Elapsed;
            _recent.Add(current);
            if (_recent.Count > KeepFinished)
            {
                _recent.RemoveAt(0);
                Folded++;
            }
        }

        Current = value;
    }

    /// <summary>
    /// Time left in the whole run: the current stage's ETA plus the stages not yet started at the mean time of
    /// those finished; null while the stage count or a finished stage is missing.
    /// </summary>
    public TimeSpan? RunRemaining()
    {
        if (Current is not { StageCount: { } count } current || current.Remaining is not { } stageLeft)
        {
            return null;
        }

        var seen = Folded + _recent.Count;
        if (seen == 0)
        {
            return count == 1 ? stageLeft : null;
        }

        var after = count - StagesDone - 1;
        return stageLeft + (_finishedTime / seen * Math.Max(after, 0));
    }
}
