// Full-length runs of the deep-BSDE benchmark set (REFERENCES §6) with the published configurations.
// Usage: dotnet run -c Release --project samples/DeepBsdeBenchmarks -- [problem] [method] [dim] [lambda] [seed] [key=value ...]
//   or: … -- euler-scheme x D L [theta=0.5]   (exact N-step scheme values, N = 10 … 320)
//   or: … -- euler-scheme-table [N=20] [theta=0.5]
//   or: … -- forward-loss x D L [theta=0.5] [N=20]   (the forward loss with the exact scheme's Z scaled by c)
//   or: … -- girsanov-oracle x D L [N=20] [fine=1] [theta=0.5] [paths=65536]   (the Girsanov re-estimate with the exact Z)
//   hjb-lq deep-bsde … preset=small-d: DeepBsdeOptions.ForSmallDimension (Girsanov re-estimate after a control refinement);
//   girsanov=M: re-estimate with M sub-steps after training; refine=K [refine_lr= refine_m= refine_batch=]: control refinement.
//   hjb-lq deep-bsde … zdiag=1 [oracle=1]: after training, the learnt Zₙ against the exact scheme's Zₙ per step, a per-step
//   scale refit of Ẑ by least squares, and a Girsanov (linearised-generator) estimate of Y₀ (oracle=1: with the exact Z).
//   problem: hjb-lq | allen-cahn | default-risk | all (default all); method: deep-bsde | dbdp | dbdp2 | both | all (default both;
//   both = deep-bsde and dbdp, all = deep-bsde, dbdp and dbdp2).
//   Overrides: N=<time steps> (default: the published N), iterations=<optimiser steps
//   of deep-bsde, or per time step for dbdp>, rates=1e-2,1e-3 boundaries=1000 (deep-bsde), network=shared, width=<hidden width>, batch=<paths>, theta=<generator θ>, scale=<Z output scale> (deep-bsde).
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

if (problem == "girsanov-oracle")
{
    // The Girsanov estimate with an exact Z: Zₙ of the θ-scheme with N·fine steps, taken at the N-step grid's times.
    var steps = overrides.TryGetValue("N", out var nn) ? int.Parse(nn, CultureInfo.InvariantCulture) : 20;
    var refine = overrides.TryGetValue("fine", out var ff) ? int.Parse(ff, CultureInfo.InvariantCulture) : 1;
    var th = overrides.TryGetValue("theta", out var tt) ? double.Parse(tt, CultureInfo.InvariantCulture) : 0.5;
    var paths = overrides.TryGetValue("paths", out var pp) ? int.Parse(pp, CultureInfo.InvariantCulture) : 65536;
    var exact = HjbLqReference.Value(dim, lambda, 1.0);
    var oracle = new HjbLqExactZ(HjbLqEulerScheme.Solve(dim, lambda, 1.0, steps * refine, th), steps);
    var pde = new HjbLq(new HjbLqParameters { Dimension = dim, Lambda = lambda });
    foreach (var m in new[] { 1, 2, 4, 8 })
    {
        var clock = Stopwatch.StartNew();
        var e = GirsanovValueEstimator.Estimate(pde, oracle, new GirsanovEstimateOptions { Paths = paths, SubSteps = m });
        Console.WriteLine(FormattableString.Invariant($"girsanov-oracle d={dim} lambda={lambda} N={steps} fine={refine} M={m} value={e.Value:G7} se={e.StandardError:G3} err={(e.Value - exact) / exact:P3} fine2M={(e.FineValue - exact) / exact:P3} coarseM={(e.CoarseValue - exact) / exact:P3} ({clock.Elapsed.TotalSeconds:F1}s)"));
    }

    return;
}

