using NeuralHjb.Training;
using Spectre.Console;

namespace NeuralHjb.Cli.Progress;

/// <summary>Feeds training reports into a Spectre.Console progress display: one bar per stage.</summary>
internal sealed class LiveProgress : IProgress<TrainingProgress>
{
    private readonly ProgressContext _context;
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _details = [];

    public LiveProgress(ProgressContext context) => _context = context;

    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_tasks.TryGetValue(value.Stage, out var task))
        {
            // A new stage finishes the bars of the earlier ones (a stage may end early, e.g. on a plateau).
            foreach (var t in _tasks.Values)
            {
                t.StopTask();
            }

            task = _context.AddTask(Markup.Escape(value.Stage), maxValue: Math.Max(value.TotalSteps, 1));
            _tasks[value.Stage] = task;
        }

        task.MaxValue = Math.Max(value.TotalSteps, 1);
        task.Value = value.Step;
        task.Description = Markup.Escape(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value.Stage} {value.Step}/{value.TotalSteps}"));
        lock (_details)
        {
            _details[task.Id] = ProgressFormat.Details(value);
        }
    }

    /// <summary>The details text of a task (read by <see cref="DetailsColumn"/> on the render thread).</summary>
    public string DetailsOf(ProgressTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        lock (_details)
        {
            return _details.TryGetValue(task.Id, out var text) ? text : string.Empty;
        }
    }
}
