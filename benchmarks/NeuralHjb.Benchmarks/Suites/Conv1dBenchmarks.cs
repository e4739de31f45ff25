using BenchmarkDotNet.Attributes;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Benchmarks.Suites;

/// <summary>The convolutions of W5 (batch 256, float32), forward and forward + backward.</summary>
[MemoryDiagnoser]
public class Conv1dBenchmarks
{
    private Tensor _x = null!;
    private Tensor _w = null!;
    private Tensor _b = null!;
    private Tensor _xd = null!;
    private Tensor _wd = null!;

    [GlobalSetup]
    public void Setup()
    {
        EngineSettings.MaxDegreeOfParallelism = 2;
        var rng = new Philox(7);
        _x = Tensor.Normal([256, 8, 32], rng);
        _w = Tensor.Normal([32, 8, 3], rng, 0, 0.2).RequireGrad();
        _b = Tensor.Zeros([32]).RequireGrad();
        _xd = Tensor.Normal([256, 32, 32], rng);
        _wd = Tensor.Normal([64, 32, 4], rng, 0, 0.1).RequireGrad();
    }

    /// <summary>inp: 8 → 32 channels, kernel 3, same padding.</summary>
    [Benchmark]
    public Tensor InputConvForward() => Tensor.Conv1d(_x.Detach(), _w.Detach(), _b.Detach(), padding: 1);

    [Benchmark]
    public void InputConvForwardBackward()
    {
        Tensor.Conv1d(_x, _w, _b, padding: 1).Sum().Backward();
        _w.Grad = null;
        _b.Grad = null;
    }

    /// <summary>down: 32 → 64 channels, kernel 4, stride 2.</summary>
    [Benchmark]
    public void DownConvForwardBackward()
    {
        Tensor.Conv1d(_xd, _wd, null, stride: 2, padding: 1).Sum().Backward();
        _wd.Grad = null;
    }
}
