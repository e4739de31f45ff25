using System.CommandLine;
using System.Globalization;
using NeuralHjb.Control;
using NeuralHjb.Problems.Pde;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DeepBsde;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve hjb-lq|allen-cahn|default-risk --method deep-bsde|dbdp</c>: the deep-BSDE benchmark
/// set (REFERENCES §6) with the published configurations, compared with its reference values.
/// </summary>
internal static class PdeBenchmarkCommands
{
    /// <summary>Published u(0, x₀) for Allen–Cahn, d = 100, T = 0.3.</summary>
    private const double AllenCahnReference = 0.052802;

    /// <summary>Published u(0, x₀) for Black–Scholes with default risk, d = 100.</summary>
    private const double DefaultRiskReference = 57.300;

    public static Command HjbLq() => Create("hjb-lq", "HJB-LQ: u_t + Δu − λ|∇u|² = 0, g = ln((1+|x|²)/2); reference by quadrature.", withLambda: true);

    public static Command AllenCahn() => Create("allen-cahn", "Allen–Cahn: u_t + Δu + u − u³ = 0, T = 0.3; reference 0.052802 (d = 100).", withLambda: false);

    public static Command DefaultRisk() => Create("default-risk", "Black–Scholes with default risk, x₀ = 100·1; reference 57.300 (d = 100).", withLambda: false);

    private static Command Create(string name, string description, bool withLambda)
    {
        var common = new CommonOptions();
        var method = new Option<string>("--method") { Description = "deep-bsde (forward, Han–Jentzen–E) or dbdp (backward least squares, Huré–Pham–Warin).", DefaultValueFactory = _ => "deep-bsde" };
        method.AcceptOnlyFromAmong("deep-bsde", "dbdp");
        var dim = new Option<int>("--dim") { Description = "Dimension d.", DefaultValueFactory = _ => 100 };
        var lambda = new Option<double>("--lambda") { Description = "λ > 0, the weight of |∇u|².", DefaultValueFactory = _ => 1.0 };
        var iterations = new Option<int?>("--iterations") { Description = "deep-bsde: optimiser steps (published: 2000 / 4000 / 6000). dbdp: steps per time step (the last time step gets 3×)." };
        var cmd = new Command(name, description);
        cmd.Options.Add(method);
        cmd.Options.Add(dim);
        if (withLambda)
        {
            cmd.Options.Add(lambda);
        }

        cmd.Options.Add(iterations);
        common.AddTo(cmd);
        cmd.SetAction(parse => Run(
            name,
            parse.GetValue(method)!,
            parse.GetValue(dim),
            withLambda ? parse.GetValue(lambda) : double.NaN,
            parse.GetValue(iterations),
            parse.GetValue(common.Seed),
            parse.GetValue(common.Json),
            parse.GetValue(common.Quiet),
            parse.GetValue(common.Out),
            Console.Out,
            Console.Error));
        return cmd;
    }

    internal static int Run(string problemName, string method, int dim, double lambda, int? iterations, ulong seed, bool json, bool quiet, string? outDir, TextWriter stdout, TextWriter stderr)
    {
        if (dim < 1)
        {
            stderr.WriteLine($"--dim must be at least 1 (got {dim}).");
            return 2;
        }

        if (iterations is < 1)
        {
            stderr.WriteLine($"--iterations must be at least 1 (got {iterations}).");
            return 2;
        }

        if (problemName == "hjb-lq" && !(lambda > 0 && double.IsFinite(lambda)))
        {
            stderr.WriteLine($"--lambda must be positive and finite (got {lambda.ToString(CultureInfo.InvariantCulture)}).");
            return 2;
        }

        var (pde, reference, forward) = problemName switch
        {
            "hjb-lq" => ((ISemilinearPde)new HjbLq(new HjbLqParameters { Dimension = dim, Lambda = lambda }), HjbLqReference.Value(dim, lambda, 1.0), DeepBsdeOptions.Standard),
            "allen-cahn" => (new AllenCahn(new AllenCahnParameters { Dimension = dim }), dim == 100 ? AllenCahnReference : double.NaN, DeepBsdeOptions.ForAllenCahn),
            _ => (new DefaultRisk(new DefaultRiskParameters { Dimension = dim }), dim == 100 ? DefaultRiskReference : double.NaN, DeepBsdeOptions.ForDefaultRisk),
        };

        IProgress<TrainingProgress>? progress = quiet ? null : new SynchronousProgress(stderr);
        DeepBsdeResult result;
        var parameters = new Dictionary<string, object> { ["dim"] = dim, ["seed"] = seed };
        if (problemName == "hjb-lq")
        {
            parameters["lambda"] = lambda;
        }

        if (method == "dbdp")
        {
            var options = DbdpOptions.Standard with { TimeSteps = forward.TimeSteps, Seed = seed };
            if (iterations is { } n)
            {
                options = options with { Steps = options.Steps with { Iterations = n, FirstStepIterations = 3 * n, LearningRateBoundaries = [], LearningRates = [options.Steps.LearningRates[0]] } };
            }

            parameters["time_steps"] = options.TimeSteps;
            parameters["batch_size"] = options.BatchSize;
            parameters["iterations_per_step"] = options.Steps.Iterations;
            result = new DbdpSolver().Solve(pde, options, progress);
        }
        else
        {
            var options = forward with { Seed = seed, Iterations = iterations ?? forward.Iterations };
            parameters["time_steps"] = options.TimeSteps;
            parameters["batch_size"] = options.BatchSize;
            parameters["iterations"] = options.Iterations;
            result = new DeepBsdeSolver().Solve(pde, options, progress);
        }

        var summary = new RunSummary
        {
            Problem = problemName,
            Method = method,
            Parameters = parameters,
            Seconds = result.Elapsed.TotalSeconds,
            Metrics = result.Metrics,
            Reference = double.IsNaN(reference) ? new Dictionary<string, double>() : new Dictionary<string, double> { ["y0"] = reference },
            Errors = double.IsNaN(reference) ? new Dictionary<string, double>() : new Dictionary<string, double> { ["y0_rel"] = Math.Abs(result.Y0 - reference) / Math.Abs(reference) },
        };
        if (!json)
        {
            var refText = double.IsNaN(reference) ? "no published reference for this d" : FormattableString.Invariant($"reference {reference:G6}, rel. error {Math.Abs(result.Y0 - reference) / Math.Abs(reference):P3}");
            stdout.WriteLine(FormattableString.Invariant($"{problemName} d={dim} {method}: u(0, x0) ≈ {result.Y0:G6} ({refText}) in {result.Elapsed.TotalSeconds:F1} s"));
        }

        RunOutput.Emit(summary, result.History, json, outDir, stdout);
        return 0;
    }

    /// <summary>Writes about twenty progress lines per stage (to stderr, so stdout keeps only results).</summary>
    private sealed class SynchronousProgress(TextWriter writer) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            var every = Math.Max(1, value.TotalSteps / 20);
            if (value.Step % every != 0 && value.Step != value.TotalSteps)
            {
                return;
            }

            var y0 = value.Terms.TryGetValue("y0", out var y) ? FormattableString.Invariant($" y0 {y:G6}") : string.Empty;
            writer.WriteLine(FormattableString.Invariant($"[{value.Stage}] {value.Step}/{value.TotalSteps} loss {value.Loss:G5}{y0} ({value.Elapsed.TotalSeconds:F1} s)"));
        }
    }
}
