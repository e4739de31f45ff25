using System.Globalization;
using System.Text;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Progress;

/// <summary>Text of a progress report: stage, step/total, loss and its terms, learning rate, ETA.</summary>
internal static class ProgressFormat
{
    /// <summary>One line, e.g. "train 120/600  loss 1.23e-02 (terminal 1.0e-02, residual 2.3e-03)  lr 1.0e-03  ETA 0:12".</summary>
    public static string Line(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var text = new StringBuilder();
        if (p.StageIndex is { } index && p.StageCount is { } count and > 1)
        {
            // Where a long run is (DBDP's backward steps count down, so "step 12" alone does not say).
            text.Append(CultureInfo.InvariantCulture, $"[{index + 1}/{count}] ");
        }

        text.Append(CultureInfo.InvariantCulture, $"{p.Stage} {p.Step}/{p.TotalSteps}  loss {Number(p.Loss)}");
        text.Append(Terms(p));
        text.Append(CultureInfo.InvariantCulture, $"  lr {p.LearningRate:0.0##e+00}");
        text.Append("  ETA ").Append(p.Remaining is { } r ? Duration(r) : "--:--");
        return text.ToString();
    }

    /// <summary>The part after "stage step/total" for the live display: loss, ETA and learning rate first (they must survive truncation), then the terms.</summary>
    public static string Details(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var eta = p.Remaining is { } r ? Duration(r) : "--:--";
        return string.Create(CultureInfo.InvariantCulture, $"loss {Number(p.Loss)}  ETA {eta}  lr {p.LearningRate:0.0##e+00}{Terms(p)}");
    }

    /// <summary>"stage step/total", the description of a bar.</summary>
    public static string Position(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return string.Create(CultureInfo.InvariantCulture, $"{p.Stage} {p.Step}/{p.TotalSteps}");
    }

    /// <summary>A finished stage's details: its last loss and how long it took.</summary>
    public static string Finished(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return $"loss {Number(p.Loss)}  took {Duration(p.Elapsed)}";
    }

    /// <summary>"stages done 37 of 50", or "stages done 37" when the run does not say how many it has.</summary>
    public static string StagesDone(int done, int? count) =>
        count is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"stages done {done} of {n}")
            : string.Create(CultureInfo.InvariantCulture, $"stages done {done}");

    /// <summary>"elapsed 3:12  ETA 1:05" for the whole run (the ETA only once it can be estimated).</summary>
    public static string RunTimes(TimeSpan elapsed, TimeSpan? remaining) =>
        remaining is { } r ? $"elapsed {Duration(elapsed)}  ETA {Duration(r)}" : $"elapsed {Duration(elapsed)}";

    /// <summary>The loss terms in parentheses, or empty when the total is the only term.</summary>
    public static string Terms(TrainingProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Terms.Count == 0)
        {
            return string.Empty;
        }

        var parts = new List<string>(p.Terms.Count);
        foreach (var (name, value) in p.Terms)
        {
            parts.Add($"{name} {Number(value)}");
        }

        return " (" + string.Join(", ", parts) + ")";
    }

    /// <summary>A loss value: 4 significant digits, scientific when small or large.</summary>
    public static string Number(double v)
    {
        var a = Math.Abs(v);
        return a != 0 && (a < 1e-2 || a >= 1e4) || !double.IsFinite(v)
            ? v.ToString("0.000e+00", CultureInfo.InvariantCulture)
            : v.ToString("0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>m:ss, or h:mm:ss past an hour.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1
            ? ((int)t.TotalHours).ToString(CultureInfo.InvariantCulture) + t.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture)
            : ((int)t.TotalMinutes).ToString(CultureInfo.InvariantCulture) + t.ToString(@"\:ss", CultureInfo.InvariantCulture);
}
