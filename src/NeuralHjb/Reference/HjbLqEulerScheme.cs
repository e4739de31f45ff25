using MathNet.Numerics.Integration;

namespace NeuralHjb.Reference;

/// <summary>
/// The exact value at x₀ = 0 of the explicit backward Euler scheme of the HJB-LQ BSDE (REFERENCES §6) on N equal
/// time steps — the number a perfect learner of a time-discretised BSDE solver converges to, as opposed to the
/// continuous-time value <see cref="HjbLqReference"/>. The difference between the two is the scheme's
/// time-discretisation error, which no amount of training removes.
/// </summary>
/// <remarks>
/// <para>The scheme is Y_N = g(X_N), Zᵢ = E[Yᵢ₊₁ ΔWᵢ | Xᵢ]/Δt, Yᵢ = E[Yᵢ₊₁ | Xᵢ] + f(Zᵢ)Δt with f(z) = −λ|z|²/2 and
/// X = √2 W (the least-squares solution of every step of DBDP). Every Yᵢ is radial, so with |x| = r and
/// ΔW = √Δt (a e + b), e = x/r, a ~ N(0, 1), |b|² ~ χ²_{d−1}: |x + √2ΔW|² = (r + √(2Δt) a)² + 2Δt |b|²,
/// Zᵢ = E[Yᵢ₊₁ a]/√Δt along e and Yᵢ = E[Yᵢ₊₁] − (λ/2) E[Yᵢ₊₁ a]².</para>
/// <para>Each Yᵢ is held on a uniform grid in ρ = ln(1 + r²) (on which g is linear) with cubic Lagrange
/// interpolation, and the two expectations are composite Gauss–Legendre sums over a and |b| against their
/// densities. The grid and nodes resolve the result to about 1e-6 relative (checked by refining them in the tests).</para>
/// </remarks>
public static class HjbLqEulerScheme
{
    private const int GridPoints = 600;
    private const int Panels = 16;
    private const int Order = 5;

    /// <summary>Y₀ of the N-step explicit backward Euler scheme at x₀ = 0.</summary>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="lambda">λ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="timeSteps">N ≥ 1.</param>
    /// <returns>The scheme's value; it tends to <see cref="HjbLqReference.Value(int, double, double)"/> as N grows, with error O(1/N).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    public static double Value(int dimension, double lambda, double horizon, int timeSteps)
        => Value(dimension, lambda, horizon, timeSteps, 0, 1);

    /// <summary>
    /// Y₀ of the θ-scheme in the generator: Yᵢ = E[Yᵢ₊₁ + θ f(Zᵢ₊₁)Δt | Xᵢ] + (1 − θ) f(Zᵢ)Δt with
    /// Zᵢ = E[(Yᵢ₊₁ + θ f(Zᵢ₊₁)Δt) ΔWᵢ | Xᵢ]/Δt and Z_N = σᵀ∇g(X_N); θ = 0 is the explicit scheme, θ = ½ the trapezoidal one.
    /// </summary>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="lambda">λ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="timeSteps">N ≥ 1.</param>
    /// <param name="theta">θ ∈ [0, 1].</param>
    /// <returns>The scheme's value at x₀ = 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    public static double Value(int dimension, double lambda, double horizon, int timeSteps, double theta)
        => Value(dimension, lambda, horizon, timeSteps, theta, 1);

    /// <summary>As <see cref="Value(int, double, double, int, double)"/> with grid and nodes multiplied by <paramref name="refine"/> (tests).</summary>
    internal static double Value(int dimension, double lambda, double horizon, int timeSteps, double theta, int refine)
        => Run(dimension, lambda, horizon, timeSteps, theta, refine, keepZ: false).Value;

    /// <summary>
    /// The whole θ-scheme: Y₀ at x₀ = 0 and every Zᵢ as a function of the state (the regression target of every
    /// time step of a BSDE solver of this discretisation), to compare a trained Z with.
    /// </summary>
    /// <param name="dimension">d ≥ 1.</param>
    /// <param name="lambda">λ &gt; 0.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="timeSteps">N ≥ 1.</param>
    /// <param name="theta">θ ∈ [0, 1]; 0 is the explicit scheme.</param>
    /// <returns>The scheme's solution.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter breaks the rule stated for it.</exception>
    public static HjbLqSchemeSolution Solve(int dimension, double lambda, double horizon, int timeSteps, double theta = 0)
        => Run(dimension, lambda, horizon, timeSteps, theta, 1, keepZ: true);

