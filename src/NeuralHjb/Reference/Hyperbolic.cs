namespace NeuralHjb.Reference;

/// <summary>
/// Hyperbolic helpers that stay accurate (and finite) where the textbook expressions are 0/0 or overflow:
/// the κ → 0 limits of the execution formulas all go through these.
/// </summary>
internal static class Hyperbolic
{
    /// <summary>
    /// e^x − 1 without cancellation near 0, by Kahan's trick (u − 1)·x/ln u with u = e^x (a few ulps). Neither
    /// <c>double.ExpM1</c> (computed as Exp(x) − 1) nor MathNet 5.0's <c>SpecialFunctions.Expm1</c> (a short series,
    /// relative error ~1e-8 at x = 0.1) is accurate enough here.
    /// </summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        if (um1 == -1.0)
        {
            return -1.0;
        }

        return double.IsPositiveInfinity(u) ? u : um1 * x / Math.Log(u);
    }

    /// <summary>x coth x, equal to 1 at x = 0 (series 1 + x²/3 − x⁴/45 near zero).</summary>
    public static double XCothX(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 1e-4)
        {
            double x2 = x * x;
            return 1 + (x2 / 3) - (x2 * x2 / 45);
        }

        return ax > 20 ? ax : x / Math.Tanh(x);
    }

    /// <summary>tanh(g s)/g, equal to s at g = 0.</summary>
    public static double TanhOverRate(double g, double s)
    {
        double z = g * s;
        if (Math.Abs(z) < 1e-4)
        {
            double z2 = z * z;
            return s * (1 - (z2 / 3) + (2 * z2 * z2 / 15));
        }

        return Math.Tanh(z) / g;
    }

    /// <summary>
    /// sinh(κ s)/sinh(κ T) for 0 ≤ s ≤ T, equal to s/T at κ = 0 and evaluated without overflow for large κT.
    /// </summary>
    public static double SinhRatio(double kappa, double s, double horizon)
    {
        if (s <= 0)
        {
            return 0;
        }

        double kt = kappa * horizon;
        if (kt < 1e-8)
        {
            return s / horizon;
        }

        if (kt > 30)
        {
            // sinh(a)/sinh(b) = e^{a−b} (1 − e^{−2a})/(1 − e^{−2b}).
            double ks = kappa * s;
            return Math.Exp(ks - kt) * (-Hyperbolic.ExpM1(-2 * ks)) / (-Hyperbolic.ExpM1(-2 * kt));
        }

        return Math.Sinh(kappa * s) / Math.Sinh(kt);
    }
}
