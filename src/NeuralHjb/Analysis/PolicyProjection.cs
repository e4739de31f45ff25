using MathNet.Numerics.LinearAlgebra;
using NeuralHjb.Control;

namespace NeuralHjb.Analysis;

/// <summary>
/// Explains a learned control by projecting it, time by time, on a basis of functions of the state: for
/// each tₖ an ordinary-least-squares fit uₖ ≈ Σⱼ βⱼ(tₖ) φⱼ(tₖ, xₖ) over the sampled states, and R²(tₖ), the
/// share of the control's cross-sectional variance the fit explains. With the affine basis [1, q] on an
/// execution problem this is the Leal–Laurière–Lehalle explainability check: R² = 1 means the learned
/// control lies on the closed-form manifold ν = (h₁ + (α + h₂) q)/(2κ) (see <see cref="CarteaJaimungalManifold"/>).
/// </summary>
public static class PolicyProjection
{
    /// <summary>Projects the controls of a recorded rollout (tₖ = kT/N, xₖ the state the control was applied in).</summary>
    /// <param name="path">A rollout recorded with its states and controls (N + 1 states, N controls).</param>
    /// <param name="basis">The basis.</param>
    /// <param name="horizon">T.</param>
    /// <param name="controlIndex">Which control coordinate to project.</param>
    /// <returns>One regression per step.</returns>
    public static PolicyProjectionResult Project(RolloutResult path, ProjectionBasis basis, double horizon, int controlIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(basis);
        if (path.Controls.Count == 0 || path.States.Count < path.Controls.Count)
        {
            throw new ArgumentException("path must be recorded with its states and controls (recordPath: true).", nameof(path));
        }

        if (!(horizon > 0) || !double.IsFinite(horizon))
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, "horizon must be positive and finite.");
        }

        var n = path.Controls.Count;
        var times = new double[n];
        var states = new double[n][,];
        var controls = new double[n][];
        for (var k = 0; k < n; k++)
        {
            times[k] = k * horizon / n;
            states[k] = ToMatrix(path.States[k].ToDoubleArray(), path.States[k].Size(0), path.States[k].Size(1));
            var u = path.Controls[k];
            var c = u.Size(1);
            if (controlIndex < 0 || controlIndex >= c)
            {
                throw new ArgumentOutOfRangeException(nameof(controlIndex), controlIndex, $"controlIndex must lie in [0, {c}).");
            }

            var all = u.ToDoubleArray();
            controls[k] = new double[u.Size(0)];
            for (var b = 0; b < controls[k].Length; b++)
            {
                controls[k][b] = all[(b * c) + controlIndex];
            }
        }

        return Project(times, states, controls, basis);
    }

    /// <summary>Projects sampled controls given at sampled states.</summary>
    /// <param name="times">tₖ.</param>
    /// <param name="states">For each time, the states [n_k, d] (rows are samples).</param>
    /// <param name="controls">For each time, the n_k controls.</param>
    /// <param name="basis">The basis.</param>
    /// <returns>One regression per time.</returns>
    public static PolicyProjectionResult Project(IReadOnlyList<double> times, IReadOnlyList<double[,]> states, IReadOnlyList<double[]> controls, ProjectionBasis basis)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(basis);
        if (states.Count != times.Count || controls.Count != times.Count)
        {
            throw new ArgumentException("times, states and controls must have one entry per time.", nameof(controls));
        }

        var designs = new double[times.Count][,];
        for (var k = 0; k < times.Count; k++)
        {
            var s = states[k];
            var rows = s.GetLength(0);
            var d = s.GetLength(1);
            var row = new double[d];
            var features = new double[basis.Count];
            var design = new double[rows, basis.Count];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    row[j] = s[i, j];
                }

                basis.Evaluate(times[k], row, features);
                for (var j = 0; j < features.Length; j++)
                {
                    design[i, j] = features[j];
                }
            }

            designs[k] = design;
        }

        return Fit(times, designs, controls, basis.Names, basis.HasIntercept);
    }

    /// <summary>The time-by-time OLS fits given design matrices.</summary>
    /// <param name="times">tₖ.</param>
    /// <param name="designs">For each time the design matrix [n_k, p] (n_k ≥ p, full column rank).</param>
    /// <param name="responses">For each time the n_k responses.</param>
    /// <param name="basisNames">The p feature names.</param>
    /// <param name="hasIntercept">Whether the first column is the constant 1: R² is then 1 − SS_res/SS_tot about the mean,
    /// otherwise about zero (uncentred).</param>
    /// <returns>One regression per time.</returns>
    /// <exception cref="ArgumentException">A design has too few rows or is rank-deficient (for example every sampled state equal:
    /// spread the initial states).</exception>
    public static PolicyProjectionResult Fit(IReadOnlyList<double> times, IReadOnlyList<double[,]> designs, IReadOnlyList<double[]> responses, IReadOnlyList<string> basisNames, bool hasIntercept)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(designs);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentNullException.ThrowIfNull(basisNames);
        if (designs.Count != times.Count || responses.Count != times.Count || times.Count == 0)
        {
            throw new ArgumentException("times, designs and responses must have the same, non-zero count.", nameof(responses));
        }

        var p = basisNames.Count;
        var coefficients = new double[times.Count][];
        var r2 = new double[times.Count];
        var rms = new double[times.Count];
        for (var k = 0; k < times.Count; k++)
        {
            var x = designs[k];
            var y = responses[k];
            var n = y.Length;
            if (x.GetLength(0) != n || x.GetLength(1) != p)
            {
                throw new ArgumentException($"design {k} is [{x.GetLength(0)}, {x.GetLength(1)}] but needs [{n}, {p}].", nameof(designs));
            }

            if (n < p)
            {
                throw new ArgumentException($"time {times[k]} has {n} samples, fewer than the {p} basis functions.", nameof(responses));
            }

            var beta = Solve(x, y, times[k]);
            coefficients[k] = beta;
            (r2[k], rms[k]) = Goodness(x, y, beta, hasIntercept);
        }

        return new PolicyProjectionResult(basisNames, times, coefficients, r2, rms);
    }

    private static double[] Solve(double[,] x, double[] y, double t)
    {
        var a = Matrix<double>.Build.DenseOfArray(x);
        var qr = a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var r = qr.R;
        var largest = 0.0;
        for (var j = 0; j < r.ColumnCount; j++)
        {
            largest = Math.Max(largest, Math.Abs(r[j, j]));
        }

        for (var j = 0; j < r.ColumnCount; j++)
        {
            if (!(Math.Abs(r[j, j]) > 1e-10 * largest))
            {
                throw new ArgumentException($"the design at t = {t} is rank-deficient (basis function {j} is a combination of the others on the sampled states); spread the sampled states.", nameof(x));
            }
        }

        return qr.Solve(Vector<double>.Build.DenseOfArray(y)).ToArray();
    }

    private static (double RSquared, double Rms) Goodness(double[,] x, double[] y, double[] beta, bool centred)
    {
        var n = y.Length;
        var mean = 0.0;
        if (centred)
        {
            foreach (var v in y)
            {
                mean += v;
            }

            mean /= n;
        }

        double ssRes = 0, ssTot = 0, ssY = 0;
        for (var i = 0; i < n; i++)
        {
            var fit = 0.0;
            for (var j = 0; j < beta.Length; j++)
            {
                fit += x[i, j] * beta[j];
            }

            var e = y[i] - fit;
            ssRes += e * e;
            ssTot += (y[i] - mean) * (y[i] - mean);
            ssY += y[i] * y[i];
        }

        // A control that does not vary across the samples is explained exactly when the residual is at
        // rounding level; the ratio would otherwise be 0/0.
        var r2 = ssTot > 1e-24 * Math.Max(ssY, 1e-300) ? 1 - (ssRes / ssTot) : (ssRes <= 1e-20 * Math.Max(ssY, 1e-300) ? 1 : 0);
        return (r2, Math.Sqrt(ssRes / n));
    }

    private static double[,] ToMatrix(double[] values, int rows, int columns)
    {
        var m = new double[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                m[i, j] = values[(i * columns) + j];
            }
        }

        return m;
    }
}
