using System.CommandLine;
using NeuralHjb.Cli.Infrastructure;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// Options every solve command shares, with the same names everywhere: --json, --quiet, --out,
/// --seed (<see cref="AddTo"/>), and --preset, --iterations (<see cref="AddPresetAndIterations"/>). Problem parameters (--lambda, --kappa, --sigma…) are made with
/// <see cref="ParameterOption"/> so their help shows meaning, unit and range.
/// </summary>
internal sealed class CommonOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="presets">The preset names the solver knows, the first being the default (null: quick, standard).</param>
    /// <param name="defaultOutDir">The --out folder when none is given (null: write no files).</param>
    /// <param name="presetDescription">What the presets mean (null: a generic line).</param>
    public CommonOptions(string[]? presets = null, string? defaultOutDir = null, string? presetDescription = null)
    {
        presets = presets is null || presets.Length == 0 ? ["quick", "standard"] : presets;
        Out = new Option<string?>("--out")
        {
            Description = "Folder for summary.json, history.csv, other CSVs, checkpoint.safetensors, model.safetensors and SVG plots"
                + (defaultOutDir is null ? " (none written without it)." : "."),
            HelpName = "folder",
            DefaultValueFactory = _ => defaultOutDir,
        };
        Preset = new Option<string>("--preset")
        {
            Description = (presetDescription ?? "Solver settings: quick for a look in seconds, standard for the documented accuracy") + "; --iterations overrides the step count.",
            DefaultValueFactory = _ => presets[0],
            HelpName = string.Join('|', presets),
        };
        Preset.AcceptOnlyFromAmong(presets);
    }

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON summary line as the last line of stdout (the table then goes to stderr)." };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress display and no table; only the JSON line with --json." };

    public Option<string?> Out { get; }

    public Option<ulong> Seed { get; } = new("--seed") { Description = "Random seed; a run is bit-reproducible per seed and thread count.", DefaultValueFactory = _ => 1UL, HelpName = "integer" };

    public Option<int?> Iterations { get; } = ParameterOption.Count("--iterations", "training steps, overriding the preset's", 1, 10_000_000);

    public Option<string> Preset { get; }

    /// <summary>Whether <see cref="AddPresetAndIterations"/> was called (else --preset and --iterations are the command's own business).</summary>
    public bool HasPresetAndIterations { get; private set; }

    /// <summary>Adds --preset and --iterations (for commands that let <see cref="SolveRunner"/> read them into <see cref="SolveContext"/>).</summary>
    public void AddPresetAndIterations(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Preset);
        command.Options.Add(Iterations);
        HasPresetAndIterations = true;
    }

    /// <summary>Adds --seed, --out, --json and --quiet.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Seed);
        command.Options.Add(Out);
        command.Options.Add(Json);
        command.Options.Add(Quiet);
    }
}
