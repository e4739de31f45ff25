using BenchmarkDotNet.Attributes;
using NeuralHjb.Benchmarks.Workloads;

namespace NeuralHjb.Benchmarks.Suites;

/// <summary>
/// One training step of W1 (MLP regression) and W3 (77-step rollout with BPTT), with the bytes each
/// step allocates: steady-state training should allocate little beyond the activations it keeps.
/// </summary>
[MemoryDiagnoser]
public class WorkloadStepBenchmarks
{
    private IWorkload _w1 = null!;
    private IWorkload _w3 = null!;

    [GlobalSetup]
    public void Setup()
    {
        EngineSettings.MaxDegreeOfParallelism = WorkloadRunner.Threads;
        _w1 = new W1MlpRegression();
        _w1.Setup();
        _w3 = new W3DirectControlRollout();
        _w3.Setup();
    }

    [Benchmark]
    public void W1Step() => _w1.Step();

    [Benchmark]
    public void W3Step() => _w3.Step();
}
