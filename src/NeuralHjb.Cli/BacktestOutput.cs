using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuralHjb.Cli;

/// <summary>Where a backtest's summary goes: summary.json and days.csv under <c>--out</c>, and the JSON line with <c>--json</c>.</summary>
internal static class BacktestOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes the files and the JSON line; returns whether the JSON line was printed (then no text follows).</summary>
    public static bool Write(IReadOnlyDictionary<string, object> summary, Action<StreamWriter> writeDays, string? outDir, bool json, TextWriter stdout)
    {
        var text = JsonSerializer.Serialize(summary, JsonOptions);
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, "summary.json"), text + Environment.NewLine);
            using var days = new StreamWriter(Path.Combine(outDir, "days.csv"));
            writeDays(days);
        }

        if (json)
        {
            stdout.WriteLine(text);
        }

        return json;
    }
}
