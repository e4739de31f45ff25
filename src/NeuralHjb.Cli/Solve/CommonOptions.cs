using System.CommandLine;
using NeuralHjb.Cli.Infrastructure;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// Options every solve command shares, with the same names everywhere: --method (<see cref="AddMethod"/>),
/// --preset and --iterations (<see cref="AddPresetAndIterations"/>), --seed, --out, --json and --quiet
/// (<see cref="AddTo"/>). Problem parameters (--lambda, --kappa, --sigma…) are made with
/// <see cref="ParameterOption"/> so their help shows meaning, unit and range.
/// </summary>
internal sealed class CommonOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="presets">The preset names the solver knows, the first being the default (null: quick, standard).</param>
    /// <param name="defaultOutDir">The --out folder when none is given (null: write no files).</param>
    /// <param name="presetDescription">What the presets mean (null: a generic line).</param>
    /// <param name="iterationsMeaning">What one of the --iterations counts is for this command's solvers (null: training steps).</param>
    public CommonOptions(string[]? presets = null, string? defaultOutDir = null, string? presetDescription = null, string? iterationsMeaning = null)
    {
        presets = presets is null || presets.Length == 0 ? ["quick", "standard"] : presets;
        Out = new Option<string?>("--out")
        {
            Description = "Folder for summary.json, history.csv, other CSVs, checkpoint(s), model.safetensors and SVG plots"
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
        Iterations = ParameterOption.Count("--iterations", iterationsMeaning ?? "training steps, overriding the preset's", 1, 10_000_000);
    }

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON summary line as the last line of stdout (the table then goes to stderr; no progress display)." };

    /// <summary>--quiet.</summary>
    public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress display and no table; only the JSON line with --json." };

    /// <summary>--out.</summary>
    public Option<string?> Out { get; }

    /// <summary>--seed.</summary>
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Random seed; a run is bit-reproducible per seed and thread count.", DefaultValueFactory = _ => 1UL, HelpName = "integer" };

    /// <summary>--iterations.</summary>
    public Option<int?> Iterations { get; }

    /// <summary>--preset.</summary>
    public Option<string> Preset { get; }

    /// <summary>--resume (added by <see cref="AddResume"/> for commands whose solvers continue a checkpoint).</summary>
    public Option<bool> Resume { get; } = new("--resume")
    {
        Description = "Continue the interrupted run whose checkpoints are in --out (give the same options and seed); without it a run starts afresh and overwrites them.",
    };

    /// <summary>Whether <see cref="AddResume"/> was called.</summary>
    public bool HasResume { get; private set; }

    /// <summary>--method, or null when the command has a single solver and no option for it.</summary>
    public Option<string>? Method { get; private set; }

    /// <summary>Whether <see cref="AddPresetAndIterations"/> was called (else --preset and --iterations are the command's own business).</summary>
    public bool HasPresetAndIterations { get; private set; }

    /// <summary>Adds --method with the given solvers, the first being the default.</summary>
    /// <param name="command">The command.</param>
    /// <param name="description">What each method is.</param>
    /// <param name="methods">The method names.</param>
    public void AddMethod(Command command, string description, params string[] methods)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(methods);
        Method = ParameterOption.Choice("--method", description, methods[0], methods);
        command.Options.Add(Method);
    }

    /// <summary>Adds --preset and --iterations (for commands that let <see cref="SolveRunner"/> read them into <see cref="SolveContext"/>).</summary>
    public void AddPresetAndIterations(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Preset);
        command.Options.Add(Iterations);
        HasPresetAndIterations = true;
    }

    /// <summary>Adds --resume (the command's solvers must honour <see cref="SolveContext.Resume"/>).</summary>
    public void AddResume(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Resume);
        HasResume = true;
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
