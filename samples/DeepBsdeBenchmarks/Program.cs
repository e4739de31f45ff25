// Full-length runs of the deep-BSDE benchmark set (REFERENCES §6) with the published configurations.
// Usage: dotnet run -c Release --project samples/DeepBsdeBenchmarks -- [problem] [method] [dim] [lambda] [seed] [key=value ...]
//   or: … -- euler-scheme x D L [theta=0.5]   (exact N-step scheme values, N = 10 … 320)
//   or: … -- euler-scheme-table [N=20] [theta=0.5]
//   problem: hjb-lq | allen-cahn | default-risk | all (default all); method: deep-bsde | dbdp | dbdp2 | both | all (default both;
//   both = deep-bsde and dbdp, all = deep-bsde, dbdp and dbdp2).
//   Overrides: N=<time steps> (default: the published N), iterations=<optimiser steps
//   of deep-bsde, or per time step for dbdp>, rates=1e-2,1e-3 boundaries=1000 (deep-bsde), network=shared, batch=<paths>, theta=<generator θ>, scale=<Z output scale> (deep-bsde).
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

if (problem == "euler-scheme-table")
{
    // The scheme's value at one N (default 20) for the d and λ of the accuracy table.
    var steps = overrides.TryGetValue("N", out var nText) ? int.Parse(nText, CultureInfo.InvariantCulture) : 20;
    foreach (var d in new[] { 1, 2, 4, 10, 20, 50, 100 })
    {
        foreach (var l in new[] { 0.5, 1.0, 2.0 })
        {
            var exact = HjbLqReference.Value(d, l, 1.0);
            var scheme = HjbLqEulerScheme.Value(d, l, 1.0, steps, overrides.TryGetValue("theta", out var th) ? double.Parse(th, CultureInfo.InvariantCulture) : 0.0);
            Console.WriteLine(FormattableString.Invariant($"euler-scheme d={d,-4} lambda={l,-4} N={steps,-4} y0={scheme:G8} reference={exact:G8} signed_error={(scheme - exact) / Math.Abs(exact):P4} absolute={scheme - exact:G4}"));
        }
    }

    return;
}

if (problem == "euler-scheme")
{
    // The exact N-step scheme value beside the continuous one: the time-discretisation error of HJB-LQ.
    var exact = HjbLqReference.Value(dim, lambda, 1.0);
    foreach (var steps in new[] { 10, 20, 40, 80, 160, 320 })
    {
        var clock = Stopwatch.StartNew();
        var theta = overrides.TryGetValue("theta", out var th) ? double.Parse(th, CultureInfo.InvariantCulture) : 0.0;
        var scheme = HjbLqEulerScheme.Value(dim, lambda, 1.0, steps, theta);
        Console.WriteLine(FormattableString.Invariant($"euler-scheme d={dim,-4} lambda={lambda,-4} N={steps,-4} y0={scheme:G8} reference={exact:G8} signed_error={(scheme - exact) / Math.Abs(exact):P4} N*error={steps * (scheme - exact) / Math.Abs(exact):F4} ({clock.Elapsed.TotalSeconds:F1}s)"));
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

    if (overrides.TryGetValue("theta", out var theta))
    {
        forward = forward with { GeneratorTheta = double.Parse(theta, CultureInfo.InvariantCulture) };
    }

    if (overrides.TryGetValue("scale", out var scale))
    {
        forward = forward with { OutputScale = double.Parse(scale, CultureInfo.InvariantCulture) };
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

    if (method is "dbdp2" || (method is "all" && name != "default-risk"))
    {
        Report(name, "dbdp2", backward.TimeSteps, reference, () => new DbdpSolver().Solve(pde, backward with { Scheme = DbdpScheme.Dbdp2 }));
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
        $"{name,-12} d={dim,-4} lambda={lambda,-4} {m,-9} N={timeSteps,-4} y0={r.Y0,-10:G6} reference={reference,-10:G6} signed_error={error:P3} absolute_error={r.Y0 - reference:G3} iterations={r.Metrics["iterations"]} wall={wall:F1}s cpu={cpuSeconds:F1}s"));
}
