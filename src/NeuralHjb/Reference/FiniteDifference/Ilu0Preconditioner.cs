namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// Incomplete LU factorisation with zero fill-in, on the matrix's own sparsity pattern. For the nearly
/// M-matrix systems of an implicit HJB step it cuts BiCGSTAB to a handful of iterations.
/// </summary>
internal sealed class Ilu0Preconditioner
{
    private readonly CsrMatrix a;
    private readonly double[] lu;
    private readonly int[] position;

    public Ilu0Preconditioner(CsrMatrix matrix)
    {
        a = matrix;
        lu = new double[matrix.Values.Length];
        position = new int[matrix.N];
        Array.Fill(position, -1);
    }

    /// <summary>Factors the current values of the matrix (IKJ variant; L unit lower, U upper, stored together).</summary>
    public void Factor()
    {
        Array.Copy(a.Values, lu, lu.Length);
        int[] rs = a.RowStart, col = a.Columns, dg = a.Diagonal;
        for (int i = 0; i < a.N; i++)
        {
            for (int p = rs[i]; p < rs[i + 1]; p++)
            {
                position[col[p]] = p;
            }

            for (int p = rs[i]; p < dg[i]; p++)
            {
                int k = col[p];
                double pivot = lu[dg[k]];
                double l = lu[p] / pivot;
                lu[p] = l;
                for (int q = dg[k] + 1; q < rs[k + 1]; q++)
                {
                    int target = position[col[q]];
                    if (target >= 0)
                    {
                        lu[target] -= l * lu[q];
                    }
                }
            }

            for (int p = rs[i]; p < rs[i + 1]; p++)
            {
                position[col[p]] = -1;
            }
        }
    }

    /// <summary>z = (LU)⁻¹ r.</summary>
    public void Apply(ReadOnlySpan<double> r, Span<double> z)
    {
        int[] rs = a.RowStart, col = a.Columns, dg = a.Diagonal;
        for (int i = 0; i < a.N; i++)
        {
            double s = r[i];
            for (int p = rs[i]; p < dg[i]; p++)
            {
                s -= lu[p] * z[col[p]];
            }

            z[i] = s;
        }

        for (int i = a.N - 1; i >= 0; i--)
        {
            double s = z[i];
            for (int p = dg[i] + 1; p < rs[i + 1]; p++)
            {
                s -= lu[p] * z[col[p]];
            }

            z[i] = s / lu[dg[i]];
        }
    }
}
