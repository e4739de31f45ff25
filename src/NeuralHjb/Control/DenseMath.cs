namespace NeuralHjb.Control;

/// <summary>Small dense linear algebra in double for problem set-up (not on the hot path).</summary>
internal static class DenseMath
{
    /// <summary>Lower Cholesky factor L with A = L Lᵀ, or null (with the failing row) when A is not positive definite.</summary>
    public static double[,]? Cholesky(double[,] a, out int failedRow)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++)
                {
                    s -= l[i, k] * l[j, k];
                }

                if (i == j)
                {
                    if (!(s > 1e-14))
                    {
                        failedRow = i;
                        return null;
                    }

                    l[i, i] = Math.Sqrt(s);
                }
                else
                {
                    l[i, j] = s / l[j, j];
                }
            }
        }

        failedRow = -1;
        return l;
    }

    /// <summary>Solves (L Lᵀ) x = b given the lower Cholesky factor L.</summary>
    public static double[] CholeskySolve(double[,] l, double[] b)
    {
        var n = b.Length;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= l[i, k] * y[k];
            }

            y[i] = s / l[i, i];
        }

        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= l[k, i] * x[k];
            }

            x[i] = s / l[i, i];
        }

        return x;
    }

    public static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            m[i, i] = 1;
        }

        return m;
    }

    public static double[] Flatten(double[,] m)
    {
        var r = m.GetLength(0);
        var c = m.GetLength(1);
        var flat = new double[r * c];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                flat[(i * c) + j] = m[i, j];
            }
        }

        return flat;
    }

    public static double[,] Transpose(double[,] m)
    {
        var r = m.GetLength(0);
        var c = m.GetLength(1);
        var t = new double[c, r];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < c; j++)
            {
                t[j, i] = m[i, j];
            }
        }

        return t;
    }
}
