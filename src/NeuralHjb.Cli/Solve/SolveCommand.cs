using System.CommandLine;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve PROBLEM --method METHOD ...</c>. Each problem is a subcommand defined in its
/// own file (e.g. HjbLqCommand.cs) and listed in <see cref="Problems"/>.
/// </summary>
internal static class SolveCommand
{
    /// <summary>Factories of the problem subcommands.</summary>
    private static readonly Func<Command>[] Problems =
    [
        PdeBenchmarkCommands.HjbLq,
        PdeBenchmarkCommands.AllenCahn,
        PdeBenchmarkCommands.DefaultRisk,
        GatheralSchiedCommand.Create,
        CarteaJaimungalCommand.Create,
        MertonCommand.CreateMerton,
        MertonCommand.CreateLiquidity,
        MeanVarianceCommand.Create,
        AlmgrenChrissCommand.Create,
    ];

    public static Command Create()
    {
        var cmd = new Command("solve", "Solve a built-in problem with one of the solvers and compare with its reference.");
        foreach (var make in Problems)
        {
            cmd.Subcommands.Add(make());
        }

        return cmd;
    }
}
