using System.Globalization;
using NeuralHjb.Cli.Infrastructure;
using Spectre.Console;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// The learned-vs-reference table of a run: one row per reference quantity (learned value from the
/// metrics, error from the errors or |learned − reference|), then the other metrics.
/// </summary>
internal static class ResultTable
{
    /// <summary>Renders the table for <paramref name="summary"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);
        Console(writer).Write(Build(summary));
    }

    /// <summary>
    /// A Spectre console over <paramref name="writer"/>: colours only on a real, unredirected terminal,
    /// so files, pipes and tests get plain text.
    /// </summary>
    public static IAnsiConsole Console(TextWriter writer)
    {
        var terminal = ProcessConsole.IsTerminal(writer);
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
    }

    /// <summary>The Spectre table.</summary>
    public static Table Build(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var table = new Table()
            .Title(Markup.Escape($"{summary.Problem} by {summary.Method} ({summary.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s)"))
            .AddColumn("quantity")
            .AddColumn(new TableColumn("learned").RightAligned())
            .AddColumn(new TableColumn("reference").RightAligned())
            .AddColumn(new TableColumn("error").RightAligned())
            .AddColumn(new TableColumn("rel. error").RightAligned());
        foreach (var (name, reference) in summary.Reference)
        {
            var learned = summary.Metrics.TryGetValue(name, out var m) ? m : double.NaN;
            var error = summary.Errors.TryGetValue(name, out var e) ? e : Math.Abs(learned - reference);
            var relative = reference != 0 ? Math.Abs(learned - reference) / Math.Abs(reference) : double.NaN;
            table.AddRow(Markup.Escape(name), Number(learned), Number(reference), Number(error), Percent(relative));
        }

        foreach (var (name, error) in summary.Errors)
        {
            if (!summary.Reference.ContainsKey(name))
            {
                table.AddRow(Markup.Escape(name), string.Empty, string.Empty, Number(error), string.Empty);
            }
        }

        foreach (var (name, value) in summary.Metrics)
        {
            if (!summary.Reference.ContainsKey(name))
            {
                table.AddRow(Markup.Escape(name), Number(value), string.Empty, string.Empty, string.Empty);
            }
        }

        return table;
    }

    private static string Number(double v)
    {
        if (double.IsNaN(v))
        {
            return "–";
        }

        var a = Math.Abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e6)
            ? v.ToString("0.000e+00", CultureInfo.InvariantCulture)
            : v.ToString("0.#####", CultureInfo.InvariantCulture);
    }

    private static string Percent(double v) => double.IsFinite(v) ? (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + " %" : string.Empty;
}
