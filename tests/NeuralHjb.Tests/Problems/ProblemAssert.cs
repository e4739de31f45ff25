using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Problems;

/// <summary>Shared helpers for the problem tests.</summary>
internal static class ProblemAssert
{
    public static Tensor Rows(params double[][] rows)
    {
        var cols = rows[0].Length;
        return Tensor.FromArray(rows.SelectMany(r => r).ToArray(), [rows.Length, cols]);
    }

    public static Tensor Column(params double[] values) => Tensor.FromArray(values, [values.Length, 1]);

    public static void Close(Tensor actual, double[] expected, double tolerance = 1e-10)
    {
        var a = actual.ToDoubleArray();
        a.Length.Should().Be(expected.Length, "shape {0}", actual);
        for (var i = 0; i < a.Length; i++)
        {
            a[i].Should().BeApproximately(expected[i], tolerance * Math.Max(1, Math.Abs(expected[i])), "element {0} of {1}", i, actual);
        }
    }

    /// <summary>
    /// From a fixed state, one Euler step over many samples: the sample mean of (x₁ − x₀) matches b·dt
    /// and the sample covariance matches σσᵀdt (σ from <see cref="IDynamics.Diffusion"/>, full layout).
    /// </summary>
    public static void StepMoments(ControlProblem problem, double[] state, double[] control, double dt = 0.01, int samples = 200_000, PreferenceBatch? preferences = null)
    {
        var dyn = problem.Dynamics;
        var d = dyn.StateDimension;
        var x0 = Tensor.FromArray(state, [1, d]);
        var u0 = Tensor.FromArray(control, [1, control.Length]);
        var t = Tensor.Scalar(0.1, DType.Float64);
        var drift = dyn.Drift(t, x0, u0, preferences).ToDoubleArray();
        var sigma = dyn.Diffusion(t, x0, u0, preferences);
        var m = dyn.NoiseDimension;
        var s = dyn.DiffusionForm == DiffusionForm.Diagonal ? Diag(sigma.ToDoubleArray()) : ToMatrix(sigma.ToDoubleArray(), d, m);
        var expectedCov = new double[d, d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                for (var k = 0; k < s.GetLength(1); k++)
                {
                    expectedCov[i, j] += s[i, k] * s[j, k] * dt;
                }
            }
        }

        var xs = Tensor.FromArray(Enumerable.Range(0, samples).SelectMany(_ => state).ToArray(), [samples, d]);
        var us = Tensor.FromArray(Enumerable.Range(0, samples).SelectMany(_ => control).ToArray(), [samples, control.Length]);
        var dW = dyn.SampleIncrements(samples, dt, new Philox(12345), DType.Float64);
        var step = (dyn.Step(t, xs, us, dt, dW, preferences) - xs).ToDoubleArray();
        var mean = new double[d];
        for (var n = 0; n < samples; n++)
        {
            for (var i = 0; i < d; i++)
            {
                mean[i] += step[(n * d) + i] / samples;
            }
        }

        var cov = new double[d, d];
        for (var n = 0; n < samples; n++)
        {
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    cov[i, j] += (step[(n * d) + i] - mean[i]) * (step[(n * d) + j] - mean[j]) / (samples - 1);
                }
            }
        }

        for (var i = 0; i < d; i++)
        {
            var se = Math.Sqrt(expectedCov[i, i] / samples);
            mean[i].Should().BeApproximately(drift[i] * dt, (5 * se) + 1e-12, "mean of coordinate {0}", i);
            for (var j = 0; j < d; j++)
            {
                var scale = Math.Sqrt(expectedCov[i, i] * expectedCov[j, j]);
                cov[i, j].Should().BeApproximately(expectedCov[i, j], (6 * scale * Math.Sqrt(2.0 / samples)) + 1e-15, "covariance [{0},{1}]", i, j);
            }
        }
    }

    /// <summary>
    /// For random (t, x, ∇V, ∇²V), H(u*) ≤ H(u* + δ) for random perturbations δ (kept inside the
    /// problem's control bounds).
    /// </summary>
    public static void MinimizerIsMinimal(ControlProblem problem, Func<Philox, int, Tensor> gradient, Func<Philox, int, Tensor>? hessian = null, int batch = 64, PreferenceBatch? preferences = null)
    {
        var rng = new Philox(7);
        var x = problem.Dynamics.SampleDomain(batch, rng, DType.Float64);
        var t = problem.SampleTime(batch, rng, DType.Float64);
        var g = gradient(rng, batch);
        var h = hessian?.Invoke(rng, batch);
        var uStar = problem.OptimalControl(t, x, g, h, preferences);
        uStar.ShapeArray().Should().Equal(batch, problem.ControlDimension);
        var hStar = problem.Hamiltonian(t, x, uStar, g, h, preferences).ToDoubleArray();
        foreach (var scale in new[] { 1e-3, 1e-2, 0.1, 1.0 })
        {
            var delta = Tensor.Normal([batch, problem.ControlDimension], rng, 0, scale, DType.Float64);
            var perturbed = uStar + delta;
            if (problem.ControlBounds is { } bounds)
            {
                perturbed = perturbed.Clamp(bounds.Low[0], bounds.High[0]);
            }

            var hp = problem.Hamiltonian(t, x, perturbed, g, h, preferences).ToDoubleArray();
            for (var i = 0; i < batch; i++)
            {
                hStar[i].Should().BeLessThanOrEqualTo(hp[i] + (1e-9 * Math.Max(1, Math.Abs(hp[i]))), "sample {0}, perturbation scale {1}", i, scale);
            }
        }
    }

    /// <summary>A random symmetric matrix per sample with a positive diagonal shift.</summary>
    public static Tensor RandomHessian(Philox rng, int batch, int d, double shift)
    {
        var a = Tensor.Normal([batch, d, d], rng, 0, 1, DType.Float64);
        var sym = (a + a.Transpose(1, 2)) * 0.5;
        var eye = Tensor.FromArray(Enumerable.Range(0, d * d).Select(k => k / d == k % d ? shift : 0.0).ToArray(), [d, d]);
        return sym + eye;
    }

    private static double[,] ToMatrix(double[] values, int rows, int cols)
    {
        var m = new double[rows, cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                m[i, j] = values[(i * cols) + j];
            }
        }

        return m;
    }

    private static double[,] Diag(double[] values)
    {
        var m = new double[values.Length, values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            m[i, i] = values[i];
        }

        return m;
    }
}
