using NeuralHjb.Kernels;
using NeuralHjb.Random;

namespace NeuralHjb.Benchmarks.Workloads;

/// <summary>W0: C = A·B, 512×512×512, float32, no autodiff (the GEMM yardstick against OpenBLAS).</summary>
public sealed class W0MatMul : IWorkload
{
    private const int N = 512;
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    public string Id => "W0";

    public int WarmUp => 10;

    public int Repetitions => 50;

    public void Setup()
    {
        _a = new float[N * N];
        _b = new float[N * N];
        _c = new float[N * N];
        var rng = new Philox(0);
        rng.FillNormal(_a);
        rng.FillNormal(_b);
    }

    public void Step() => Gemm.Multiply(false, false, N, N, N, _a, N, _b, N, _c, N, accumulate: false);
}
