using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using NeuralHjb.Kernels;
using NeuralHjb.Random;

namespace NeuralHjb.Benchmarks;

/// <summary>
/// <c>gflops [--double] [m×n×k ...]</c>: a quick GFLOP/s table of the GEMM kernel (no transposes)
/// with each micro-kernel this machine has, on 1 and 2 threads (best of 5 rounds), for tuning without
/// BenchmarkDotNet's long runs.
/// </summary>
public static class GemmSweep
{
    private static readonly string[] DefaultSizes = ["64x64x64", "1024x64x64", "1024x256x256", "512x512x512"];

    public static int Run(string[] args)
    {
        bool dbl = args.Contains("--double");
        string[] sizes = args.Where(a => !a.StartsWith('-')).ToArray();
        if (sizes.Length == 0)
        {
            sizes = DefaultSizes;
        }

        int saved = EngineSettings.MaxDegreeOfParallelism;
        Console.WriteLine($"{"size",-14} {"dtype",-7} {"kernel",-7} {"threads",7} {"us/call",10} {"GFLOP/s",9}");
        foreach (string size in sizes)
        {
            int[] s = Array.ConvertAll(size.Split('x'), int.Parse);
            if (dbl)
            {
                Sweep<double>(s[0], s[1], s[2], size);
            }
            else
            {
                Sweep<float>(s[0], s[1], s[2], size);
            }
        }

        EngineSettings.MaxDegreeOfParallelism = saved;
        return 0;
    }

    private static void Sweep<T>(int m, int n, int k, string size)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var a = new T[m * k];
        var b = new T[k * n];
        var c = new T[m * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = T.CreateTruncating((i % 7) - 3);
        }

        for (int i = 0; i < b.Length; i++)
        {
            b[i] = T.CreateTruncating((i % 5) - 2);
        }

        bool initial = GemmCore<T>.UseVector512;
        foreach (bool v512 in initial ? new[] { true, false } : new[] { false })
        {
            foreach (int threads in new[] { 1, 2 })
            {
                GemmCore<T>.UseVector512 = v512;
                EngineSettings.MaxDegreeOfParallelism = threads;
                double flops = 2.0 * m * n * k;
                int reps = (int)Math.Clamp(2e9 / flops, 5, 20000);
                for (int i = 0; i < Math.Max(5, reps / 5); i++)
                {
                    Multiply(m, n, k, a, b, c);
                }

                double best = double.MaxValue;
                for (int round = 0; round < 5; round++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    for (int i = 0; i < reps; i++)
                    {
                        Multiply(m, n, k, a, b, c);
                    }

                    best = Math.Min(best, Stopwatch.GetElapsedTime(t0).TotalSeconds / reps);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{size,-14} {typeof(T).Name,-7} {(v512 ? "v512" : "v256"),-7} {threads,7} {best * 1e6,10:F1} {flops / best / 1e9,9:F1}"));
            }
        }

        GemmCore<T>.UseVector512 = initial;
    }

    private static void Multiply<T>(int m, int n, int k, T[] a, T[] b, T[] c)
        where T : unmanaged, IFloatingPointIeee754<T>
        => GemmCore<T>.Run(false, false, m, n, k, T.One, a, k, b, n, c, n, accumulate: false);
}
