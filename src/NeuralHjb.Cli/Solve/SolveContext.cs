using System.CommandLine;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>What a solve command's body gets: the parsed options, progress sink and cancellation.</summary>
internal sealed class SolveContext
{
    /// <summary>The parse result (read the command's own options with <c>Parse.GetValue(option)</c>).</summary>
    public required ParseResult Parse { get; init; }

    /// <summary>--seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>--preset, or empty when the command does not use the shared one.</summary>
    public required string Preset { get; init; }

    /// <summary>--iterations, or null to keep the preset's.</summary>
    public int? Iterations { get; init; }

    /// <summary>--out, or null for no files.</summary>
    public string? OutDir { get; init; }

    /// <summary>Where the solver should write its training checkpoint (inside --out), or null.</summary>
    public string? CheckpointPath => OutDir is null ? null : Path.Combine(OutDir, RunOutput.CheckpointFile);

    /// <summary>Progress sink for the solver (null when --quiet).</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Cancelled by Ctrl+C.</summary>
    public CancellationToken CancellationToken { get; init; }
}
