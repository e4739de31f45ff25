using System.Diagnostics;
using System.Globalization;

namespace NeuralHjb.Benchmarks.Workloads;

/// <summary>Runs workloads by id and prints "<c>Wn &lt;ms&gt;</c>" lines, timed like torch_baseline.py.</summary>
public static class WorkloadRunner
{
    /// <summary>Threads used for every workload (the comparison is on 2 threads).</summary>
    public const int Threads = 2;

    /// <summary>All workload ids, in order; those without a factory below are not implemented yet.</summary>
    public static readonly string[] AllIds = ["W0", "W1", "W2", "W3", "W4", "W5"];

    /// <summary>Factories of the workloads, one class implementing <see cref="IWorkload"/> each.</summary>
    private static readonly Dictionary<string, Func<IWorkload>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["W0"] = () => new W0MatMul(),
        ["W1"] = () => new W1MlpRegression(),
        ["W2"] = () => new W2PinnSecondOrder(),
        ["W3"] = () => new W3DirectControlRollout(),
        ["W4"] = () => new W4DeepBsdeHjb(),
        ["W5"] = () => new W5AttentionUNet(),
    };

    public static int Run(string[] ids, TextWriter output, TextWriter errors)
    {
        if (ids.Length == 0)
        {
            ids = AllIds;
        }

        int savedThreads = EngineSettings.MaxDegreeOfParallelism;
        EngineSettings.MaxDegreeOfParallelism = Threads;
        try
        {
            int status = 0;
            foreach (string id in ids)
            {
                if (!Factories.TryGetValue(id, out Func<IWorkload>? factory))
                {
                    errors.WriteLine(Array.IndexOf(AllIds, id.ToUpperInvariant()) >= 0
                        ? $"{id}: not implemented yet"
                        : $"{id}: unknown workload (known: {string.Join(' ', AllIds)})");
                    continue;
                }

                IWorkload workload = factory();
                double ms = Time(workload);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workload.Id} {ms:F3}"));
            }

            return status;
        }
        finally
        {
            EngineSettings.MaxDegreeOfParallelism = savedThreads;
        }
    }

    /// <summary>
    /// Prints, per workload, the managed bytes allocated per step and the garbage collections per step
    /// (by generation), after warm-up: "<c>W1 bytes/step 123456 gen0 0.10 gen1 0.00 gen2 0.00</c>".
    /// </summary>
    public static int Allocations(string[] ids, TextWriter output, TextWriter errors)
    {
        if (ids.Length == 0)
        {
            ids = AllIds;
        }

        int savedThreads = EngineSettings.MaxDegreeOfParallelism;
        EngineSettings.MaxDegreeOfParallelism = Threads;
        try
        {
            foreach (string id in ids)
            {
                if (!Factories.TryGetValue(id, out Func<IWorkload>? factory))
                {
                    errors.WriteLine($"{id}: unknown or not implemented");
                    continue;
                }

                IWorkload workload = factory();
                workload.Setup();
                for (int i = 0; i < workload.WarmUp; i++)
                {
                    workload.Step();
                }

                int reps = workload.Repetitions;
                int g0 = GC.CollectionCount(0), g1 = GC.CollectionCount(1), g2 = GC.CollectionCount(2);
                long before = GC.GetTotalAllocatedBytes(precise: true);
                for (int i = 0; i < reps; i++)
                {
                    workload.Step();
                }

                long bytes = (GC.GetTotalAllocatedBytes(precise: true) - before) / reps;
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{workload.Id} bytes/step {bytes} gen0 {(double)(GC.CollectionCount(0) - g0) / reps:F2} gen1 {(double)(GC.CollectionCount(1) - g1) / reps:F2} gen2 {(double)(GC.CollectionCount(2) - g2) / reps:F2}"));
            }

            return 0;
        }
        finally
        {
            EngineSettings.MaxDegreeOfParallelism = savedThreads;
        }
    }

    /// <summary>
    /// For A/B work on a noisy shared machine: after warm-up, <paramref name="batches"/> batches of the
    /// workload's repetitions; prints the minimum and median wall milliseconds per step and the process CPU
    /// milliseconds per step (all threads), which suffer less from other tenants than wall time.
    /// </summary>
    public static int Stable(string[] ids, int batches, TextWriter output)
    {
        EngineSettings.MaxDegreeOfParallelism = Threads;
        using var process = Process.GetCurrentProcess();
        foreach (string id in ids.Length == 0 ? AllIds : ids)
        {
            IWorkload workload = Factories[id]();
            workload.Setup();
            for (int i = 0; i < workload.WarmUp; i++)
            {
                workload.Step();
            }

            var wall = new double[batches];
            var cpu = new double[batches];
            for (int b = 0; b < batches; b++)
            {
                process.Refresh();
                TimeSpan cpu0 = process.TotalProcessorTime;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < workload.Repetitions; i++)
                {
                    workload.Step();
                }

                wall[b] = Stopwatch.GetElapsedTime(start).TotalMilliseconds / workload.Repetitions;
                process.Refresh();
                cpu[b] = (process.TotalProcessorTime - cpu0).TotalMilliseconds / workload.Repetitions;
            }

            Array.Sort(wall);
            Array.Sort(cpu);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id} wall_min {wall[0]:F3} wall_med {wall[batches / 2]:F3} cpu_min {cpu[0]:F3} cpu_med {cpu[batches / 2]:F3}"));
        }

        return 0;
    }

    /// <summary>Set-up, warm-up, then exactly <paramref name="steps"/> steps (instruction counting with perf stat).</summary>
    public static int Steps(string id, int steps)
    {
        EngineSettings.MaxDegreeOfParallelism = Threads;
        IWorkload workload = Factories[id]();
        workload.Setup();
        for (int i = 0; i < workload.WarmUp + steps; i++)
        {
            workload.Step();
        }

        return 0;
    }

    /// <summary>Runs one workload's step in a loop for about <paramref name="seconds"/> (for an external profiler such as perf).</summary>
    public static int Loop(string id, double seconds, TextWriter output)
    {
        EngineSettings.MaxDegreeOfParallelism = Threads;
        IWorkload workload = Factories[id]();
        workload.Setup();
        long start = Stopwatch.GetTimestamp();
        int steps = 0;
        while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
        {
            workload.Step();
            steps++;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id} {steps} steps, {Stopwatch.GetElapsedTime(start).TotalMilliseconds / steps:F3} ms/step"));
        return 0;
    }

    /// <summary>Setup, warm-up, then the mean milliseconds of the timed repetitions.</summary>
    public static double Time(IWorkload workload)
    {
        workload.Setup();
        for (int i = 0; i < workload.WarmUp; i++)
        {
            workload.Step();
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < workload.Repetitions; i++)
        {
            workload.Step();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / workload.Repetitions;
    }
}
