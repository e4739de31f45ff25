using BenchmarkDotNet.Running;
using NeuralHjb.Benchmarks.Workloads;

namespace NeuralHjb.Benchmarks;

/// <summary>
/// Entry point. <c>workloads [W0 W1 ...]</c> runs the timed workloads of ../shared/perf/WORKLOADS.md
/// and prints <c>W0 &lt;ms&gt;</c> lines; <c>bdn [BenchmarkDotNet args]</c> forwards to BenchmarkDotNet's switcher.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Error.WriteLine("usage: workloads [W0 W1 ...]   time the workloads (ms per step, 2 threads)");
            Console.Error.WriteLine("       alloc [W1 ...]           bytes allocated and GCs per step after warm-up");
            Console.Error.WriteLine("       loop W1 [seconds]        run one workload in a loop (for perf record)");
            Console.Error.WriteLine("       stable [W1 ...]          min/median wall and CPU ms per step over 7 batches (A/B under load)");
            Console.Error.WriteLine("       bdn [filter/args...]     run BenchmarkDotNet suites, e.g. bdn --filter *Gemm*");
            Console.Error.WriteLine("       gflops [MxNxK ...]       quick GEMM GFLOP/s table (1 and 2 threads)");
            return args.Length == 0 ? 1 : 0;
        }

        string[] rest = args[1..];
        switch (args[0])
        {
            case "workloads":
                return WorkloadRunner.Run(rest, Console.Out, Console.Error);
            case "alloc":
                return WorkloadRunner.Allocations(rest, Console.Out, Console.Error);
            case "loop":
                return WorkloadRunner.Loop(rest[0], rest.Length > 1 ? double.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) : 10, Console.Out);
            case "stable":
                return WorkloadRunner.Stable(rest, 7, Console.Out);
            case "steps":
                // steps W3 N: set-up, warm-up, then N steps (for perf stat -e instructions, which load does not skew).
                return WorkloadRunner.Steps(rest[0], int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture));
            case "gflops":
                return GemmSweep.Run(rest);
            case "bdn":
                // A bare filter ("bdn Gemm") is turned into BenchmarkDotNet's --filter *Gemm*.
                if (rest.Length == 1 && !rest[0].StartsWith('-'))
                {
                    rest = ["--filter", rest[0].Contains('*') ? rest[0] : $"*{rest[0]}*"];
                }

                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest);
                return 0;
            default:
                Console.Error.WriteLine($"unknown command '{args[0]}' (expected 'workloads' or 'bdn')");
                return 1;
        }
    }
}
