using BenchmarkDotNet.Attributes;
using NeuralHjb.Random;

namespace NeuralHjb.Benchmarks.Suites;

/// <summary>Philox fills of 2^16 values (single-threaded: below the parallel threshold).</summary>
[MemoryDiagnoser]
public class PhiloxBenchmarks
{
    private readonly float[] _f = new float[1 << 16];
    private readonly double[] _d = new double[1 << 16];
    private readonly Philox _rng = new(7);

    [Benchmark]
    public void UniformFloat() => _rng.FillUniform(_f);

    [Benchmark]
    public void NormalFloat() => _rng.FillNormal(_f);

    [Benchmark]
    public void UniformDouble() => _rng.FillUniform(_d);

    [Benchmark]
    public void NormalDouble() => _rng.FillNormal(_d);
}
