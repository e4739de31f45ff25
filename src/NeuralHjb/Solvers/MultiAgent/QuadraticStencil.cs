namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// Least-squares quadratic q(z) = c + gᵀz + ½ zᵀHz on the (2h + 1)^f points z ∈ {−h, …, h}^f around a grid point
/// (f free axes, grid-spacing units); h = 2 averages out part of the regression's point-to-point noise. The pseudo-inverse depends only on which axes are free, so it is built once.
/// </summary>
internal sealed class QuadraticStencil
{
    private readonly int[] _offsets;
    private readonly double[] _pinv;
    private readonly int _terms;
    private readonly int _points;

    public QuadraticStencil(int mask, int assets, int pointsPerAsset, int halfWidth)
    {
        HalfWidth = halfWidth;
        var side = (2 * halfWidth) + 1;
        var free = new List<int>();
        for (var i = 0; i < assets; i++)
        {
            if ((mask & (1 << i)) != 0)
            {
                free.Add(i);
            }
        }

        Free = [.. free];
        var f = Free.Length;
        _points = 1;
        for (var a = 0; a < f; a++)
        {
            _points *= side;
        }

        _terms = 1 + f + (f * (f + 1) / 2);
        _offsets = new int[_points];
        var design = new double[_points * _terms];
        Span<int> z = stackalloc int[f];
        for (var s = 0; s < _points; s++)
        {
            var rest = s;
            var flat = 0;
            for (var a = 0; a < f; a++)
            {
                z[a] = (rest % side) - halfWidth;
                rest /= side;
                var stride = 1;
                for (var i = Free[a] + 1; i < assets; i++)
                {
                    stride *= pointsPerAsset;
                }

                flat += z[a] * stride;
            }

            _offsets[s] = flat;
            Basis(z, design.AsSpan(s * _terms, _terms));
        }

        _pinv = PseudoInverse(design, _points, _terms);
    }

    /// <summary>The stencil's half-width h: points z ∈ {−h, …, h}^f.</summary>
    public int HalfWidth { get; }

    /// <summary>The free axes, in order.</summary>
    public int[] Free { get; }

    /// <summary>Fits the criterion around <paramref name="centre"/> and returns its clamped maximiser, or false when the fit is not concave.</summary>
    public bool Maximise(ReadOnlySpan<double> values, int centre, out double[] offset)
    {
        var f = Free.Length;
        var c = Fit(values, centre);
        offset = new double[f];
        var h = new double[f * f];
        var g = new double[f];
        var t = 1 + f;
        for (var a = 0; a < f; a++)
        {
            g[a] = c[1 + a];
            for (var b = a; b < f; b++)
            {
                // Basis holds z_a z_b for a < b and z_a²/2 for a = b, so the coefficients are Hessian entries.
                h[(a * f) + b] = c[t];
                h[(b * f) + a] = c[t];
                t++;
            }
        }

        // Newton step z = −H⁻¹g, only for a negative-definite H (Cholesky of −H succeeds).
        var negative = new double[f * f];
        for (var k = 0; k < f * f; k++)
        {
            negative[k] = -h[k];
        }

        if (!CholeskySolveInPlace(negative, g, f))
        {
            return false;
        }

        for (var a = 0; a < f; a++)
        {
            offset[a] = Math.Clamp(g[a], -1, 1);
        }

        return true;
    }

    /// <summary>The fitted quadratic of <paramref name="values"/> at <paramref name="offset"/>.</summary>
    public double Interpolate(ReadOnlySpan<double> values, int centre, double[] offset)
    {
        var c = Fit(values, centre);
        Span<double> basis = stackalloc double[_terms];
        Basis(offset, basis);
        var sum = 0.0;
        for (var q = 0; q < _terms; q++)
        {
            sum += c[q] * basis[q];
        }

        return sum;
    }

    private double[] Fit(ReadOnlySpan<double> values, int centre)
    {
        var c = new double[_terms];
        for (var q = 0; q < _terms; q++)
        {
            var sum = 0.0;
            for (var s = 0; s < _points; s++)
            {
                sum += _pinv[(q * _points) + s] * values[centre + _offsets[s]];
            }

            c[q] = sum;
        }

        return c;
    }

    private static void Basis(ReadOnlySpan<int> z, Span<double> row)
    {
        Span<double> d = stackalloc double[z.Length];
        for (var a = 0; a < z.Length; a++)
        {
            d[a] = z[a];
        }

        Basis(d, row);
    }

    private static void Basis(ReadOnlySpan<double> z, Span<double> row)
    {
        var f = z.Length;
        row[0] = 1;
        for (var a = 0; a < f; a++)
        {
            row[1 + a] = z[a];
        }

        var t = 1 + f;
        for (var a = 0; a < f; a++)
        {
            for (var b = a; b < f; b++)
            {
                row[t++] = a == b ? 0.5 * z[a] * z[a] : z[a] * z[b];
            }
        }
    }

    /// <summary>(AᵀA)⁻¹Aᵀ, [terms, points]; AᵀA is small and well conditioned on this stencil.</summary>
    private static double[] PseudoInverse(double[] a, int rows, int cols)
    {
        var pinv = new double[cols * rows];
        for (var s = 0; s < rows; s++)
        {
            var normal = new double[cols * cols];
            for (var i = 0; i < cols; i++)
            {
                for (var j = 0; j < cols; j++)
                {
                    var sum = 0.0;
                    for (var r = 0; r < rows; r++)
                    {
                        sum += a[(r * cols) + i] * a[(r * cols) + j];
                    }

                    normal[(i * cols) + j] = sum;
                }
            }

            var column = new double[cols];
            for (var i = 0; i < cols; i++)
            {
                column[i] = a[(s * cols) + i];
            }

            if (!CholeskySolveInPlace(normal, column, cols))
            {
                throw new InvalidOperationException("the quadratic stencil is singular.");
            }

            for (var i = 0; i < cols; i++)
            {
                pinv[(i * rows) + s] = column[i];
            }
        }

        return pinv;
    }

    /// <summary>Solves S x = b for symmetric positive-definite S (overwritten), x into b; false when S is not positive definite.</summary>
    private static bool CholeskySolveInPlace(double[] s, double[] b, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var diagonal = s[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                diagonal -= s[(j * n) + k] * s[(j * n) + k];
            }

            if (!(diagonal > 1e-14))
            {
                return false;
            }

            var root = Math.Sqrt(diagonal);
            s[(j * n) + j] = root;
            for (var i = j + 1; i < n; i++)
            {
                var sum = s[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= s[(i * n) + k] * s[(j * n) + k];
                }

                s[(i * n) + j] = sum / root;
            }
        }

        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= s[(i * n) + k] * b[k];
            }

            b[i] = sum / s[(i * n) + i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= s[(k * n) + i] * b[k];
            }

            b[i] = sum / s[(i * n) + i];
        }

        return true;
    }
}
