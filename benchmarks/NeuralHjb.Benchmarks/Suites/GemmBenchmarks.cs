using BenchmarkDotNet.Attributes;
using NeuralHjb.Kernels;
using NeuralHjb.Random;

namespace NeuralHjb.Benchmarks.Suites;

/// <summary>GEMM C = A·B (float32, no transposes) at the sizes the solvers use, on 1 and 2 threads.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>Sizes as "m×n×k".</summary>
    [Params("64x64x64", "1024x64x64", "1024x256x256", "512x512x512")]
    public string Size { get; set; } = "64x64x64";

    [Params(1, 2)]
    public int Threads { get; set; } = 1;

    private int _m, _n, _k;

    [GlobalSetup]
    public void Setup()
    {
        int[] s = Array.ConvertAll(Size.Split('x'), int.Parse);
        (_m, _n, _k) = (s[0], s[1], s[2]);
        _a = new float[_m * _k];
        _b = new float[_k * _n];
        _c = new float[_m * _n];
        var rng = new Philox(1);
        rng.FillNormal(_a);
        rng.FillNormal(_b);
        EngineSettings.MaxDegreeOfParallelism = Threads;
    }

    [Benchmark]
    public void Multiply() => Gemm.Multiply(false, false, _m, _n, _k, _a, _k, _b, _n, _c, _n, accumulate: false);
}
