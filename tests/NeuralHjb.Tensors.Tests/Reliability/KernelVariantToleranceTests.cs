using NeuralHjb.Kernels;
using NeuralHjb.Tensors.Tests.Kernels;
using Xunit.Abstractions;

namespace NeuralHjb.Tensors.Tests.Reliability;

/// <summary>
/// Bitwise reproducibility holds on one machine. Another machine may pick another matrix-multiply
/// micro-kernel (AVX-512, AVX2, or the portable loop without FMA), which rounds differently; this
/// measures how far a short training run moves when the kernel changes, and bounds it. The switch is
/// process-wide (internal), so these run in the serialised EngineSettings collection.
/// </summary>
[Collection(EngineSettingsGroup.Name)]
public class KernelVariantToleranceTests(ITestOutputHelper output)
{
    private static double[] WithKernel(int kind, Func<double[]> run)
    {
        bool saved = GemmCore<float>.UseVector512, savedD = GemmCore<double>.UseVector512;
        try
        {
            GemmCore<float>.UseVector512 = kind == 0;
            GemmCore<double>.UseVector512 = kind == 0;
            GemmCore<float>.PortableOnly = kind == 2;
            GemmCore<double>.PortableOnly = kind == 2;
            return run();
        }
        finally
        {
            GemmCore<float>.UseVector512 = saved;
            GemmCore<double>.UseVector512 = savedD;
            GemmCore<float>.PortableOnly = false;
            GemmCore<double>.PortableOnly = false;
        }
    }

    /// <summary>Largest |a − b| / (|b| + floor) over all entries.</summary>
    private static double MaxRelative(double[] a, double[] b, double floor)
    {
        var m = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]) / (Math.Abs(b[i]) + floor));
        }

        return m;
    }

    [Theory]
    [InlineData("mlp-f32", 1e-4)]
    [InlineData("bsde-f64", 1e-7)]
    public void Another_matmul_kernel_moves_a_short_training_run_only_within_rounding(string workload, double tolerance)
    {
        Func<double[]> run = workload == "mlp-f32" ? () => TrainingWorkloads.Mlp(3) : () => TrainingWorkloads.BsdeSubnet(3);
        var reference = WithKernel(1, run);
        foreach (var kind in new[] { 0, 1, 2 })
        {
            var other = WithKernel(kind, run);
            var rel = MaxRelative(other, reference, 1e-3);
            output.WriteLine($"{workload}: kernel {(kind == 0 ? "avx512" : kind == 1 ? "avx2" : "portable")}: max relative difference {rel:E2}");
            rel.Should().BeLessThan(tolerance);
            if (kind == 0)
            {
                // Both FMA kernels accumulate each element over k in the same order; docs/reliability.md says so.
                rel.Should().Be(0, "the AVX-512 and AVX2 micro-kernels round identically");
            }
        }
    }
}
