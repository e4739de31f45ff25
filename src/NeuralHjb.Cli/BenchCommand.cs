using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Kernels;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Cli;

/// <summary>
/// <c>neuralhjb bench</c>: a quick in-process engine benchmark with the shapes of workloads W0 (GEMM)
/// and W1 (MLP training step) of ../shared/perf/WORKLOADS.md, in milliseconds per step. The
/// side-by-side comparison with PyTorch is ../shared/perf/compare.sh.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var repetitions = ParameterOption.Count("--repetitions", "timed steps per benchmark (after warm-up)", 1, 100_000);
        var cmd = new Command("bench", "Time the engine: a 512x512x512 float32 GEMM (W0) and an MLP training step (W1: 4-64-64-64-1 tanh, batch 1024, Adam), in ms per step. For the PyTorch comparison run ../shared/perf/compare.sh from the repository root.");
        cmd.Options.Add(repetitions);
        cmd.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var reps = parse.GetValue(repetitions) ?? 20;
            return CliErrors.Guard(stderr, "neuralhjb bench", () => Run(stdout, reps));
        });
        return cmd;
    }

    public static int Run(TextWriter output, int repetitions)
    {
        output.WriteLine($"threads {EngineSettings.MaxDegreeOfParallelism} of {Environment.ProcessorCount} cores; {repetitions} timed steps after warm-up; median (min) ms per step");
        var a = Tensor.Normal([512, 512], new Philox(1), dtype: DType.Float32);
        var b = Tensor.Normal([512, 512], new Philox(2), dtype: DType.Float32);
        var gemm = Time(() => a.MatMul(b), Math.Max(3, repetitions / 4), repetitions);
        var gflops = 2.0 * 512 * 512 * 512 / (gemm.Median * 1e-3) / 1e9;
        output.WriteLine(Line("W0", "GEMM 512x512x512 float32", gemm) + $"  {gflops.ToString("0.0", CultureInfo.InvariantCulture)} GFLOP/s");

        var net = new Mlp([4, 64, 64, 64, 1], Activation.Tanh, generator: new Philox(3));
        var adam = new Adam([.. net.Parameters()], learningRate: 1e-3);
        var step = 0;
        var mlp = Time(
            () =>
            {
                var rng = new Philox(4, (ulong)step++);
                var x = Tensor.Uniform([1024, 4], rng, -1, 1, DType.Float32);
                var y = x.Sum(1, keepDim: true).Sin();
                adam.ZeroGrad();
                var loss = (net.Forward(x) - y).Square().Mean();
                loss.Backward();
                adam.Step();
                return loss;
            },
            Math.Max(3, repetitions / 4),
            repetitions);
        output.WriteLine(Line("W1", "MLP step 4-64-64-64-1, batch 1024", mlp));
        output.WriteLine("Side by side with PyTorch (same shapes, one run): ../shared/perf/compare.sh W0 W1");
        return CliErrors.Ok;
    }

    private static string Line(string id, string what, (double Median, double Min) t) =>
        string.Create(CultureInfo.InvariantCulture, $"{id}  {what,-36} {t.Median,9:0.000} ({t.Min:0.000}) ms");

    private static (double Median, double Min) Time(Func<Tensor> step, int warmUp, int repetitions)
    {
        for (var i = 0; i < warmUp; i++)
        {
            step();
        }

        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            step();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return (times[repetitions / 2], times[0]);
    }
}
