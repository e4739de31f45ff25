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
    public const string Description = "Cartea–Jaimungal h₂(t) against its closed form";

    public static Command CreateCommand()
    {
        var common = new CommonOptions(["quick", "standard"], DefaultOutDir);
        var cmd = new Command("demo", $"The built-in demo (the default when no command is given): {Description}; writes to ./{DefaultOutDir} unless --out says otherwise.");
        common.AddPresetAndIterations(cmd);
        common.AddTo(cmd);
        cmd.SetAction(parse => SolveRunner.Run(parse, common, "neuralhjb demo", Solve));
        return cmd;
    }

    /// <summary>The demo's body.</summary>
    public static RunReport Solve(SolveContext context) => DemoStub.Solve(context);
}
