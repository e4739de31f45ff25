// Full-length runs of the deep-BSDE benchmark set (REFERENCES §6) with the published configurations.
// Usage: dotnet run -c Release --project samples/DeepBsdeBenchmarks -- [problem] [method] [dim] [lambda] [seed]
//   problem: hjb-lq | allen-cahn | default-risk | all (default all); method: deep-bsde | dbdp | both (default both).
using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Control;
using NeuralHjb.Problems.Pde;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DeepBsde;

var problem = args.Length > 0 ? args[0] : "all";
var method = args.Length > 1 ? args[1] : "both";
var dim = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
var lambda = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 1.0;
var seed = args.Length > 4 ? ulong.Parse(args[4], CultureInfo.InvariantCulture) : 1UL;

foreach (var name in problem == "all" ? new[] { "hjb-lq", "allen-cahn", "default-risk" } : [problem])
{
    var (pde, reference, forward) = name switch
    {
        "hjb-lq" => ((ISemilinearPde)new HjbLq(new HjbLqParameters { Dimension = dim, Lambda = lambda }), HjbLqReference.Value(dim, lambda, 1.0), DeepBsdeOptions.Standard),
        "allen-cahn" => (new AllenCahn(new AllenCahnParameters { Dimension = dim }), dim == 100 ? 0.052802 : double.NaN, DeepBsdeOptions.ForAllenCahn),
        "default-risk" => (new DefaultRisk(new DefaultRiskParameters { Dimension = dim }), dim == 100 ? 57.300 : double.NaN, DeepBsdeOptions.ForDefaultRisk),
        _ => throw new ArgumentException($"unknown problem '{name}'"),
    };

    if (method is "deep-bsde" or "both")
    {
        Report(name, "deep-bsde", reference, () => new DeepBsdeSolver().Solve(pde, forward with { Seed = seed }));
    }

    // DBDP is reported for HJB-LQ and Allen–Cahn (default risk only when asked for explicitly).
    if (method == "dbdp" || (method == "both" && name != "default-risk"))
    {
        Report(name, "dbdp", reference, () => new DbdpSolver().Solve(pde, DbdpOptions.Standard with { TimeSteps = forward.TimeSteps, Seed = seed }));
    }
}

void Report(string name, string m, double reference, Func<DeepBsdeResult> solve)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var r = solve();
    var wall = clock.Elapsed.TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    var error = Math.Abs(r.Y0 - reference) / Math.Abs(reference);
    Console.WriteLine(FormattableString.Invariant(
        $"{name,-12} d={dim,-4} lambda={lambda,-4} {m,-9} y0={r.Y0,-10:G6} reference={reference,-10:G6} rel_error={error:P3} iterations={r.Metrics["iterations"]} wall={wall:F1}s cpu={cpuSeconds:F1}s"));
}