if (problem == "forward-loss")
{
    // The forward method's loss with the exact scheme's Z scaled by c: is the scheme's Z its minimiser?
    var th = overrides.TryGetValue("theta", out var tt) ? double.Parse(tt, CultureInfo.InvariantCulture) : 0.0;
    var steps = overrides.TryGetValue("N", out var nn) ? int.Parse(nn, CultureInfo.InvariantCulture) : 20;
    var scheme = HjbLqEulerScheme.Solve(dim, lambda, 1.0, steps, th);
    const int paths = 40000;
    var rng = new System.Random(7);
    var dt = 1.0 / steps;
    var scales = new[] { 0.8, 0.9, 0.95, 1.0, 1.05, 1.1 };
    var mart = new double[paths];
    var quad = new double[paths];
    var term = new double[paths];
    var x = new double[dim];
    var z = new double[dim];
    for (var p = 0; p < paths; p++)
    {
        Array.Clear(x);
        for (var i = 0; i < steps; i++)
        {
            scheme.Z(i, x, z);
            var w = i == 0 ? 1 - th : 1.0;
            for (var k = 0; k < dim; k++)
            {
                var dw = Math.Sqrt(dt) * Normal(rng);
                mart[p] += z[k] * dw;
                quad[p] += w * z[k] * z[k] * lambda / 2 * dt;
                x[k] += Math.Sqrt(2) * dw;
            }
        }

        var r2 = 0.0;
        foreach (var v in x)
        {
            r2 += v * v;
        }

        term[p] = Math.Log((1 + r2) / 2) - (th * lambda / 2 * dt * 8 * r2 / ((1 + r2) * (1 + r2)));
    }

    foreach (var c in scales)
    {
        double mean = 0, sq = 0;
        for (var p = 0; p < paths; p++)
        {
            var r = term[p] - (c * mart[p]) - (c * c * quad[p]);
            mean += r;
            sq += r * r;
        }

        mean /= paths;
        Console.WriteLine(FormattableString.Invariant($"forward-loss d={dim} lambda={lambda} N={steps} theta={th} c={c} y0={mean:G6} loss={(sq / paths) - (mean * mean):G6} scheme={scheme.Value:G6}"));
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

    if (overrides.TryGetValue("preset", out var preset) && preset == "small-d")
    {
        forward = DeepBsdeOptions.ForSmallDimension; // θ = ½, batch 1024, control refinement, Girsanov re-estimate
    }

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

    if (overrides.TryGetValue("width", out var width))
    {
        forward = forward with { HiddenWidth = int.Parse(width, CultureInfo.InvariantCulture) };
    }

    if (overrides.TryGetValue("batch", out var batch))
    {
        forward = forward with { BatchSize = int.Parse(batch, CultureInfo.InvariantCulture) };
    }

    if (overrides.TryGetValue("refine", out var refine))
    {
        forward = forward with
        {
            Refinement = new ControlRefinementOptions
            {
                Iterations = int.Parse(refine, CultureInfo.InvariantCulture),
                LearningRates = overrides.TryGetValue("refine_lr", out var rl) ? [.. rl.Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture))] : new ControlRefinementOptions().LearningRates,
                LearningRateBoundaries = overrides.TryGetValue("refine_boundaries", out var rbd) ? [.. rbd.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))]
                    : rl is null ? new ControlRefinementOptions().LearningRateBoundaries : [],
                SubSteps = overrides.TryGetValue("refine_m", out var rm) ? int.Parse(rm, CultureInfo.InvariantCulture) : 2,
                BatchSize = overrides.TryGetValue("refine_batch", out var rb) ? int.Parse(rb, CultureInfo.InvariantCulture) : 1024,
            },
        };
    }

    if (method is "deep-bsde" or "both" or "all")
    {
        var trained = Report(name, "deep-bsde", forward.TimeSteps, reference, () => new DeepBsdeSolver().Solve(pde, forward));
        if (name == "hjb-lq" && overrides.ContainsKey("zdiag"))
        {
            ZDiagnostic(trained, HjbLqEulerScheme.Solve(dim, lambda, 1.0, forward.TimeSteps, forward.GeneratorTheta), lambda);
        }

        if (overrides.TryGetValue("girsanov", out var gm))
        {
            var clock = Stopwatch.StartNew();
            var e = GirsanovValueEstimator.Estimate(pde, trained.ZModel!, new GirsanovEstimateOptions { SubSteps = int.Parse(gm, CultureInfo.InvariantCulture), Paths = overrides.TryGetValue("paths", out var gp) ? int.Parse(gp, CultureInfo.InvariantCulture) : 65536 });
            Console.WriteLine(FormattableString.Invariant($"  girsanov M={gm} y0={e.Value:G7} se={e.StandardError:G3} signed_error={(e.Value - reference) / Math.Abs(reference):P3} fine={(e.FineValue - reference) / Math.Abs(reference):P3} ({clock.Elapsed.TotalSeconds:F1}s)"));
        }
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

// Per step n: E|Ẑₙ|², E|Zₙ|² of the exact scheme and E|Ẑₙ − Zₙ|² on 4096 fresh states Xₙ = √2 W(tₙ), and the two sums
// (λ/2)Σ…Δt that Y₀'s bias should match if the forward method's Y₀ = E[g] − (λ/2)ΣE|Ẑ|²Δt.
void ZDiagnostic(DeepBsdeResult trained, HjbLqSchemeSolution scheme, double l)
{
    const int samples = 4096;
    var rng = new System.Random(12345);
    var n = scheme.TimeSteps;
    var dt = scheme.Horizon / n;
    double shortfall = 0, squaredError = 0;
    var exactZ = new double[dim];
    for (var i = 1; i < n; i++)
    {
        var x = new double[samples * dim];
        for (var k = 0; k < x.Length; k++)
        {
            x[k] = Math.Sqrt(2 * i * dt) * Normal(rng);
        }

        var z = trained.ZModel!.Evaluate(i, NeuralHjb.Tensors.Tensor.FromSpan(x, [samples, dim], NeuralHjb.Tensors.DType.Float64)).ToDoubleArray();
        double learnt = 0, exact = 0, error = 0;
        for (var b = 0; b < samples; b++)
        {
            scheme.Z(i, x.AsSpan(b * dim, dim), exactZ);
            for (var k = 0; k < dim; k++)
            {
                var zl = z[(b * dim) + k];
                learnt += zl * zl;
                exact += exactZ[k] * exactZ[k];
                error += (zl - exactZ[k]) * (zl - exactZ[k]);
            }
        }

        learnt /= samples;
        exact /= samples;
        error /= samples;
        shortfall += (exact - learnt) * dt * l / 2;
        squaredError += error * dt * l / 2;
        Console.WriteLine(FormattableString.Invariant($"  n={i,-3} E|Zhat|^2={learnt:F5} E|Z|^2={exact:F5} ratio={learnt / exact:F3} E|Zhat-Z|^2={error:F5} rel={Math.Sqrt(error / exact):P1} slope={(learnt + exact - error) / (2 * exact):F3}"));
    }

    // Girsanov estimate: linearise f around the learnt Ẑ (β = −λẐ) and reweight paths by exp(Σβ·ΔW − ½|β|²Δt):
    // Y₀ ≈ E[L (g(X_N) + Σ(λ/2)|Ẑₙ|²Δt)], error second order in Ẑ − Z.
    const int girsanovPaths = 16384;
    var xs = new double[girsanovPaths * dim];
    var logL = new double[girsanovPaths];
    var running = new double[girsanovPaths];
    var oracle = overrides.ContainsKey("oracle");
    for (var i = 0; i < n; i++)
    {
        var zi = oracle ? new double[girsanovPaths * dim] : trained.ZModel!.Evaluate(i, NeuralHjb.Tensors.Tensor.FromSpan(xs, [girsanovPaths, dim], NeuralHjb.Tensors.DType.Float64)).ToDoubleArray();
        for (var b = 0; oracle && b < girsanovPaths; b++)
        {
            scheme.Z(i, xs.AsSpan(b * dim, dim), zi.AsSpan(b * dim, dim));
        }

        for (var b = 0; b < girsanovPaths; b++)
        {
            double zsq = 0, bdw = 0;
            for (var k = 0; k < dim; k++)
            {
                var dw = Math.Sqrt(dt) * Normal(rng);
                var zk = zi[(b * dim) + k];
                zsq += zk * zk;
                bdw += -l * zk * dw;
                xs[(b * dim) + k] += Math.Sqrt(2) * dw;
            }

            logL[b] += bdw - (0.5 * l * l * zsq * dt);
            running[b] += l / 2 * zsq * dt;
        }
    }

    // Oracle-free scale refit: on the same paths, fit Y₀ and one factor cₙ per interior step by least squares
    // (Gauss–Newton on R = g − Y₀ − Σ cₙ Mₙ − Σ wₙ cₙ² Qₙ, Mₙ = Ẑₙ·ΔWₙ, Qₙ = (λ/2)|Ẑₙ|²Δt).
    Refit(trained, scheme, l);
    double girsanov = 0, weights = 0;
    for (var b = 0; b < girsanovPaths; b++)
    {
        double r2 = 0;
        for (var k = 0; k < dim; k++)
        {
            r2 += xs[(b * dim) + k] * xs[(b * dim) + k];
        }

        var w = Math.Exp(logL[b]);
        girsanov += w * (Math.Log((1 + r2) / 2) + running[b]);
        weights += w;
    }

    girsanov /= girsanovPaths;
    Console.WriteLine(FormattableString.Invariant($"  girsanov y0={girsanov:G6} (mean weight {weights / girsanovPaths:F4}) girsanov-scheme={girsanov - scheme.Value:G4}"));
    Console.WriteLine(FormattableString.Invariant($"  scheme y0={scheme.Value:G6} trained y0={trained.Y0:G6} y0-scheme={trained.Y0 - scheme.Value:G4} (l/2)sum shortfall dt={shortfall:G4} (l/2)sum E|Zhat-Z|^2 dt={squaredError:G4} final_loss={trained.Metrics["final_loss"]:G4}"));
}

void Refit(DeepBsdeResult trained, HjbLqSchemeSolution scheme, double l)
{
    const int paths = 16384;
    var rng = new System.Random(99);
    var n = scheme.TimeSteps;
    var dt = scheme.Horizon / n;
    var xs = new double[paths * dim];
    var m = new double[n, paths];
    var q = new double[n, paths];
    var g = new double[paths];
    for (var i = 0; i < n; i++)
    {
        var zi = trained.ZModel!.Evaluate(i, NeuralHjb.Tensors.Tensor.FromSpan(xs, [paths, dim], NeuralHjb.Tensors.DType.Float64)).ToDoubleArray();
        for (var b = 0; b < paths; b++)
        {
            for (var k = 0; k < dim; k++)
            {
                var dw = Math.Sqrt(dt) * Normal(rng);
                var zk = zi[(b * dim) + k];
                m[i, b] += zk * dw;
                q[i, b] += (i == 0 ? 0.5 : 1.0) * l / 2 * zk * zk * dt; // θ = ½ weights (Z₀ half)
                xs[(b * dim) + k] += Math.Sqrt(2) * dw;
            }
        }
    }

    for (var b = 0; b < paths; b++)
    {
        double r2 = 0;
        for (var k = 0; k < dim; k++)
        {
            r2 += xs[(b * dim) + k] * xs[(b * dim) + k];
        }

        g[b] = Math.Log((1 + r2) / 2) - (0.5 * l / 2 * dt * 8 * r2 / ((1 + r2) * (1 + r2)));
    }

    // unknowns: Y0, c_1..c_{n-1} (c_0 = 1: Z₀ is a trained constant)
    var c = Enumerable.Repeat(1.0, n).ToArray();
    double y0 = 0;
    for (var iter = 0; iter < 8; iter++)
    {
        var size = n; // index 0 = Y0, j = c_j
        var a = new double[size, size];
        var rhs = new double[size];
        for (var b = 0; b < paths; b++)
        {
            double r = g[b] - y0 - m[0, b] - q[0, b];
            for (var i = 1; i < n; i++)
            {
                r -= (c[i] * m[i, b]) + (c[i] * c[i] * q[i, b]);
            }

            var jac = new double[size];
            jac[0] = 1;
            for (var i = 1; i < n; i++)
            {
                jac[i] = m[i, b] + (2 * c[i] * q[i, b]);
            }

            for (var u = 0; u < size; u++)
            {
                rhs[u] += jac[u] * r;
                for (var v = 0; v < size; v++)
                {
                    a[u, v] += jac[u] * jac[v];
                }
            }
        }

        var step = Solve(a, rhs);
        y0 += step[0];
        for (var i = 1; i < n; i++)
        {
            c[i] += step[i];
        }
    }

    Console.WriteLine(FormattableString.Invariant($"  refit y0={y0:G6} refit-scheme={y0 - scheme.Value:G4} scales={string.Join(",", c.Skip(1).Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}"));
}

static double[] Solve(double[,] a, double[] rhs)
{
    var n = rhs.Length;
    var x = (double[])rhs.Clone();
    var m = (double[,])a.Clone();
    for (var p = 0; p < n; p++)
    {
        for (var r = p + 1; r < n; r++)
        {
            var f = m[r, p] / m[p, p];
            for (var k = p; k < n; k++)
            {
                m[r, k] -= f * m[p, k];
            }

            x[r] -= f * x[p];
        }
    }

    for (var p = n - 1; p >= 0; p--)
    {
        for (var k = p + 1; k < n; k++)
        {
            x[p] -= m[p, k] * x[k];
        }

        x[p] /= m[p, p];
    }

    return x;
}

static double Normal(System.Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

DeepBsdeResult Report(string name, string m, int timeSteps, double reference, Func<DeepBsdeResult> solve)
{
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var r = solve();
    var wall = clock.Elapsed.TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    var error = (r.Y0 - reference) / Math.Abs(reference);
    Console.WriteLine(FormattableString.Invariant(
        $"{name,-12} d={dim,-4} lambda={lambda,-4} {m,-9} N={timeSteps,-4} y0={r.Y0,-10:G6} reference={reference,-10:G6} signed_error={error:P3} absolute_error={r.Y0 - reference:G3} iterations={r.Metrics["iterations"]} wall={wall:F1}s cpu={cpuSeconds:F1}s"));
    if (r.Y0StandardError is { } se)
    {
        Console.WriteLine(FormattableString.Invariant($"  re-estimated from the trained Z (se {se:G3}); trained y0={r.TrainedY0:G6} signed_error={(r.TrainedY0 - reference) / Math.Abs(reference):P3}"));
    }

    return r;
}
