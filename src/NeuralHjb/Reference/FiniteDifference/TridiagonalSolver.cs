namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// Thomas algorithm for <c>lower[i] x[i−1] + diag[i] x[i] + upper[i] x[i+1] = rhs[i]</c>. Without pivoting;
/// safe for the diagonally dominant matrices a monotone implicit step produces.
/// </summary>
internal static class TridiagonalSolver
{
    /// <summary>Solves in place of <paramref name="x"/>; <paramref name="scratch"/> has the system's length.</summary>
    public static void Solve(double[] lower, double[] diag, double[] upper, double[] rhs, double[] x, double[] scratch)
    {
        int n = diag.Length;
        double beta = diag[0];
        x[0] = rhs[0] / beta;
        for (int i = 1; i < n; i++)
        {
            scratch[i] = upper[i - 1] / beta;
            beta = diag[i] - (lower[i] * scratch[i]);
            x[i] = (rhs[i] - (lower[i] * x[i - 1])) / beta;
        }

        for (int i = n - 2; i >= 0; i--)
        {
            x[i] -= scratch[i + 1] * x[i + 1];
        }
    }

    /// <summary>‖rhs − A x‖₂ / max(‖rhs‖₂, tiny).</summary>
    public static double RelativeResidual(double[] lower, double[] diag, double[] upper, double[] rhs, double[] x)
    {
        int n = diag.Length;
        double r2 = 0, b2 = 0;
        for (int i = 0; i < n; i++)
        {
            double ax = diag[i] * x[i];
            if (i > 0)
            {
                ax += lower[i] * x[i - 1];
            }

            if (i < n - 1)
            {
                ax += upper[i] * x[i + 1];
            }

            double r = rhs[i] - ax;
            r2 += r * r;
            b2 += rhs[i] * rhs[i];
        }

        return Math.Sqrt(r2) / Math.Max(Math.Sqrt(b2), 1e-300);
    }
}
