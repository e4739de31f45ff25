// Full-length runs of the deep-BSDE benchmark set (REFERENCES §6) with the published configurations.
// Usage: dotnet run -c Release --project samples/DeepBsdeBenchmarks -- [problem] [method] [dim] [lambda] [seed] [key=value ...]
//   problem: hjb-lq | allen-cahn | default-risk | all (default all); method: deep-bsde | dbdp | dbdp2 | both | all (default both;
//   both = deep-bsde and dbdp, all = deep-bsde, dbdp and dbdp2).
//   Overrides: N=<time steps> (default: HjbLqTimeSteps.For(d, λ) for hjb-lq, else the published N), iterations=<optimiser steps
//   of deep-bsde, or per time step for dbdp>, rates=1e-2,1e-3 boundaries=1000 (deep-bsde), network=shared, batch=<paths>.
using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Control;
using NeuralHjb.Problems.Pde;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DeepBsde;

var positional = args.Where(a => !a.Contains('=', StringComparison.Ordinal)).ToArray();
var overrides = args.Where(a => a.Contains('=', StringComparison.Ordinal)).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
var problem = positional.Length > 0 ? positional[0] : "all";
var method = positional.Length > 1 ? positional[1] : "both";
var dim = positional.Length > 2 ? int.Parse(positional[2], CultureInfo.InvariantCulture) : 100;
var lambda = positional.Length > 3 ? double.Parse(positional[3], CultureInfo.InvariantCulture) : 1.0;
var seed = positional.Length > 4 ? ulong.Parse(positional[4], CultureInfo.InvariantCulture) : 1UL;

if (problem == "euler-scheme")
{
    // The exact N-step scheme value beside the continuous one: the time-discretisation error of HJB-LQ.
    var exact = HjbLqReference.Value(dim, lambda, 1.0);
    foreach (var steps in new[] { 10, 20, 40, 80, 160, 320 })
    {
        var clock = Stopwatch.StartNew();
        var scheme = HjbLqEulerScheme.Value(dim, lambda, 1.0, steps);
        Console.WriteLine(FormattableString.Invariant($"euler-scheme d={dim,-4} lambda={lambda,-4} N={steps,-4} y0={scheme:G8} reference={exact:G8} signed_error={(scheme - exact) / exact:P4} N*error={steps * (scheme - exact) / exact:F4} ({clock.Elapsed.TotalSeconds:F1}s)"));
    }

    return;
}

foreach (var name in problem == "all" ? new[] { "hjb-lq", "allen-cahn", "default-risk" } : [problem])
{
    var (pde, reference, forward) = name switch
    {
        "hjb-lq" => ((ISemilinearPde)new HjbLq(new HjbLqParameters { Dimension = dim, Lambda = lambda }), HjbLqReference.Value(dim, lambda, 1.0), DeepBsdeOptions.Standard),
        "allen-cahn" => (new AllenCahn(new AllenCahnParameters { Dimension = dim }), dim == 100 ? 0.052802 : double.NaN, DeepBsdeOptions.ForAllenCahn),
        "default-risk" => (new DefaultRisk(new DefaultRiskParameters { Dimension = dim }), dim == 100 ? 57.300 : double.NaN, DeepBsdeOptions.ForDefaultRisk),
        _ => throw new ArgumentException($"unknown problem '{name}'"),
    };

    forward = forward with { Seed = seed };
    if (overrides.TryGetValue("N", out var n))
    {
        forward = forward with { TimeSteps = int.Parse(n, CultureInfo.InvariantCulture) };
    }

    if (overrides.TryGetValue("iterations", out var it))
    {
        forward = forward with { Iterations = int.Parse(it, CultureInfo.InvariantCulture) };
    }

    if (overrides.TryGetValue("rates", out var rates))
    {
        forward = forward with
        {
            LearningRates = [.. rates.Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture))],
            LearningRateBoundaries = overrides.TryGetValue("boundaries", out var b) ? [.. b.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))] : [],
        };
    }

    if (overrides.TryGetValue("network", out var net) && net == "shared")
    {
        forward = forward with { Network = DeepBsdeNetwork.SharedTimeConditioned };
    }

    if (overrides.TryGetValue("batch", out var batch))
    {
        forward = forward with { BatchSize = int.Parse(batch, CultureInfo.InvariantCulture) };
    }

    if (method is "deep-bsde" or "both" or "all")
    {
        Report(name, "deep-bsde", forward.TimeSteps, reference, () => new DeepBsdeSolver().Solve(pde, forward));
    }

    // DBDP is reported for HJB-LQ and Allen–Cahn (default risk only when asked for explicitly).
    var backward = DbdpOptions.Standard with { TimeSteps = forward.TimeSteps, Seed = seed };
    if (overrides.TryGetValue("iterations", out var perStep))
    {
        var k = int.Parse(perStep, CultureInfo.InvariantCulture);
        backward = backward with { Steps = backward.Steps with { Iterations = k, FirstStepIterations = 3 * k } };
    }

    if (method is "dbdp" || (method is "both" or "all" && name != "default-risk"))
    {
        Report(name, "dbdp", backward.TimeSteps, reference, () => new DbdpSolver().Solve(pde, backward));
    }
}

void Report(string name, string m, int timeSteps, double reference, Func<DeepBsdeResult> solve)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var r = solve();
    var wall = clock.Elapsed.TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    var error = (r.Y0 - reference) / Math.Abs(reference);
    Console.WriteLine(FormattableString.Invariant(
        $"{name,-12} d={dim,-4} lambda={lambda,-4} {m,-9} N={timeSteps,-4} y0={r.Y0,-10:G6} reference={reference,-10:G6} signed_error={error:P3} iterations={r.Metrics["iterations"]} wall={wall:F1}s cpu={cpuSeconds:F1}s"));
}
