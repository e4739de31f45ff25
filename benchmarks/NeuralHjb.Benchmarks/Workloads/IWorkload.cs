namespace NeuralHjb.Benchmarks.Workloads;

/// <summary>
/// One timed workload of ../shared/perf/WORKLOADS.md. The runner calls <see cref="Setup"/> once,
/// <see cref="Step"/> <see cref="WarmUp"/> times untimed, then <see cref="Repetitions"/> times timed,
/// and reports the mean milliseconds per step.
/// </summary>
public interface IWorkload
{
    /// <summary>The id printed in the output ("W0").</summary>
    string Id { get; }

    /// <summary>Untimed steps before measuring (JIT tiering, buffer pools, caches).</summary>
    int WarmUp { get; }

    /// <summary>Timed steps; the figure is their mean.</summary>
    int Repetitions { get; }

    /// <summary>Allocates inputs and parameters.</summary>
    void Setup();

    /// <summary>One step of the workload.</summary>
    void Step();
}
