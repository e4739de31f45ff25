namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// Builds the 3×3 (3 in 1-D) stencil of the discrete generator at one node for given coefficients.
/// Weight <c>w[(di+1) + 3(dj+1)]</c> multiplies V at node (i+di, j+dj); index 4 is the node itself.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Second derivatives: the three-point non-uniform central difference (positive neighbour weights).</item>
/// <item>First derivatives: upwind by the sign of the drift (one-sided towards where the state moves), which
/// keeps the neighbour weights non-negative: first order, but monotone.</item>
/// <item>Cross derivative: the seven-point stencil chosen by the sign of <c>a_xy</c> (for a_xy &gt; 0 it uses the
/// (+,+) and (−,−) diagonal neighbours, for a_xy &lt; 0 the (+,−) and (−,+) ones). It subtracts from the axis
/// weights, so it is monotone only while roughly <c>a_xx·h_y ≥ |a_xy|·h_x</c> and <c>a_yy·h_x ≥ |a_xy|·h_y</c>;
/// when that fails the stencil is kept (it stays consistent) and the row is reported as non-monotone.</item>
/// <item>Boundaries with linear extrapolation: the stencil is built with a mirrored ghost node, which is then
/// eliminated by <c>V_ghost = 2V_b − V_inner</c> (corners fold twice).</item>
/// </list>
/// </remarks>
internal sealed class StencilBuilder
{
    private readonly int nx;
    private readonly int ny;
    private readonly double[] hxm;
    private readonly double[] hxp;
    private readonly double[] hym;
    private readonly double[] hyp;

    public StencilBuilder(StateGrid grid)
    {
        nx = grid.NX;
        ny = grid.NY;
        (hxm, hxp) = Spacings(grid.X);
        if (grid.Y is not null)
        {
            (hym, hyp) = Spacings(grid.Y);
        }
        else
        {
            hym = hyp = [];
        }
    }

    public bool TwoDimensional => ny > 1;

    /// <summary>Fills <paramref name="w"/> (length 9) and returns whether all neighbour weights are non-negative.</summary>
    public bool Build(int i, int j, in HjbCoefficients c, Span<double> w)
    {
        w.Clear();

        // x: ½ a_xx V_xx with V_xx ≈ 2[(V₊ − V₀)/h₊ − (V₀ − V₋)/h₋]/(h₋ + h₊), then upwind b_x V_x.
        double hm = hxm[i], hp = hxp[i];
        AddAxis(w, 3, 5, hm, hp, c.Axx, c.DriftX);

        if (TwoDimensional)
        {
            double km = hym[j], kp = hyp[j];
            AddAxis(w, 1, 7, km, kp, c.Ayy, c.DriftY);
            AddCross(w, c.Axy, hm, hp, km, kp);
        }

        w[4] += c.ZerothOrder;
        FoldGhosts(i, j, w);
        return IsMonotone(w);
    }

    /// <summary>Central-difference estimates of the derivatives of V at node (i, j), for closed-form control optimisers.</summary>
    public ControlContext Derivatives(double[] v, int i, int j)
    {
        int k = i + (nx * j);
        double vx = FirstDerivative(v, k, 1, i, nx, hxm, hxp);
        double vxx = SecondDerivative(v, k, 1, i, nx, hxm, hxp);
        double vy = 0, vyy = 0, vxy = 0;
        if (TwoDimensional)
        {
            vy = FirstDerivative(v, k, nx, j, ny, hym, hyp);
            vyy = SecondDerivative(v, k, nx, j, ny, hym, hyp);
            int i0 = Math.Max(i - 1, 0), i1 = Math.Min(i + 1, nx - 1), j0 = Math.Max(j - 1, 0), j1 = Math.Min(j + 1, ny - 1);
            double dx = Offset(hxm, hxp, i, i0, i1), dy = Offset(hym, hyp, j, j0, j1);
            vxy = (v[i1 + (nx * j1)] - v[i1 + (nx * j0)] - v[i0 + (nx * j1)] + v[i0 + (nx * j0)]) / (dx * dy);
        }

        return new ControlContext { V = v[k], Vx = vx, Vy = vy, Vxx = vxx, Vyy = vyy, Vxy = vxy };
    }

