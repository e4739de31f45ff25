using BenchmarkDotNet.Attributes;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Benchmarks.Suites;

/// <summary>Reductions of a [1024, 64] float32 tensor, no graph.</summary>
[MemoryDiagnoser]
public class ReductionBenchmarks
{
    private Tensor _x = null!;

    [GlobalSetup]
    public void Setup()
    {
        EngineSettings.MaxDegreeOfParallelism = 2;
        _x = Tensor.Normal([1024, 64], new Philox(6));
    }

    [Benchmark]
    public Tensor SumAll() => _x.Sum();

    [Benchmark]
    public Tensor SumRows() => _x.Sum(0);

    [Benchmark]
    public Tensor SumColumns() => _x.Sum(1, keepDim: true);

    [Benchmark]
    public Tensor Softmax() => _x.Softmax(-1);
}
