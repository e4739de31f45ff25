using System.CommandLine;
using NeuralHjb.Cli.Solve;

namespace NeuralHjb.Cli.Demo;

/// <summary>
/// What <c>neuralhjb</c> does without arguments (also <c>neuralhjb demo</c>): one built-in problem
/// solved in well under a minute on 2 cores, a learned-vs-closed-form table, SVG plots and a JSON
/// summary in ./neuralhjb-out.
/// </summary>
internal static class DefaultJob
{
    /// <summary>The output folder when --out is not given.</summary>
    public const string DefaultOutDir = "neuralhjb-out";

    /// <summary>One line saying what the demo solves.</summary>
    public const string Description = "Cartea–Jaimungal optimal execution learned by direct control, against the closed form";

    public static Command CreateCommand()
    {
        var cmd = new Command("demo", $"The built-in demo (the default when no command is given): {Description}; writes to ./{DefaultOutDir} unless --out says otherwise.");
        Configure(cmd, "neuralhjb demo");
        return cmd;
    }

    /// <summary>Gives <paramref name="command"/> the demo's options and action (the root command gets them too, so <c>neuralhjb --quiet</c> works).</summary>
    public static void Configure(Command command, string name)
    {
        ArgumentNullException.ThrowIfNull(command);
        var common = new CommonOptions(
            ["demo", "quick", "standard"],
            DefaultOutDir,
            $"demo: {CarteaJaimungalDemo.DemoIterations} iterations, about 20 s on two cores; quick: the solver's smoke-test preset (800); standard: its default (8000)");
        common.AddPresetAndIterations(command);
        common.AddTo(command);
        command.SetAction(parse => SolveRunner.Run(parse, common, name, Solve));
    }

    /// <summary>The demo's body.</summary>
    public static RunReport Solve(SolveContext context) => CarteaJaimungalDemo.Solve(context);
}
