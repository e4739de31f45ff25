using NeuralHjb.Tensors;

namespace NeuralHjb.Autodiff;

/// <summary>Outcome of a <see cref="GradCheck"/> comparison.</summary>
/// <param name="Passed">True when every derivative agreed within tolerance.</param>
/// <param name="MaxAbsoluteError">Largest |analytic − numeric| over all checked entries.</param>
/// <param name="MaxRelativeError">Largest |analytic − numeric| / max(|analytic|, |numeric|, 1e-12).</param>
/// <param name="Message">Where the worst disagreement was, for test output.</param>
public sealed record GradCheckResult(bool Passed, double MaxAbsoluteError, double MaxRelativeError, string Message);

/// <summary>
/// Checks reverse-mode gradients against central finite differences in float64. The function's
/// output is contracted with a fixed pseudo-random weight tensor, so the check covers the full
/// vector–Jacobian product, not only the gradient of a sum.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Compares the gradient of <c>sum(function(inputs) · w)</c> with central differences.
    /// An entry passes when |analytic − numeric| ≤ absoluteTolerance + relativeTolerance · max(|analytic|, |numeric|).
    /// </summary>
    /// <param name="function">A function of the inputs; it is evaluated 2·N+1 times for N input elements.</param>
    /// <param name="inputs">Float64 tensors; they are copied, never modified.</param>
    /// <param name="epsilon">Finite-difference step.</param>
    /// <param name="relativeTolerance">Relative tolerance.</param>
    /// <param name="absoluteTolerance">Absolute tolerance (for derivatives near zero).</param>
    /// <param name="seed">Seed of the contraction weights.</param>
    public static GradCheckResult Check(
        Func<Tensor[], Tensor> function,
        IReadOnlyList<Tensor> inputs,
        double epsilon = 1e-6,
        double relativeTolerance = 1e-6,
        double absoluteTolerance = 1e-9,
        int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!(epsilon > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), "epsilon must be positive.");
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].DType != DType.Float64)
            {
                throw new ArgumentException($"inputs[{i}] is {inputs[i].DType}: gradient checks need Float64 for meaningful finite differences.", nameof(inputs));
            }
        }

        var xs = inputs.Select(t => t.Clone().RequireGrad()).ToArray();
        var y = function(xs);
        var w = Weights(y.ShapeRef, seed);
        var loss = (y * w).Sum();
        var analytic = Autograd.Grad([loss], xs, allowUnused: true);

        double maxAbs = 0, maxRel = 0;
        var worst = "no elements";
        var passed = true;
        // Evaluations run with recording on: functions may take gradients internally (higher order).
        {
            for (var i = 0; i < xs.Length; i++)
            {
                var x = xs[i];
                var a = analytic[i].ToDoubleArray();
                var data = x.Array<double>();
                for (var j = 0; j < x.Count; j++)
                {
                    var saved = data[j];
                    data[j] = saved + epsilon;
                    var plus = (function(xs) * w).Sum().Item();
                    data[j] = saved - epsilon;
                    var minus = (function(xs) * w).Sum().Item();
                    data[j] = saved;
                    var numeric = (plus - minus) / (2 * epsilon);
                    var abs = Math.Abs(a[j] - numeric);
                    var scale = Math.Max(Math.Max(Math.Abs(a[j]), Math.Abs(numeric)), 1e-12);
                    var ok = abs <= absoluteTolerance + (relativeTolerance * scale) && !double.IsNaN(a[j]) && !double.IsNaN(numeric);
                    if (abs > maxAbs || !ok)
                    {
                        worst = $"input {i}, element {j}: analytic {a[j]:G10}, numeric {numeric:G10}";
                    }

                    passed &= ok;
                    maxAbs = Math.Max(maxAbs, abs);
                    maxRel = Math.Max(maxRel, abs / scale);
                }
            }
        }

        return new GradCheckResult(passed, maxAbs, maxRel, worst);
    }

    private static Tensor Weights(int[] shape, int seed)
    {
        // A small deterministic generator keeps GradCheck independent of the engine's RNG.
        var n = ShapeMath.Product(shape);
        var values = new double[n];
        var state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 1;
        for (var i = 0; i < n; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            values[i] = 0.5 + ((state >> 11) * (1.0 / (1UL << 53)));
        }

        return Tensor.FromArray(values, shape);
    }
}
