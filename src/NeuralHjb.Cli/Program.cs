using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using NeuralHjb.Cli.Demo;
using NeuralHjb.Cli.Infrastructure;

namespace NeuralHjb.Cli;

/// <summary>The <c>neuralhjb</c> command line.</summary>
public static class Program
{
    /// <summary>Parses the arguments and runs the chosen command; returns the exit code.</summary>
    public static int Main(string[] args)
    {
        ProcessConsole.Capture();
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>
    /// Runs the command line with the given output writers (tests and <c>sweep</c> run commands
    /// in-process this way). A parse error (unknown command or option, value out of range) is one
    /// line on <paramref name="stderr"/> and exit code 2.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = CreateRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            var command = CommandPath(parse);
            // "Unrecognized command or argument 'x'" says more than the "Required command was not provided" that comes with it.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            stderr.WriteLine($"{command}: {CliErrors.OneLine(error.Message)} (see '{command} --help')");
            return CliErrors.BadInput;
        }

        // Commands that do not guard themselves still never show a stack trace for bad input.
        return CliErrors.Guard(stderr, CommandPath(parse), () => parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }));
    }

    /// <summary>"neuralhjb solve hjb-lq" for the command a parse ended in.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? r = parse.CommandResult; r is CommandResult c; r = c.Parent)
        {
            names.Add(c.Command is RootCommand ? "neuralhjb" : c.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    private static RootCommand CreateRoot()
    {
        var root = new RootCommand(
            "NeuralHjb: neural solvers for HJB equations and backward SDEs. Without a command it runs the "
            + $"built-in demo ({DefaultJob.Description}) and writes results to ./{DefaultJob.DefaultOutDir}.");
        root.Subcommands.Add(DefaultJob.CreateCommand());
        root.Subcommands.Add(Solve.SolveCommand.Create());
        root.Subcommands.Add(Sweep.SweepCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(SelfCheckCommand.Create());
        root.Subcommands.Add(BacktestCommand.Create());
        DefaultJob.Configure(root, "neuralhjb");
        return root;
    }
}