    private static HjbLqSchemeSolution Run(int dimension, double lambda, double horizon, int timeSteps, double theta, int refine, bool keepZ)
    {
        if (!(theta >= 0 && theta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(theta), theta, $"theta must be in [0, 1] (got {theta}).");
        }

        Guard.PositiveCount(dimension);
        Guard.Positive(lambda);
        Guard.Positive(horizon);
        Guard.PositiveCount(timeSteps);
        double dt = horizon / timeSteps;

        // The grid reaches far beyond where the paths go: |X_T|² = 2T χ²_d, cut ~12 standard deviations out.
        double sMax = 2 * horizon * (dimension + (12 * Math.Sqrt(2.0 * dimension)) + 60);
        int m = GridPoints * refine;
        double h = Math.Log(1 + sMax) / m;
        var y = new double[m + 1];
        var zz = new double[m + 1]; // |Zᵢ|² on the grid
        for (int j = 0; j <= m; j++)
        {
            y[j] = (j * h) - Math.Log(2); // g = ln((1 + s)/2) = ρ − ln 2
            double s = Math.Exp(j * h) - 1;
            zz[j] = 8 * s / ((1 + s) * (1 + s)); // |σᵀ∇g|² = 2|2x/(1 + |x|²)|²
        }

        var (aNodes, aWeights) = GaussianNodes(Panels * refine);
        var (bNodes, bWeights) = dimension > 1 ? ChiNodes(dimension - 1, Panels * refine) : ([0.0], [1.0]);
        double shift = Math.Sqrt(2 * dt);
        var radialZ = new double[keepZ ? timeSteps : 0][];
        var next = new double[m + 1];
        var zzNext = new double[m + 1];
        for (int i = timeSteps - 1; i >= 0; i--)
        {
            (y, next) = (next, y);
            (zz, zzNext) = (zzNext, zz);
            int points = i == 0 ? 1 : m + 1; // at t₀ only x₀ = 0 is needed
            double[]? radial = keepZ ? radialZ[i] = new double[m + 1] : null;
            for (int j = 0; j < points; j++)
            {
                double r = Math.Sqrt(Math.Exp(j * h) - 1);
                double mean = 0;
                double first = 0;
                for (int p = 0; p < aNodes.Length; p++)
                {
                    double along = r + (shift * aNodes[p]);
                    double inner = 0;
                    for (int q = 0; q < bNodes.Length; q++)
                    {
                        double rho = Math.Log(1 + (along * along) + (dt * 2 * bNodes[q] * bNodes[q]));
                        double target = Interpolate(next, h, rho);
                        if (theta > 0)
                        {
                            target -= theta * lambda / 2 * Interpolate(zzNext, h, rho) * dt;
                        }

                        inner += bWeights[q] * target;
                    }

                    mean += aWeights[p] * inner;
                    first += aWeights[p] * aNodes[p] * inner;
                }

                zz[j] = first * first / dt;
                if (radial is not null)
                {
                    radial[j] = first / Math.Sqrt(dt); // Zᵢ = E[Yᵢ₊₁ a]/√Δt · x/|x|
                }

                y[j] = mean - ((1 - theta) * lambda / 2 * first * first);
            }
        }

        return new HjbLqSchemeSolution(y[0], horizon, h, radialZ);
    }

    /// <summary>Cubic Lagrange interpolation on the uniform grid ρⱼ = j h; linear extrapolation beyond its end.</summary>
    internal static double Interpolate(double[] values, double h, double rho)
    {
        int last = values.Length - 1;
        double u = rho / h;
        if (u >= last)
        {
            return values[last] + ((u - last) * (values[last] - values[last - 1]));
        }

        int k = Math.Clamp((int)Math.Floor(u) - 1, 0, last - 3);
        double t = u - k;
        double t1 = t - 1;
        double t2 = t - 2;
        double t3 = t - 3;
        return (-values[k] * t1 * t2 * t3 / 6) + (values[k + 1] * t * t2 * t3 / 2) - (values[k + 2] * t * t1 * t3 / 2) + (values[k + 3] * t * t1 * t2 / 6);
    }

    /// <summary>Nodes and weights for E[φ(a)], a ~ N(0, 1), on [−9, 9]; weights renormalised to sum to 1.</summary>
    private static (double[] Nodes, double[] Weights) GaussianNodes(int panels)
        => Normalised(-9, 9, panels, a => Math.Exp(-a * a / 2));

    /// <summary>Nodes and weights for E[φ(v)], v ~ χ_k (density ∝ v^{k−1} e^{−v²/2}), around its mode.</summary>
    private static (double[] Nodes, double[] Weights) ChiNodes(int k, int panels)
    {
        double mode = Math.Sqrt(Math.Max(k - 1, 0));
        double logPeak = k > 1 ? ((k - 1) * Math.Log(mode)) - (mode * mode / 2) : 0;
        return Normalised(Math.Max(0, mode - 9), mode + 9, panels, v => v <= 0 ? (k == 1 ? 1 : 0) : Math.Exp(((k - 1) * Math.Log(v)) - (v * v / 2) - logPeak));
    }

    private static (double[] Nodes, double[] Weights) Normalised(double from, double to, int panels, Func<double, double> density)
    {
        var rule = new GaussLegendreRule(-1, 1, Order);
        var nodes = new double[panels * Order];
        var weights = new double[panels * Order];
        double width = (to - from) / panels;
        double total = 0;
        for (int p = 0; p < panels; p++)
        {
            double mid = from + ((p + 0.5) * width);
            for (int i = 0; i < Order; i++)
            {
                int n = (p * Order) + i;
                nodes[n] = mid + (width / 2 * rule.Abscissas[i]);
                weights[n] = rule.Weights[i] * width / 2 * density(nodes[n]);
                total += weights[n];
            }
        }

        for (int n = 0; n < weights.Length; n++)
        {
            weights[n] /= total;
        }

        return (nodes, weights);
    }
}
