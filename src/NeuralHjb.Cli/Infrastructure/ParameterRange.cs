namespace NeuralHjb.Cli.Infrastructure;

/// <summary>The valid interval of a command-line parameter, ends open or closed; its text is the "valid:" part of the help and of range errors.</summary>
/// <param name="Min">Lower end (−∞ for none).</param>
/// <param name="Max">Upper end (+∞ for none).</param>
/// <param name="MinExclusive">Whether <paramref name="Min"/> itself is excluded.</param>
/// <param name="MaxExclusive">Whether <paramref name="Max"/> itself is excluded.</param>
internal sealed record ParameterRange(double Min, double Max, bool MinExclusive, bool MaxExclusive)
{
    /// <summary>Whether <paramref name="v"/> is finite and inside.</summary>
    public bool Contains(double v) =>
        double.IsFinite(v) && (MinExclusive ? v > Min : v >= Min) && (MaxExclusive ? v < Max : v <= Max);

    /// <summary>"&gt; 0", "&gt;= 0 and &lt; 1", "any finite number".</summary>
    public override string ToString()
    {
        var low = double.IsNegativeInfinity(Min) ? null : (MinExclusive ? "> " : ">= ") + ParameterOption.Format(Min);
        var high = double.IsPositiveInfinity(Max) ? null : (MaxExclusive ? "< " : "<= ") + ParameterOption.Format(Max);
        return (low, high) switch
        {
            (null, null) => "any finite number",
            (not null, null) => low,
            (null, not null) => high,
            _ => $"{low} and {high}",
        };
    }
}
