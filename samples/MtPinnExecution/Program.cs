// MT-PINN vs vanilla PINN on Gatheral–Schied execution (REFERENCES §1), evaluated on rollouts
// against the closed form. Usage:
//   dotnet run -c Release --project samples/MtPinnExecution -- [--preset quick|standard]
//       [--lambda 0,0.05,0.1] [--methods mt-pinn,pinn] [--seed N] [--float64]
using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Analysis;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

var preset = PinnPreset.Standard;
double[] lambdas = [0, 0.05, 0.1];
string[] methods = ["mt-pinn", "pinn"];
ulong seed = 1;
var float64 = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--preset": preset = Enum.Parse<PinnPreset>(args[++i], ignoreCase: true); break;
        case "--lambda": lambdas = args[++i].Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--methods": methods = args[++i].Split(','); break;
        case "--seed": seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--float64": float64 = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}

Console.WriteLine("method,lambda,seconds,p_abs_xT_le_0_05,mean_abs_xT,max_abs_xT,value_rel_l2,control_rel_l2,inventory_rel_l2");
foreach (var lambda in lambdas)
{
    var problem = new GatheralSchied(new GatheralSchiedParameters { Lambda = lambda });
    var grid = GatheralSchiedPinn.EvaluationGrid(problem, preset);
    var floor = GatheralSchiedRolloutEvaluator.Evaluate(problem, new GatheralSchiedClosedFormPolicy(problem), null, grid, DType.Float64);
    Console.WriteLine(Row("closed-form-euler", lambda, 0, floor));
    foreach (var method in methods)
    {
        var options = method == "pinn" ? GatheralSchiedPinn.Vanilla(problem, preset, seed) : GatheralSchiedPinn.MtPinn(problem, preset, seed);
        if (float64)
        {
            options = options with { DType = DType.Float64 };
        }

        var clock = Stopwatch.StartNew();
        var progress = new Progress(clock);
        var result = new PinnSolver().Solve(problem, options, progress);
        var seconds = clock.Elapsed.TotalSeconds;
        var report = GatheralSchiedRolloutEvaluator.Evaluate(problem, result.Policy, result.Network.Value, grid, options.DType);
        Console.WriteLine(Row(method, lambda, seconds, report));
    }
}

return 0;

static string Row(string method, double lambda, double seconds, ExecutionRolloutReport r) => string.Join(
    ',',
    method,
    lambda.ToString(CultureInfo.InvariantCulture),
    seconds.ToString("F1", CultureInfo.InvariantCulture),
    r.ProbabilityTerminalWithinTolerance.ToString("F4", CultureInfo.InvariantCulture),
    r.MeanAbsTerminalInventory.ToString("G4", CultureInfo.InvariantCulture),
    r.MaxAbsTerminalInventory.ToString("G4", CultureInfo.InvariantCulture),
    r.ValueRelativeL2.ToString("F4", CultureInfo.InvariantCulture),
    r.ControlRelativeL2.ToString("F4", CultureInfo.InvariantCulture),
    r.InventoryRelativeL2.ToString("F4", CultureInfo.InvariantCulture));

/// <summary>Prints one line per report to stderr (synchronously: IProgress from a console app).</summary>
internal sealed class Progress(Stopwatch clock) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value.Step % 100 == 0 || value.Step == value.TotalSteps)
        {
            var terms = string.Join(' ', value.Terms.Where(t => !t.Key.StartsWith("w_", StringComparison.Ordinal)).Select(t => $"{t.Key}={t.Value:G3}"));
            Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {value.Stage} {value.Step}/{value.TotalSteps} loss={value.Loss:G4} {terms}");
        }
    }
}
