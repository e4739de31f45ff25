using BenchmarkDotNet.Attributes;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Benchmarks.Suites;

/// <summary>W5's self-attention: 4 heads over 32 grid points, embedding 32, batch 256, float32.</summary>
[MemoryDiagnoser]
public class AttentionBenchmarks
{
    private MultiHeadSelfAttention _att = null!;
    private Tensor _x = null!;

    [GlobalSetup]
    public void Setup()
    {
        EngineSettings.MaxDegreeOfParallelism = 2;
        var rng = new Philox(8);
        _att = new MultiHeadSelfAttention(32, 4, generator: rng);
        _x = Tensor.Normal([256, 32, 32], rng);
    }

    [Benchmark]
    public Tensor Forward()
    {
        using var _ = NeuralHjb.Autodiff.Autograd.NoGrad();
        return _att.Forward(_x);
    }

    [Benchmark]
    public void ForwardBackward()
    {
        _att.Forward(_x).Square().Mean().Backward();
        _att.ZeroGrad();
    }
}
