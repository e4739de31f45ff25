using System.CommandLine;

namespace NeuralHjb.Cli;

/// <summary>The <c>neuralhjb</c> command line.</summary>
public static class Program
{
    /// <summary>Parses the arguments and runs the chosen command; returns the exit code.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("NeuralHjb: neural solvers for HJB equations and backward SDEs.");
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(SelfCheckCommand.Create());
        root.Subcommands.Add(Solve.SolveCommand.Create());
        root.Subcommands.Add(Sweep.SweepCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        root.SetAction(_ => SelfCheckCommand.Run(Console.Out));
        return root.Parse(args).Invoke();
    }
}
