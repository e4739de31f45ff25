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

    /// <summary>Factories of the implemented workloads. Add W1–W5 here as classes implementing <see cref="IWorkload"/>.</summary>
    private static readonly Dictionary<string, Func<IWorkload>> Factories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["W0"] = () => new W0MatMul(),
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
