using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuralHjb.Cli.Infrastructure;

namespace NeuralHjb.Cli.Sweep;

/// <summary>
/// <c>neuralhjb sweep --grid "lambda=0,0.1;kappa=0.1,0.2" --shard 2/4 --results r.jsonl -- solve gatheral-schied ...</c>
/// runs shard 2 of 4 of the grid, one solve per point (each grid parameter becomes <c>--name value</c>),
/// appending one JSON line per point; <c>--merge a.jsonl b.jsonl --results all.jsonl</c> combines shards.
/// Points are deterministic per seed, so shards on different machines compose exactly.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var grid = new Option<string?>("--grid") { Description = "Grid as \"name=v1,v2;other=w1,w2\"; each name becomes an option --name of the solve command." };
        var shard = new Option<string>("--shard") { Description = "Which share of the grid to run, I/N (1-based).", DefaultValueFactory = _ => "1/1" };
        var results = new Option<string>("--results") { Description = "JSON-lines file to append results to (or to write merged results to).", DefaultValueFactory = _ => "sweep.jsonl" };
        var merge = new Option<string[]>("--merge") { Description = "Merge these shard result files into --results instead of running.", AllowMultipleArgumentsPerToken = true };
        var command = new Argument<string[]>("command") { Description = "The solve command to run at every point, after --.", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("sweep", "Run a parameter grid (or one shard of it) through a solve command, one JSON line per point.");
        cmd.Options.Add(grid);
        cmd.Options.Add(shard);
        cmd.Options.Add(results);
        cmd.Options.Add(merge);
        cmd.Arguments.Add(command);
        cmd.SetAction(parse =>
        {
            var stderr = parse.InvocationConfiguration.Error;
            try
            {
                var mergeFiles = parse.GetValue(merge) ?? [];
                if (mergeFiles.Length > 0)
                {
                    return Merge(mergeFiles, parse.GetValue(results)!);
                }

                var g = SweepGrid.Parse(parse.GetValue(grid) ?? throw new FormatException("--grid is required unless --merge is given."));
                var (i, n) = SweepGrid.ParseShard(parse.GetValue(shard)!);
                var solve = parse.GetValue(command) ?? [];
                if (solve.Length == 0)
                {
                    throw new FormatException("give the solve command after --, e.g. -- solve hjb-lq --method deep-bsde --iterations 200.");
                }

                return Run(g, i, n, solve, parse.GetValue(results)!, stderr);
            }
            catch (Exception e) when (CliErrors.IsInputError(e))
            {
                stderr.WriteLine($"neuralhjb sweep: {CliErrors.OneLine(e.Message)}");
                return CliErrors.BadInput;
            }
        });
        return cmd;
    }

    private static int Run(SweepGrid grid, int shard, int shards, string[] solve, string resultsPath, TextWriter stderr)
    {
        var failures = 0;
        foreach (var index in grid.Shard(shard, shards))
        {
            var point = grid.Point(index);
            var args = new List<string>(solve);
            foreach (var (name, value) in point)
            {
                args.Add("--" + name);
                args.Add(value);
            }

            args.Add("--json");
            args.Add("--quiet");
            var (exit, output, errors) = Capture(args.ToArray());
            var line = new JsonObject
            {
                ["index"] = index,
                ["point"] = new JsonObject(point.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)JsonValue.Create(p.Value)))),
                ["exit_code"] = exit,
            };
            var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            if (exit == 0 && last is not null && last.StartsWith('{'))
            {
                line["summary"] = JsonNode.Parse(last);
            }
            else
            {
                failures++;
                var error = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? last ?? "no output";
                line["error"] = error;
                stderr.WriteLine($"neuralhjb sweep: point {index} failed (exit code {exit}): {error}");
            }

            File.AppendAllText(resultsPath, line.ToJsonString() + Environment.NewLine);
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// Runs a command of this program in-process with stdout and stderr captured: passed as the
    /// invocation's writers, and also set as Console.Out/Error for commands that write to the console.
    /// </summary>
    private static (int Exit, string Output, string Errors) Capture(string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var (savedOut, savedError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(errors);
        try
        {
            var exit = Program.Run(args, output, errors);
            return (exit, output.ToString(), errors.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }

    private static int Merge(string[] files, string resultsPath)
    {
        var byIndex = new SortedDictionary<int, string>();
        foreach (var file in files)
        {
            var lineNo = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNo++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var index = JsonNode.Parse(line)?["index"]?.GetValue<int>()
                    ?? throw new InvalidDataException($"{file}:{lineNo}: a sweep result line without an index.");
                if (byIndex.TryGetValue(index, out var existing) && existing != line)
                {
                    throw new InvalidDataException($"{file}:{lineNo}: point {index} appears twice with different results.");
                }

                byIndex[index] = line;
            }
        }

        File.WriteAllLines(resultsPath, byIndex.Values);
        return 0;
    }
}
