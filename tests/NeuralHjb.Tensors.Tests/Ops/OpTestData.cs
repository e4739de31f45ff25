using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors.Tests.Ops;

/// <summary>Deterministic float64 inputs for the op tests.</summary>
internal static class D
{
    /// <summary>Uniform in [-1, 1).</summary>
    public static Tensor R(int seed, params int[] shape) => Fill(seed, shape, r => (r.NextDouble() * 2) - 1);

    /// <summary>Uniform in [0.5, 1.5): safe for log, sqrt, division and pow bases.</summary>
    public static Tensor Pos(int seed, params int[] shape) => Fill(seed, shape, r => 0.5 + r.NextDouble());

    /// <summary>|x| in [0.2, 1) with a random sign: away from the kinks of relu/abs and the pole of 1/x.</summary>
    public static Tensor Away(int seed, params int[] shape) => Fill(seed, shape, r => (r.Next(2) == 0 ? -1 : 1) * (0.2 + (0.8 * r.NextDouble())));

    /// <summary>Multiples of 1/64 in [-2, 2): exactly representable in float32.</summary>
    public static Tensor Dyadic(int seed, params int[] shape) => Fill(seed, shape, r => (r.Next(256) - 128) / 64.0);

    public static Tensor Fill(int seed, int[] shape, Func<System.Random, double> value)
    {
        var rng = new System.Random(seed);
        var n = 1;
        foreach (var d in shape)
        {
            n *= d;
        }

        var data = new double[n];
        for (var i = 0; i < n; i++)
        {
            data[i] = value(rng);
        }

        return Tensor.FromArray(data, shape);
    }

    public static void Ok(GradCheckResult r, string what = "") => r.Passed.Should().BeTrue($"{what}: {r.Message} (max rel {r.MaxRelativeError:G3})");

    /// <summary>Flattens a set of gradients into one vector so that a second-order check covers all of them.</summary>
    public static Tensor Flat(IReadOnlyList<Tensor> parts)
    {
        var flat = new Tensor[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            flat[i] = parts[i].Reshape([-1]);
        }

        return Tensor.Concat(flat);
    }

    public static void Close(double[] actual, double[] expected, double tol, string what = "")
    {
        actual.Length.Should().Be(expected.Length, what);
        for (var i = 0; i < actual.Length; i++)
        {
            if (double.IsNaN(expected[i]))
            {
                double.IsNaN(actual[i]).Should().BeTrue($"{what}[{i}] should be NaN");
                continue;
            }

            if (double.IsInfinity(expected[i]))
            {
                actual[i].Should().Be(expected[i], $"{what}[{i}]");
                continue;
            }

            Math.Abs(actual[i] - expected[i]).Should().BeLessThanOrEqualTo(tol * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}
