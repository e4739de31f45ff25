using System.CommandLine;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>What a solve command's body gets: the parsed options, progress sink and cancellation.</summary>
internal sealed class SolveContext
{
    /// <summary>The parse result (read the command's own options with <c>Parse.GetValue(option)</c>).</summary>
    public required ParseResult Parse { get; init; }

    /// <summary>--method, or empty when the command has none.</summary>
    public string Method { get; init; } = string.Empty;

    /// <summary>--seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>--preset, or empty when the command does not use the shared one.</summary>
    public required string Preset { get; init; }

    /// <summary>Whether --preset is quick.</summary>
    public bool Quick => Preset == "quick";

    /// <summary>--iterations, or null to keep the preset's.</summary>
    public int? Iterations { get; init; }

    /// <summary>--resume: continue the checkpoints in --out instead of starting afresh.</summary>
    public bool Resume { get; init; }

    /// <summary>--out, or null for no files.</summary>
    public string? OutDir { get; init; }

    /// <summary>Where a solver that keeps one checkpoint file writes it (inside --out), or null.</summary>
    public string? CheckpointPath => OutDir is null ? null : Path.Combine(OutDir, RunOutput.CheckpointFile);

    /// <summary>Where a solver that keeps one checkpoint per stage writes them (inside --out), or null.</summary>
    public string? CheckpointDirectory => OutDir is null ? null : Path.Combine(OutDir, RunOutput.CheckpointFolder);

    /// <summary>Progress sink for the solver (null with --quiet or --json).</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Cancelled by Ctrl+C.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>The value of one of the command's options.</summary>
    public T Get<T>(Option<T> option) => Parse.GetValue(option)!;
}
