using MathNet.Numerics;

namespace NeuralHjb.Reference;

/// <summary>
/// Exact reference for the deep-BSDE HJB-LQ benchmark (REFERENCES §6): u_t + Δu − λ|∇u|² = 0 on [0, T] × ℝ^d,
/// u(T, x) = g(x) = ln((1 + |x|²)/2). The Cole–Hopf transform gives
/// u(t, x) = −(1/λ) ln E[exp(−λ g(x + √2 W_{T−t}))]; at x = 0, |√2 W_T|² = 2T Y with Y ~ χ²_d, so
/// u(0, 0) = −(1/λ) ln E[((1 + 2T Y)/2)^{−λ}], a one-dimensional integral.
/// </summary>
/// <remarks>
/// The integral is evaluated by quadrature, not sampling: with Y = e^s the integrand becomes
/// exp(L(s)), L(s) = (d/2)s − e^s/2 − (d/2)ln 2 − lnΓ(d/2) − λ ln(½ + T e^s), which is smooth, strictly concave and
/// decays at both ends (e^{ds/2} on the left, doubly exponentially on the right), and is analytic in a strip around
/// the real axis. The trapezoid rule on the real line converges geometrically for such integrands; the range is cut
/// where L has dropped 60 below its maximum (relative contribution &lt; e^{−60}) and the step is a small fraction of
/// the peak width and at most 0.05. All sums are log-sum-exp, so d = 100 or 10,000 and large λ neither overflow
/// nor underflow.
/// </remarks>
public static class HjbLqReference
{
    private const double Drop = 60;

    /// <summary>u at x = 0 with time to maturity T: −(1/λ) ln E[exp(−λ g(√2 W_T))].</summary>
    /// <param name="dimension">d ≥ 1, the space dimension.</param>
    /// <param name="lambda">λ &gt; 0, the weight of |∇u|².</param>
    /// <param name="horizon">T &gt; 0, the time to maturity (pass T − t for u(t, 0)).</param>
    /// <returns>u(0, 0); 4.5901 for d = 100, λ = 1, T = 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    public static double Value(int dimension, double lambda, double horizon)
        => Value(dimension, lambda, horizon, 1.0);

    /// <summary>
    /// ln E[exp(−λ g(√2 W_T))] = −λ u(0, 0), returned in log space (useful when λ u is large).
    /// </summary>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="lambda">λ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <returns>The log of the expectation.</returns>
    public static double LogExpectation(int dimension, double lambda, double horizon)
        => LogExpectation(dimension, lambda, horizon, 1.0);

    /// <summary>As <see cref="Value(int, double, double)"/>, with the quadrature step scaled by <paramref name="stepScale"/> (tests).</summary>
    internal static double Value(int dimension, double lambda, double horizon, double stepScale)
        => -LogExpectation(dimension, lambda, horizon, stepScale) / lambda;

    internal static double LogExpectation(int dimension, double lambda, double horizon, double stepScale)
    {
        Guard.PositiveCount(dimension);
        Guard.Positive(lambda);
        Guard.Positive(horizon);
        double halfD = dimension / 2.0;
        double constant = (-halfD * Math.Log(2)) - SpecialFunctions.GammaLn(halfD);

        double L(double s) => (halfD * s) - (Math.Exp(s) / 2) - (lambda * Math.Log(0.5 + (horizon * Math.Exp(s))));

        // L'(s) = d/2 − e^s/2 − λ·T e^s/(½ + T e^s) is strictly decreasing: bracket its root and bisect.
        double Slope(double s)
        {
            double e = Math.Exp(s);
            return halfD - (e / 2) - (lambda * horizon * e / (0.5 + (horizon * e)));
        }

        double lo = -1;
        while (Slope(lo) <= 0)
        {
            lo -= 2 * Math.Max(1, Math.Abs(lo));
        }

        double hi = Math.Log(dimension) + 1;
        while (Slope(hi) >= 0)
        {
            hi += 1;
        }

        double mode = Bisect(s => Slope(s), lo, hi, decreasing: true);
        double peak = L(mode);

        // Curvature at the mode sets the peak width; the step resolves it and stays ≤ 0.05 for the long tails.
        double e0 = Math.Exp(mode);
        double te = horizon * e0;
        double curvature = (e0 / 2) + (lambda * 0.5 * te / ((0.5 + te) * (0.5 + te)));
        double width = 1 / Math.Sqrt(curvature);
        double step = Math.Min(0.05, width / 40) * stepScale;

        double left = FindDrop(L, mode, peak, -width);
        double right = FindDrop(L, mode, peak, width);
        int intervals = (int)Math.Ceiling((right - left) / step);
        step = (right - left) / intervals;

        // Log-sum-exp of the trapezoid sum, shifted by the peak.
        double sum = 0;
        for (int k = 0; k <= intervals; k++)
        {
            double w = k == 0 || k == intervals ? 0.5 : 1.0;
            sum += w * Math.Exp(L(left + (k * step)) - peak);
        }

        return constant + peak + Math.Log(sum * step);
    }

    /// <summary>Walks from the mode in steps of <paramref name="direction"/> (doubling) until L has dropped by
    /// <see cref="Drop"/>, then bisects for the crossing (L is concave, so the crossing is unique on each side).</summary>
    private static double FindDrop(Func<double, double> l, double mode, double peak, double direction)
    {
        double level = peak - Drop;
        double inner = mode;
        double outer = mode + direction;
        while (l(outer) > level)
        {
            inner = outer;
            direction *= 2;
            outer = mode + direction;
        }

        return Bisect(s => l(s) - level, inner, outer, decreasing: direction > 0);
    }

    private static double Bisect(Func<double, double> f, double a, double b, bool decreasing)
    {
        // f(a) and f(b) have opposite signs; for a decreasing f, f > 0 on the low side.
        double low = Math.Min(a, b);
        double high = Math.Max(a, b);
        for (int i = 0; i < 200 && high - low > 1e-13 * Math.Max(1, Math.Abs(low)); i++)
        {
            double mid = 0.5 * (low + high);
            bool positive = f(mid) > 0;
            if (positive == decreasing)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        return 0.5 * (low + high);
    }
}
