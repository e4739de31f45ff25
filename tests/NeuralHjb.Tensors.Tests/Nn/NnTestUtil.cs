using System.Runtime.CompilerServices;
using NeuralHjb.Autodiff;
using NeuralHjb.Nn;

namespace NeuralHjb.Tensors.Tests.Nn;

internal static class NnTestUtil
{
    /// <summary>Uniform(−1, 1) float64 values from a seeded System.Random.</summary>
    public static Tensor R(int seed, params int[] shape)
    {
        var rng = new System.Random(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2) - 1).ToArray(), shape);
    }

    public static void Ok(GradCheckResult r) => r.Passed.Should().BeTrue(r.Message);

    /// <summary>
    /// Gradient check of <paramref name="forward"/> with respect to its inputs and every parameter of
    /// <paramref name="module"/> (the parameters are swapped for GradCheck's copies by name).
    /// </summary>
    public static GradCheckResult CheckModule(Module module, Func<Tensor[], Tensor> forward, Tensor[] inputs, double rtol = 1e-5, double atol = 1e-8)
    {
        var names = module.NamedParameters().Select(kv => kv.Key).ToArray();
        var all = inputs.Concat(module.NamedParameters().Select(kv => kv.Value.Detach().Clone())).ToArray();
        return GradCheck.Check(
            xs =>
            {
                for (var i = 0; i < names.Length; i++)
                {
                    module.ReplaceParameter(names[i], xs[inputs.Length + i]);
                }

                return forward(xs[..inputs.Length]);
            },
            all,
            relativeTolerance: rtol,
            absoluteTolerance: atol);
    }

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        a.Shape.ToArray().Should().Equal(b.Shape.ToArray());
        var x = a.ToDoubleArray();
        var y = b.ToDoubleArray();
        var m = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            m = Math.Max(m, Math.Abs(x[i] - y[i]));
        }

        return m;
    }

    /// <summary>The committed fixture folder in the source tree (for regenerating files).</summary>
    public static string SourceFixtureDir([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "fixtures");

    /// <summary>The fixture folder copied next to the test assembly.</summary>
    public static string FixtureDir => Path.Combine(AppContext.BaseDirectory, "Nn", "fixtures");
}
