using System.CommandLine;

namespace NeuralHjb.Cli.Solve;

/// <summary>Options every solve command shares, with the same names everywhere.</summary>
internal sealed class CommonOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON summary line as the last line of stdout." };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress display." };

    public Option<string?> Out { get; } = new("--out") { Description = "Folder for summary.json, history.csv, checkpoints and plots." };

    public Option<ulong> Seed { get; } = new("--seed") { Description = "Random seed (runs are bit-reproducible per seed and thread count).", DefaultValueFactory = _ => 1UL };

    public void AddTo(Command command)
    {
        command.Options.Add(Json);
        command.Options.Add(Quiet);
        command.Options.Add(Out);
        command.Options.Add(Seed);
    }
}
