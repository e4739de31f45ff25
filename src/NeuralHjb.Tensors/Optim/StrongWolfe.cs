using System.Numerics.Tensors;

namespace NeuralHjb.Optim;

/// <summary>
/// Strong-Wolfe line search with bracketing and cubic-interpolation zoom (Nocedal &amp; Wright,
/// algorithms 3.5–3.6), following the control flow of PyTorch's <c>_strong_wolfe</c>.
/// </summary>
internal static class StrongWolfe
{
    /// <summary>Evaluates the loss and flat gradient at x + t·d (x and d are fixed by the caller).</summary>
    public delegate double Objective(double t, out double[] gradient);

    /// <summary>
    /// Searches along d from the current point (loss f, gradient g, directional derivative gtd = g·d).
    /// Returns the accepted step and its loss and gradient.
    /// </summary>
    public static (double Loss, double[] Gradient, double Step, int Evaluations) Search(
        Objective obj, double t, double[] d, double f, double[] g, double gtd,
        double c1 = 1e-4, double c2 = 0.9, double toleranceChange = 1e-9, int maxLineSearch = 25)
    {
        var dNorm = Math.Abs(TensorPrimitives.MaxMagnitude<double>(d));
        var fNew = obj(t, out var gNew);
        var evals = 1;
        var gtdNew = TensorPrimitives.Dot<double>(gNew, d);

        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        var gPrev = g;
        var done = false;
        var iter = 0;
        var bracket = new double[2];
        var bracketF = new double[2];
        var bracketG = new double[2][];
        var bracketGtd = new double[2];
        var bracketSize = 0;
        while (iter < maxLineSearch)
        {
            if (fNew > f + (c1 * t * gtd) || (iter > 1 && fNew >= fPrev))
            {
                Set2(tPrev, t, fPrev, fNew, gPrev, gNew, gtdPrev, gtdNew);
                break;
            }

            if (Math.Abs(gtdNew) <= -c2 * gtd)
            {
                bracket[0] = t;
                bracketF[0] = fNew;
                bracketG[0] = gNew;
                bracketSize = 1;
                done = true;
                break;
            }

            if (gtdNew >= 0)
            {
                Set2(tPrev, t, fPrev, fNew, gPrev, gNew, gtdPrev, gtdNew);
                break;
            }

            // Extrapolate: interpolate within [t + 0.01(t − tPrev), 10t].
            var minStep = t + (0.01 * (t - tPrev));
            var maxStep = t * 10;
            var tmp = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            fNew = obj(t, out gNew);
            evals++;
            gtdNew = TensorPrimitives.Dot<double>(gNew, d);
            iter++;
        }

        if (iter == maxLineSearch)
        {
            Set2(0, t, f, fNew, g, gNew, gtd, gtdNew);
        }

        // Zoom.
        var insufficientProgress = false;
        int low = 0, high = 1;
        if (bracketSize == 2 && bracketF[0] > bracketF[1])
        {
            (low, high) = (1, 0);
        }

        while (!done && iter < maxLineSearch)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < toleranceChange)
            {
                break;
            }

            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            var bMax = Math.Max(bracket[0], bracket[1]);
            var bMin = Math.Min(bracket[0], bracket[1]);
            var eps = 0.1 * (bMax - bMin);
            if (Math.Min(bMax - t, t - bMin) < eps)
            {
                // Too close to an end of the bracket: move away unless the last step also did.
                if (insufficientProgress || t >= bMax || t <= bMin)
                {
                    t = Math.Abs(t - bMax) < Math.Abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }

            fNew = obj(t, out gNew);
            evals++;
            gtdNew = TensorPrimitives.Dot<double>(gNew, d);
            iter++;

            if (fNew > f + (c1 * t * gtd) || fNew >= bracketF[low])
            {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew;
                bracketGtd[high] = gtdNew;
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -c2 * gtd)
                {
                    done = true;
                }
                else if (gtdNew * (bracket[high] - bracket[low]) >= 0)
                {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }

                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew;
                bracketGtd[low] = gtdNew;
            }
        }

        return (bracketF[low], bracketG[low], bracket[low], evals);

        void Set2(double t0, double t1, double f0, double f1, double[] g0, double[] g1, double d0, double d1)
        {
            bracket[0] = t0;
            bracket[1] = t1;
            bracketF[0] = f0;
            bracketF[1] = f1;
            bracketG[0] = g0;
            bracketG[1] = g1;
            bracketGtd[0] = d0;
            bracketGtd[1] = d1;
            bracketSize = 2;
        }
    }

    /// <summary>
    /// Minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1, g2, clamped to
    /// [lower, upper] (default: the interval between x1 and x2); the midpoint when the cubic has no minimiser.
    /// </summary>
    public static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double? lower = null, double? upper = null)
    {
        var lo = lower ?? Math.Min(x1, x2);
        var hi = upper ?? Math.Max(x1, x2);

        var d1 = g1 + g2 - (3 * (f1 - f2) / (x1 - x2));
        var d2Square = (d1 * d1) - (g1 * g2);
        if (d2Square >= 0)
        {
            var d2 = Math.Sqrt(d2Square);
            var minPos = x1 <= x2
                ? x2 - ((x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + (2 * d2))))
                : x1 - ((x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + (2 * d2))));
            return Math.Min(Math.Max(minPos, lo), hi);
        }

        return (lo + hi) / 2;
    }
}
