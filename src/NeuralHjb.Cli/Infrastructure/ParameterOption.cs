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
    /// <param name="maxExclusive">Whether <paramref name="max"/> itself is excluded (e.g. θ &lt; 1).</param>
    public static Option<double> Real(string name, string meaning, string unit, double defaultValue, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExclusive = false, bool maxExclusive = false)
    {
        var bounds = new ParameterRange(min, max, minExclusive, maxExclusive);
        var option = new Option<double>(name)
        {
            Description = Describe(meaning, unit, bounds.ToString(), null),
            DefaultValueFactory = _ => defaultValue,
            HelpName = "number",
        };
        AddRangeCheck(option, name, bounds, meaning);
        return option;
    }

    /// <summary>A real-valued parameter whose default the command works out when it is not given (e.g. "one time step").</summary>
    /// <param name="name">Option name with dashes.</param>
    /// <param name="meaning">What it is.</param>
    /// <param name="unit">Its unit; empty when dimensionless.</param>
    /// <param name="defaultText">What applies when it is not given.</param>
    /// <param name="min">Smallest valid value.</param>
    /// <param name="minExclusive">Whether <paramref name="min"/> itself is excluded.</param>
    public static Option<double?> OptionalReal(string name, string meaning, string unit, string defaultText, double min = double.NegativeInfinity, bool minExclusive = false)
    {
        var bounds = new ParameterRange(min, double.PositiveInfinity, minExclusive, false);
        var option = new Option<double?>(name)
        {
            Description = Describe(meaning, unit, bounds.ToString(), defaultText),
            HelpName = "number",
        };
        AddRangeCheck(option, name, bounds, meaning);
        return option;
    }

    /// <summary>
    /// A per-asset or per-agent list of reals written "0.1" (one value for all) or "0.1,0.2" (one each);
    /// every entry must lie in the range. Null when not given: the command's default applies.
    /// </summary>
    /// <param name="name">Option name with dashes.</param>
    /// <param name="meaning">What it is, e.g. "volatility σ per asset".</param>
    /// <param name="unit">Its unit; empty when dimensionless.</param>
    /// <param name="defaultText">What applies when it is not given, e.g. "0.2 for every asset".</param>
    /// <param name="min">Smallest valid entry.</param>
    /// <param name="max">Largest valid entry.</param>
    /// <param name="minExclusive">Whether <paramref name="min"/> itself is excluded.</param>
    /// <param name="maxExclusive">Whether <paramref name="max"/> itself is excluded.</param>
    public static Option<double[]?> RealList(string name, string meaning, string unit, string defaultText, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool minExclusive = false, bool maxExclusive = false)
    {
        var bounds = new ParameterRange(min, max, minExclusive, maxExclusive);
        return new Option<double[]?>(name)
        {
            Description = Describe(meaning + " (one value for all, or comma-separated)", unit, "each " + bounds, defaultText),
            HelpName = "list",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value;
                var parts = text.Split(',', StringSplitOptions.TrimEntries);
                var values = new double[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                    {
                        result.AddError($"{name} '{text}': '{parts[i]}' is not a number ({meaning}).");
                        return null;
                    }

                    if (!bounds.Contains(values[i]))
                    {
                        result.AddError(OutOfRange(name, parts[i], bounds, meaning));
                        return null;
                    }
                }

                return values;
            },
        };
    }

    /// <summary>A fixed set of words (e.g. --utility power|log|exp); anything else is a parse error naming the choices.</summary>
    public static Option<string> Choice(string name, string meaning, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name)
        {
            Description = $"{meaning}; one of {string.Join(", ", choices)}.",
            DefaultValueFactory = _ => defaultValue,
            HelpName = string.Join('|', choices),
        };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    /// <summary>An integer with a default and an inclusive range (e.g. --dim, --agents).</summary>
    public static Option<int> Integer(string name, string meaning, int defaultValue, int min, int max = int.MaxValue)
    {
        var bounds = new ParameterRange(min, Upper(max), false, false);
        var option = new Option<int>(name)
        {
            Description = Describe(meaning, string.Empty, bounds.ToString(), null),
            DefaultValueFactory = _ => defaultValue,
            HelpName = "count",
        };
        AddIntegerRangeCheck(option, name, bounds, meaning);
        return option;
    }

    /// <summary>An integer parameter with an inclusive range; null default means "the preset decides".</summary>
    public static Option<int?> Count(string name, string meaning, int min, int max = int.MaxValue)
    {
        var bounds = new ParameterRange(min, Upper(max), false, false);
        var option = new Option<int?>(name)
        {
            Description = Describe(meaning, string.Empty, bounds.ToString(), "from --preset"),
            HelpName = "count",
        };
        AddIntegerRangeCheck(option, name, bounds, meaning);
        return option;
    }

    private static void AddIntegerRangeCheck(Option option, string name, ParameterRange bounds, string meaning) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0
                && int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                && !bounds.Contains(v))
            {
                result.AddError(OutOfRange(name, v.ToString(CultureInfo.InvariantCulture), bounds, meaning));
            }
        });

    private static void AddRangeCheck(Option option, string name, ParameterRange bounds, string meaning) =>
        option.Validators.Add(result =>
        {
            // Validators run even when the text did not convert; that error is reported by the parser itself.
            if (result.Tokens.Count > 0
                && double.TryParse(result.Tokens[^1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                && !bounds.Contains(v))
            {
                result.AddError(OutOfRange(name, Format(v), bounds, meaning));
            }
        });

    /// <summary>The one-line parse error of a value outside its range: "--kappa -1 is out of range: it must be &gt; 0 (…)."</summary>
    private static string OutOfRange(string name, string value, ParameterRange bounds, string meaning) =>
        $"{name} {value} is out of range: it must be {bounds} ({meaning}).";

    /// <summary>"meaning [unit]; valid: range" (the parser appends "[default: x]" itself where there is one).</summary>
    private static string Describe(string meaning, string unit, string range, string? defaultText) =>
        (unit.Length == 0 ? meaning : $"{meaning} [{unit}]") + $"; valid: {range}" + (defaultText is null ? "." : $"; default {defaultText}.");

    private static double Upper(int max) => max == int.MaxValue ? double.PositiveInfinity : max;

    internal static string Format(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
