using System.Diagnostics;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Progress;

/// <summary>
/// Progress for logs and CI: one plain line per report at most every <see cref="Interval"/>, plus the
/// last report of every stage, so a redirected stderr stays readable.
/// </summary>
internal sealed class LineProgress : IProgress<TrainingProgress>
{
    private readonly TextWriter _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _last;

    public LineProgress(TextWriter writer, TimeSpan interval)
    {
        _writer = writer;
        Interval = interval;
    }

    /// <summary>Least time between two lines within a stage.</summary>
    public TimeSpan Interval { get; }

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var now = _clock.Elapsed;
        if (value.Step < value.TotalSteps && _last is { } last && now - last < Interval)
        {
            return;
        }

        _last = now;
        _writer.WriteLine(ProgressFormat.Line(value));
    }
}
