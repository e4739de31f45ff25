using BenchmarkDotNet.Attributes;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Benchmarks.Suites;

/// <summary>Elementwise ops on a [1024, 64] float32 activation (W1's hidden layer), no graph.</summary>
[MemoryDiagnoser]
public class ElementwiseBenchmarks
{
    private Tensor _x = null!;
    private Tensor _y = null!;
    private Tensor _row = null!;
    private Tensor _channel = null!;
    private Tensor _x3 = null!;

    [GlobalSetup]
    public void Setup()
    {
        EngineSettings.MaxDegreeOfParallelism = 2;
        var rng = new Philox(5);
        _x = Tensor.Normal([1024, 64], rng);
        _y = Tensor.Normal([1024, 64], rng);
        _row = Tensor.Normal([64], rng);
        _channel = Tensor.Normal([32, 1], rng);
        _x3 = Tensor.Normal([256, 32, 32], rng);
    }

    [Benchmark]
    public Tensor Add() => _x + _y;

    [Benchmark]
    public Tensor AddRowBroadcast() => _x + _row;

    [Benchmark]
    public Tensor MulChannelBroadcast() => _x3 * _channel;

    [Benchmark]
    public Tensor Tanh() => _x.Tanh();

    [Benchmark]
    public Tensor TanhBackwardFused() => Tensor.TanhBackward(_y, _x);
}
