using System.Globalization;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>Writes a solve's results: the JSON summary line, and the --out folder's files.</summary>
internal static class RunOutput
{
    public static void Emit(RunSummary summary, TrainingHistory history, bool json, string? outDir, TextWriter stdout)
    {
        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllText(Path.Combine(outDir, "summary.json"), summary.ToJson() + Environment.NewLine);
            WriteHistoryCsv(Path.Combine(outDir, "history.csv"), history);
        }

        if (json)
        {
            stdout.WriteLine(summary.ToJson());
        }
    }

    public static void WriteHistoryCsv(string path, TrainingHistory history)
    {
        using var w = new StreamWriter(path);
        var names = history.SeriesNames;
        w.WriteLine("step," + string.Join(',', names));
        for (var i = 0; i < history.Count; i++)
        {
            w.Write(history.Steps[i].ToString(CultureInfo.InvariantCulture));
            foreach (var n in names)
            {
                w.Write(',');
                w.Write(history[n][i].ToString("R", CultureInfo.InvariantCulture));
            }

            w.WriteLine();
        }
    }
}
