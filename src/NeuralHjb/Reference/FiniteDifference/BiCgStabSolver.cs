namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// Right-preconditioned BiCGSTAB (van der Vorst 1992). Right preconditioning keeps the monitored residual the
/// true one, so the tolerance means what it says. Restarts the shadow residual on breakdown.
/// </summary>
internal sealed class BiCgStabSolver
{
    private readonly CsrMatrix a;
    private readonly Ilu0Preconditioner m;
    private readonly double[] r, rHat, p, v, s, t, pHat, sHat;

    public BiCgStabSolver(CsrMatrix matrix, Ilu0Preconditioner preconditioner)
    {
        a = matrix;
        m = preconditioner;
        int n = matrix.N;
        r = new double[n];
        rHat = new double[n];
        p = new double[n];
        v = new double[n];
        s = new double[n];
        t = new double[n];
        pHat = new double[n];
        sHat = new double[n];
    }

    /// <summary>Solves A x = b from the initial guess in x; returns (iterations, relative residual).</summary>
    public (int Iterations, double Residual) Solve(double[] b, double[] x, double tolerance, int maxIterations)
    {
        double bNorm = Math.Max(Norm(b), 1e-300);
        a.Multiply(x, r);
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = b[i] - r[i];
        }

        double res = Norm(r) / bNorm;
        if (res <= tolerance)
        {
            return (0, res);
        }

        Restart();
        double rho = 1, alpha = 1, omega = 1;
        for (int it = 1; it <= maxIterations; it++)
        {
            double rhoNew = Dot(rHat, r);
            if (Math.Abs(rhoNew) < 1e-300 || omega == 0)
            {
                Restart();
                rho = alpha = omega = 1;
                rhoNew = Dot(rHat, r);
            }

            double beta = rhoNew / rho * (alpha / omega);
            rho = rhoNew;
            for (int i = 0; i < p.Length; i++)
            {
                p[i] = r[i] + (beta * (p[i] - (omega * v[i])));
            }

            m.Apply(p, pHat);
            a.Multiply(pHat, v);
            alpha = rho / Dot(rHat, v);
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = r[i] - (alpha * v[i]);
            }

            if (Norm(s) / bNorm <= tolerance)
            {
                Axpy(alpha, pHat, x);
                a.Multiply(x, r);
                return (it, TrueResidual(b, x, bNorm));
            }

            m.Apply(s, sHat);
            a.Multiply(sHat, t);
            double tt = Dot(t, t);
            omega = tt > 0 ? Dot(t, s) / tt : 0;
            for (int i = 0; i < x.Length; i++)
            {
                x[i] += (alpha * pHat[i]) + (omega * sHat[i]);
                r[i] = s[i] - (omega * t[i]);
            }

            res = Norm(r) / bNorm;
            if (res <= tolerance)
            {
                return (it, TrueResidual(b, x, bNorm));
            }
        }

        return (maxIterations, TrueResidual(b, x, bNorm));

        void Restart()
        {
            Array.Copy(r, rHat, r.Length);
            Array.Clear(p);
            Array.Clear(v);
        }
    }

    private double TrueResidual(double[] b, double[] x, double bNorm)
    {
        a.Multiply(x, t);
        double s2 = 0;
        for (int i = 0; i < b.Length; i++)
        {
            double d = b[i] - t[i];
            s2 += d * d;
        }

        return Math.Sqrt(s2) / bNorm;
    }

    private static void Axpy(double alpha, double[] xs, double[] y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] += alpha * xs[i];
        }
    }

    private static double Dot(double[] x, double[] y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += x[i] * y[i];
        }

        return s;
    }

    private static double Norm(double[] x) => Math.Sqrt(Dot(x, x));
}
