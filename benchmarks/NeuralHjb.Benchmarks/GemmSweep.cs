using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Kernels;
using NeuralHjb.Random;

namespace NeuralHjb.Benchmarks;

/// <summary>
/// <c>gflops [m×n×k ...]</c>: a quick GFLOP/s table of the GEMM kernel (float32, no transposes) on
/// 1 and 2 threads, for tuning without BenchmarkDotNet's long runs.
/// </summary>
public static class GemmSweep
{
    private static readonly string[] DefaultSizes = ["64x64x64", "1024x64x64", "1024x256x256", "512x512x512"];

    public static int Run(string[] args)
    {
        string[] sizes = args.Length > 0 ? args : DefaultSizes;
        int saved = EngineSettings.MaxDegreeOfParallelism;
        Console.WriteLine($"{"size",-14} {"kernel",-7} {"threads",7} {"us/call",10} {"GFLOP/s",9}");
        foreach (string size in sizes)
        {
            int[] s = Array.ConvertAll(size.Split('x'), int.Parse);
            int m = s[0], n = s[1], k = s[2];
            var a = new float[m * k];
            var b = new float[k * n];
            var c = new float[m * n];
            var rng = new Philox(3);
            rng.FillNormal(a);
            rng.FillNormal(b);
            foreach (bool v512 in GemmCore<float>.UseVector512 ? new[] { true, false } : new[] { false })
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    GemmCore<float>.UseVector512 = v512;
                    EngineSettings.MaxDegreeOfParallelism = threads;
                    double flops = 2.0 * m * n * k;
                    int reps = (int)Math.Clamp(2e9 / flops, 5, 20000);
                    for (int i = 0; i < Math.Max(5, reps / 5); i++)
                    {
                        Gemm.Multiply(false, false, m, n, k, a, k, b, n, c, n, false);
                    }

                    double best = double.MaxValue;
                    for (int round = 0; round < 5; round++)
                    {
                        long t0 = Stopwatch.GetTimestamp();
                        for (int i = 0; i < reps; i++)
                        {
                            Gemm.Multiply(false, false, m, n, k, a, k, b, n, c, n, false);
                        }

                        best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds / reps);
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{size,-14} {(v512 ? "v512" : "v256"),-7} {threads,7} {best * 1e6,10:F1} {flops / best / 1e9,9:F1}"));
                }
            }

            GemmCore<float>.UseVector512 = true;
        }

        EngineSettings.MaxDegreeOfParallelism = saved;
        return 0;
    }
}
