namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// A square sparse matrix in compressed-row form with a fixed nine-point pattern on a structured 2-D grid:
/// the pattern is built once, only the values change between assemblies.
/// </summary>
internal sealed class CsrMatrix
{
    /// <summary>Builds the pattern; <see cref="Slot"/> maps (node, stencil offset) to a value index or −1.</summary>
    public CsrMatrix(int nx, int ny)
    {
        N = nx * ny;
        RowStart = new int[N + 1];
        Diagonal = new int[N];
        Slot = new int[N * 9];
        var cols = new List<int>(N * 9);
        for (int j = 0; j < ny; j++)
        {
            for (int i = 0; i < nx; i++)
            {
                int k = i + (nx * j);
                RowStart[k] = cols.Count;

                // dj outer, di inner: column indices come out sorted, which ILU(0) relies on.
                for (int dj = -1; dj <= 1; dj++)
                {
                    for (int di = -1; di <= 1; di++)
                    {
                        int o = di + 1 + (3 * (dj + 1));
                        int ii = i + di, jj = j + dj;
                        if (ii < 0 || ii >= nx || jj < 0 || jj >= ny)
                        {
                            Slot[(k * 9) + o] = -1;
                            continue;
                        }

                        if (o == 4)
                        {
                            Diagonal[k] = cols.Count;
                        }

                        Slot[(k * 9) + o] = cols.Count;
                        cols.Add(ii + (nx * jj));
                    }
                }
            }
        }

        RowStart[N] = cols.Count;
        Columns = cols.ToArray();
        Values = new double[Columns.Length];
    }

    public int N { get; }

    public int[] RowStart { get; }

    public int[] Columns { get; }

    public int[] Diagonal { get; }

    public int[] Slot { get; }

    public double[] Values { get; }

    /// <summary>y = A x.</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int r = 0; r < N; r++)
        {
            double s = 0;
            for (int p = RowStart[r]; p < RowStart[r + 1]; p++)
            {
                s += Values[p] * x[Columns[p]];
            }

            y[r] = s;
        }
    }
}
