using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuralHjb.Cli.Progress;

/// <summary>
/// The last column of the live display: loss, learning rate, ETA and the loss terms of a task, on one
/// line, cut with an ellipsis when the terminal is too narrow (the terms go first).
/// </summary>
internal sealed class DetailsColumn : ProgressColumn
{
    private readonly Func<ProgressTask, string> _text;

    public DetailsColumn(Func<ProgressTask, string> text) => _text = text;

    /// <inheritdoc />
    protected override bool NoWrap => true;

    /// <summary>Room the other columns take (spinner, "stage step/total", a 16-cell bar, percentage, gaps).</summary>
    private const int OtherColumns = 50;

    /// <inheritdoc />
    public override int? GetColumnWidth(RenderOptions options) => Width(options);

    /// <inheritdoc />
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        ArgumentNullException.ThrowIfNull(task);
        var text = _text(task);
        var width = Width(options);
        return new Text(text.Length <= width ? text : text[..(width - 1)] + "…");
    }

    /// <summary>A fixed width, so that a long text never squeezes the bar and the percentage.</summary>
    private static int Width(RenderOptions options) => Math.Max(16, options.ConsoleSize.Width - OtherColumns);
}
