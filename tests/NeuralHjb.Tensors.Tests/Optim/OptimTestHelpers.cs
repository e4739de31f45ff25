using NeuralHjb.Tensors;

namespace NeuralHjb.Tensors.Tests.Optim;

internal static class OptimTestHelpers
{
    public static Tensor Param(params double[] values) => Tensor.FromArray(values).RequireGrad();

    public static Tensor Param32(params float[] values) => Tensor.FromArray(values).RequireGrad();

    public static void SetGrad(Tensor p, params double[] g) => p.Grad = Tensor.FromArray(g);

    public static void AssertClose(double[] actual, double[] expected, double tol, string because = "")
    {
        actual.Length.Should().Be(expected.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            var scale = Math.Max(1.0, Math.Abs(expected[i]));
            Math.Abs(actual[i] - expected[i]).Should().BeLessThanOrEqualTo(tol * scale, $"element {i} {because}: {actual[i]:R} vs {expected[i]:R}");
        }
    }

    public static bool BitwiseEqual(Tensor a, Tensor b)
    {
        var x = a.ToDoubleArray();
        var y = b.ToDoubleArray();
        if (x.Length != y.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(x[i]) != BitConverter.DoubleToInt64Bits(y[i]))
            {
                return false;
            }
        }

        return true;
    }
}
