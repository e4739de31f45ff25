using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NeuralHjb.Cli.Progress;

/// <summary>
/// Draws a <see cref="StageBoard"/> for the live display: an optional summary row ("stages done k of n,
/// elapsed, ETA"), one row per listed finished stage, and the current stage's bar with its loss terms.
/// </summary>
internal static class BoardView
{
    /// <summary>Cells of a bar.</summary>
    public const int BarWidth = 16;

    /// <summary>Cells taken by the glyph, the description, the bar, the percentage and the gaps.</summary>
    private const int OtherColumns = 2 + 24 + BarWidth + 6 + 3;

    /// <summary>The rows to show, for a console <paramref name="width"/> cells wide.</summary>
    public static IRenderable Render(StageBoard board, int width)
    {
        ArgumentNullException.ThrowIfNull(board);
        var details = Math.Max(16, width - OtherColumns);
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(1));
        grid.AddColumn(new GridColumn().NoWrap());
        grid.AddColumn(new GridColumn().NoWrap());
        grid.AddColumn(new GridColumn().NoWrap().RightAligned());
        grid.AddColumn(new GridColumn().NoWrap().Width(details));
        if (board.ShowsSummary)
        {
            var count = board.StageCount;
            var fraction = count is { } n ? (double)board.StagesDone / n : (double?)null;
            grid.AddRow(
                new Markup("[blue]Σ[/]"),
                new Text(ProgressFormat.StagesDone(board.StagesDone, count)),
                Bar(fraction),
                new Text(Percent(fraction)),
                new Text(Cut(ProgressFormat.RunTimes(board.Elapsed, board.RunRemaining()), details)));
        }

        foreach (var finished in board.RecentFinished)
        {
            grid.AddRow(
                new Markup("[green]✓[/]"),
                new Text(ProgressFormat.Position(finished)),
                Bar(Fraction(finished)),
                new Text(Percent(Fraction(finished))),
                new Text(Cut(ProgressFormat.Finished(finished), details)));
        }

        if (board.Current is { } current)
        {
            grid.AddRow(
                new Markup("[yellow]›[/]"),
                new Text(ProgressFormat.Position(current)),
                Bar(Fraction(current)),
                new Text(Percent(Fraction(current))),
                new Text(Cut(ProgressFormat.Details(current), details)));
        }

        return grid;
    }

    private static double Fraction(NeuralHjb.Training.TrainingProgress p) => p.TotalSteps > 0 ? (double)p.Step / p.TotalSteps : 1;

    private static string Percent(double? fraction) =>
        fraction is { } f ? ((int)Math.Floor(100 * Math.Clamp(f, 0, 1))).ToString(CultureInfo.InvariantCulture) + "%" : string.Empty;

    /// <summary>A bar of <see cref="BarWidth"/> cells; blank when the fraction is unknown.</summary>
    private static Markup Bar(double? fraction)
    {
        if (fraction is not { } f)
        {
            return new Markup(new string(' ', BarWidth));
        }

        var filled = (int)Math.Round(BarWidth * Math.Clamp(f, 0, 1));
        return new Markup($"[green]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/]");
    }

    /// <summary>Cuts a text to <paramref name="width"/> cells with an ellipsis (the loss and ETA come first, so the terms go).</summary>
    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
