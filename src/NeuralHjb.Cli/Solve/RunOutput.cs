using System.Globalization;
using NeuralHjb.Nn;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>How <see cref="RunOutput.Emit(RunReport, RunOutputOptions, TextWriter, TextWriter)"/> writes: --json, --quiet, --out.</summary>
/// <param name="Json">Print the JSON line last on stdout (the table then goes to stderr).</param>
/// <param name="Quiet">No table.</param>
/// <param name="OutDir">Folder for files, or null for none.</param>
internal sealed record RunOutputOptions(bool Json, bool Quiet, string? OutDir);

/// <summary>
/// Writes a solve's results in one call: summary.json, history.csv, loss.svg, the report's CSVs and
/// plots, model.safetensors (the solver's trainer writes its checkpoint file or checkpoints folder itself), the
/// comparison table, and the JSON line.
/// </summary>
internal static class RunOutput
{
    /// <summary>File name of the trainer's checkpoint inside --out.</summary>
    public const string CheckpointFile = "checkpoint.safetensors";

    /// <summary>Folder inside --out for solvers that keep one checkpoint per stage or phase.</summary>
    public const string CheckpointFolder = "checkpoints";

    /// <summary>File name of the trained network's weights inside --out.</summary>
    public const string ModelFile = "model.safetensors";

    /// <summary>
    /// Deletes the checkpoints an earlier run left in <paramref name="outDir"/>: the PINN solver resumes a stage from an
    /// existing checkpoint, and one from another run (other parameters, same shapes) would be resumed silently.
    /// </summary>
    public static void ClearCheckpoints(string outDir)
    {
        File.Delete(Path.Combine(outDir, CheckpointFile));
        var folder = Path.Combine(outDir, CheckpointFolder);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.safetensors", SearchOption.AllDirectories))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>The newest checkpoint in <paramref name="outDir"/> (its checkpoint file or its checkpoints folder), or null when there is none.</summary>
    public static string? LastCheckpoint(string outDir)
    {
        var candidates = new List<FileInfo>();
        var single = new FileInfo(Path.Combine(outDir, CheckpointFile));
        if (single.Exists)
        {
            candidates.Add(single);
        }

        var folder = new DirectoryInfo(Path.Combine(outDir, CheckpointFolder));
        if (folder.Exists)
        {
            candidates.AddRange(folder.EnumerateFiles("*.safetensors", SearchOption.AllDirectories));
        }

        return candidates.Count == 0 ? null : candidates.MaxBy(f => f.LastWriteTimeUtc)!.FullName;
    }

    /// <summary>Writes everything; returns the paths of the files written.</summary>
    public static IReadOnlyList<string> Emit(RunReport report, RunOutputOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var written = options.OutDir is { } dir ? WriteFiles(report, dir) : [];
        if (!options.Quiet)
        {
            var human = options.Json ? stderr : stdout;
            ResultTable.Write(human, report.Summary);
            foreach (var note in report.Notes)
            {
                human.WriteLine(note);
            }

            if (written.Count > 0)
            {
                human.WriteLine($"wrote {string.Join(", ", written.Select(Name))} to {Path.GetFullPath(options.OutDir!)}");
            }
        }

        if (options.Json)
        {
            stdout.WriteLine(report.Summary.ToJson());
        }

        return written;
    }

    /// <summary>"loss.svg", or "checkpoints/" for the checkpoint folder.</summary>
    private static string Name(string path) =>
        Path.EndsInDirectorySeparator(path) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(path)) + "/" : Path.GetFileName(path);

    /// <summary>Writes the report's files into <paramref name="outDir"/> (created if needed).</summary>
    public static IReadOnlyList<string> WriteFiles(RunReport report, string outDir)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(outDir);
        var written = new List<string>();
        string Target(string name)
        {
            var path = Path.Combine(outDir, name);
            written.Add(path);
            return path;
        }

        File.WriteAllText(Target("summary.json"), report.Summary.ToJson() + Environment.NewLine);
        if (report.History.Count > 0)
        {
            WriteHistoryCsv(Target("history.csv"), report.History);
            ResultPlots.LossHistory(report.History, report.NotLosses).Save(Target("loss.svg"));
        }

        foreach (var table in report.Tables)
        {
            table.Write(Target(table.FileName));
        }

        foreach (var plot in report.Plots)
        {
            plot.Plot.Save(Target(plot.FileName));
        }

        if (report.Model is { } model)
        {
            ModuleCheckpoint.Save(Target(ModelFile), model, metadata: new Dictionary<string, string>
            {
                ["problem"] = report.Summary.Problem,
                ["method"] = report.Summary.Method,
            });
        }

        var checkpoint = Path.Combine(outDir, CheckpointFile);
        if (File.Exists(checkpoint))
        {
            written.Add(checkpoint);
        }

        var checkpoints = Path.Combine(outDir, CheckpointFolder);
        if (Directory.Exists(checkpoints))
        {
            written.Add(checkpoints + Path.DirectorySeparatorChar);
        }

        return written;
    }

    /// <summary>history.csv: step, then one column per loss series.</summary>
    public static void WriteHistoryCsv(string path, TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
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
