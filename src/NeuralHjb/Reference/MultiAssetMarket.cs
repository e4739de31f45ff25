using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace NeuralHjb.Reference;

/// <summary>
/// A Black–Scholes market with n risky assets: riskless rate r, drifts μ_i, volatilities σ_i and correlation matrix ρ,
/// so the covariance is Σ = diag(σ) ρ diag(σ). ρ is factorised once (Cholesky) and must be positive definite.
/// </summary>
public sealed class MultiAssetMarket
{
    private readonly double[] _drifts;
    private readonly double[] _sigmas;
    private readonly Cholesky<double> _correlationFactor;

    /// <summary>Creates a validated market.</summary>
    /// <param name="rate">r, the riskless rate; must be finite.</param>
    /// <param name="drifts">μ_i, one per asset, finite; at least one asset.</param>
    /// <param name="sigmas">σ_i, one per asset, each positive and finite.</param>
    /// <param name="correlation">ρ, n × n, symmetric, unit diagonal, entries in [−1, 1], positive definite.</param>
    /// <exception cref="ArgumentException">A rule above is broken; the message names the argument and the rule.</exception>
    public MultiAssetMarket(double rate, IReadOnlyList<double> drifts, IReadOnlyList<double> sigmas, double[,] correlation)
    {
        ArgumentNullException.ThrowIfNull(drifts);
        ArgumentNullException.ThrowIfNull(sigmas);
        ArgumentNullException.ThrowIfNull(correlation);
        Rate = Guard.Finite(rate);
        int n = drifts.Count;
        if (n == 0)
        {
            throw new ArgumentException("drifts must name at least one asset.", nameof(drifts));
        }

        if (sigmas.Count != n)
        {
            throw new ArgumentException($"sigmas must have one entry per asset ({n}), not {sigmas.Count}.", nameof(sigmas));
        }

        if (correlation.GetLength(0) != n || correlation.GetLength(1) != n)
        {
            throw new ArgumentException($"correlation must be {n} x {n}.", nameof(correlation));
        }

        _drifts = new double[n];
        _sigmas = new double[n];
        for (int i = 0; i < n; i++)
        {
            _drifts[i] = Guard.Finite(drifts[i], nameof(drifts));
            if (!(sigmas[i] > 0) || !double.IsFinite(sigmas[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(sigmas), sigmas[i], $"sigmas must be positive and finite (entry {i} is not).");
            }

            _sigmas[i] = sigmas[i];
        }

        for (int i = 0; i < n; i++)
        {
            if (correlation[i, i] != 1)
            {
                throw new ArgumentException($"correlation must have a unit diagonal (entry [{i},{i}] is {correlation[i, i]}).", nameof(correlation));
            }

            for (int j = 0; j < n; j++)
            {
                double c = correlation[i, j];
                if (!(c >= -1 && c <= 1))
                {
                    throw new ArgumentException($"correlation entries must lie in [-1, 1] (entry [{i},{j}] is {c}).", nameof(correlation));
                }

                if (c != correlation[j, i])
                {
                    throw new ArgumentException($"correlation must be symmetric (entries [{i},{j}] and [{j},{i}] differ).", nameof(correlation));
                }
            }
        }

        var rho = Matrix<double>.Build.DenseOfArray(correlation);
        try
        {
            _correlationFactor = rho.Cholesky();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("correlation must be positive definite (its Cholesky factorisation failed).", nameof(correlation), e);
        }

        // MathNet's Cholesky can accept a numerically semi-definite matrix with a zero pivot; reject that too.
        double minPivot = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            minPivot = Math.Min(minPivot, _correlationFactor.Factor[i, i]);
        }

        if (!(minPivot > 1e-12))
        {
            throw new ArgumentException("correlation must be positive definite (a Cholesky pivot is zero: the assets are perfectly dependent).", nameof(correlation));
        }
    }

    /// <summary>r, the riskless rate.</summary>
    public double Rate { get; }

    /// <summary>n, the number of risky assets.</summary>
    public int AssetCount => _drifts.Length;

    /// <summary>μ_i, the drifts (a copy).</summary>
    public double[] Drifts => (double[])_drifts.Clone();

    /// <summary>σ_i, the volatilities (a copy).</summary>
    public double[] Sigmas => (double[])_sigmas.Clone();

    /// <summary>θ_i = (μ_i − r)/σ_i, the per-asset Sharpe ratios.</summary>
    public double[] SharpeRatios
    {
        get
        {
            var theta = new double[_drifts.Length];
            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] = (_drifts[i] - Rate) / _sigmas[i];
            }

            return theta;
        }
    }

    /// <summary>
    /// w = Σ⁻¹(μ − r𝟙) = diag(σ)⁻¹ ρ⁻¹ θ, through the Cholesky factor of ρ (the optimal exposure per unit of
    /// inverse risk aversion).
    /// </summary>
    /// <returns>w, one entry per asset.</returns>
    public double[] InverseCovarianceTimesExcessDrift()
    {
        var theta = Vector<double>.Build.DenseOfArray(SharpeRatios);
        var y = _correlationFactor.Solve(theta);
        var w = new double[_drifts.Length];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = y[i] / _sigmas[i];
        }

        return w;
    }

    /// <summary>θᵀρ⁻¹θ = (μ − r𝟙)ᵀ Σ⁻¹ (μ − r𝟙), the squared Sharpe ratio of the tangency portfolio.</summary>
    /// <returns>The squared maximal Sharpe ratio.</returns>
    public double SquaredMaximalSharpeRatio()
    {
        var theta = Vector<double>.Build.DenseOfArray(SharpeRatios);
        return theta.DotProduct(_correlationFactor.Solve(theta));
    }
}