    private static void AddAxis(Span<double> w, int minus, int plus, double hm, double hp, double a, double b)
    {
        double dm = a / (hm * (hm + hp)), dp = a / (hp * (hm + hp));
        w[minus] += dm;
        w[plus] += dp;
        w[4] -= dm + dp;
        if (b > 0)
        {
            w[plus] += b / hp;
            w[4] -= b / hp;
        }
        else if (b < 0)
        {
            w[minus] -= b / hm;
            w[4] += b / hm;
        }
    }

    private static void AddCross(Span<double> w, double a, double hm, double hp, double km, double kp)
    {
        // a V_xy as the mean of two one-sided mixed differences, each first-order consistent on any grid.
        if (a > 0)
        {
            double e = a / (2 * hp * kp), f = a / (2 * hm * km);
            w[8] += e;
            w[5] -= e;
            w[7] -= e;
            w[0] += f;
            w[3] -= f;
            w[1] -= f;
            w[4] += e + f;
        }
        else if (a < 0)
        {
            double e = -a / (2 * hp * km), f = -a / (2 * hm * kp);
            w[2] += e;
            w[5] -= e;
            w[1] -= e;
            w[6] += f;
            w[3] -= f;
            w[7] -= f;
            w[4] += e + f;
        }
    }

    private void FoldGhosts(int i, int j, Span<double> w)
    {
        for (int r = 0; r < 3; r++)
        {
            int row = 3 * r;
            if (i == 0)
            {
                Fold(w, row, row + 1, row + 2);
            }
            else if (i == nx - 1)
            {
                Fold(w, row + 2, row + 1, row);
            }
        }

        if (!TwoDimensional)
        {
            return;
        }

        for (int col = 0; col < 3; col++)
        {
            if (j == 0)
            {
                Fold(w, col, col + 3, col + 6);
            }
            else if (j == ny - 1)
            {
                Fold(w, col + 6, col + 3, col);
            }
        }
    }

    /// <summary>V_ghost = 2V_boundary − V_inner.</summary>
    private static void Fold(Span<double> w, int ghost, int boundary, int inner)
    {
        double g = w[ghost];
        if (g != 0)
        {
            w[boundary] += 2 * g;
            w[inner] -= g;
            w[ghost] = 0;
        }
    }

    private static bool IsMonotone(ReadOnlySpan<double> w)
    {
        double scale = 0;
        for (int o = 0; o < 9; o++)
        {
            scale = Math.Max(scale, Math.Abs(w[o]));
        }

        double tol = -1e-12 * scale;
        for (int o = 0; o < 9; o++)
        {
            if (o != 4 && w[o] < tol)
            {
                return false;
            }
        }

        return true;
    }

    private static double FirstDerivative(double[] v, int k, int stride, int i, int n, double[] hm, double[] hp)
    {
        if (i == 0)
        {
            return (v[k + stride] - v[k]) / hp[i];
        }

        if (i == n - 1)
        {
            return (v[k] - v[k - stride]) / hm[i];
        }

        double a = hm[i], b = hp[i];
        return ((-b / (a * (a + b)) * v[k - stride]) + ((b - a) / (a * b) * v[k])) + (a / (b * (a + b)) * v[k + stride]);
    }

    private static double SecondDerivative(double[] v, int k, int stride, int i, int n, double[] hm, double[] hp)
    {
        // On the boundary, borrow the nearest interior estimate rather than the zero the extrapolation imposes.
        int shift = i == 0 ? 1 : i == n - 1 ? -1 : 0;
        int c = k + (shift * stride), ic = i + shift;
        double a = hm[ic], b = hp[ic];
        return 2 * (((v[c + stride] - v[c]) / b) - ((v[c] - v[c - stride]) / a)) / (a + b);
    }

    private static double Offset(double[] hm, double[] hp, int i, int i0, int i1)
        => (i1 > i ? hp[i] : 0) + (i0 < i ? hm[i] : 0);

    private static (double[] Minus, double[] Plus) Spacings(GridAxis axis)
    {
        double[] x = axis.Array;
        int n = x.Length;
        var hm = new double[n];
        var hp = new double[n];
        for (int i = 0; i < n; i++)
        {
            hm[i] = i > 0 ? x[i] - x[i - 1] : x[1] - x[0];
            hp[i] = i < n - 1 ? x[i + 1] - x[i] : x[n - 1] - x[n - 2];
        }

        return (hm, hp);
    }
}
