using System.CommandLine;
using System.Globalization;

namespace NeuralHjb.Cli.Infrastructure;

/// <summary>
/// Builds the numeric options of the solve commands with one look: the help line says what the
/// parameter means, its unit and its valid range, and a value outside the range is a parse error
/// (one line, exit code 2) rather than an exception deep inside a solver.
/// </summary>
internal static class ParameterOption
{
    /// <summary>A real-valued parameter with an inclusive range.</summary>
    /// <param name="name">Option name with dashes, e.g. "--kappa" (use the shared names: --lambda, --kappa, --sigma…).</param>
    /// <param name="meaning">What it is, e.g. "temporary price impact κ".</param>
    /// <param name="unit">Its unit, e.g. "$ per share per share/s"; empty when dimensionless.</param>
    /// <param name="defaultValue">Default.</param>
    /// <param name="min">Smallest valid value.</param>
    /// <param name="max">Largest valid value.</param>
    /// <param name="minExclusive">Whether <paramref name="min"/> itself is excluded (e.g. σ &gt; 0).</param>
    public static Option<double> Real(string name, string meaning, string unit, double defaultValue, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExclusive = false)
    {
        var option = new Option<double>(name)
        {
            Description = Describe(meaning, unit, Range(min, max, minExclusive), null),
            DefaultValueFactory = _ => defaultValue,
            HelpName = "number",
        };
        option.Validators.Add(result =>
        {
            // Validators run even when the text did not convert; that error is reported by the parser itself.
            if (result.Tokens.Count == 0 || !double.TryParse(result.Tokens[^1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return;
            }

            var ok = double.IsFinite(v) && (minExclusive ? v > min : v >= min) && v <= max;
            if (!ok)
            {
                result.AddError($"{name} {Format(v)} is out of range: it must be {Range(min, max, minExclusive)} ({meaning}).");
            }
        });
        return option;
    }

    /// <summary>An integer parameter with an inclusive range; null default means "the preset decides".</summary>
    public static Option<int?> Count(string name, string meaning, int min, int max = int.MaxValue)
    {
        var option = new Option<int?>(name)
        {
            Description = Describe(meaning, string.Empty, Range(min, Upper(max), false), "from --preset"),
            HelpName = "count",
        };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0
                && int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                && (v < min || v > max))
            {
                result.AddError($"{name} {v} is out of range: it must be {Range(min, Upper(max), false)} ({meaning}).");
            }
        });
        return option;
    }

    /// <summary>"meaning [unit]; valid: range" (the parser appends "[default: x]" itself where there is one).</summary>
    private static string Describe(string meaning, string unit, string range, string? defaultText) =>
        (unit.Length == 0 ? meaning : $"{meaning} [{unit}]") + $"; valid: {range}" + (defaultText is null ? "." : $"; default {defaultText}.");

    private static string Range(double min, double max, bool minExclusive)
    {
        var low = double.IsNegativeInfinity(min) ? null : (minExclusive ? "> " : ">= ") + Format(min);
        var high = double.IsPositiveInfinity(max) ? null : "<= " + Format(max);
        return (low, high) switch
        {
            (null, null) => "any finite number",
            (not null, null) => low,
            (null, not null) => high,
            _ => $"{low} and {high}",
        };
    }

    private static double Upper(int max) => max == int.MaxValue ? double.PositiveInfinity : max;

    private static string Format(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
