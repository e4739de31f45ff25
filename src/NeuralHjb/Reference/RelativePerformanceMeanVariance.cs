using MathNet.Numerics.LinearAlgebra;

namespace NeuralHjb.Reference;

/// <summary>
/// N agents trading one stock with relative-performance concerns (REFERENCES §5, derived): agent i maximises, time-
/// consistently, E_t[Y_T] − (γ_i/2) Var_t[Y_T] of Y = X^i − θ_i X̄. Everything is in dollar amounts held in the stock,
/// and the amounts are deterministic, so each agent's best response is its own time-consistent mean–variance amount
/// for its net exposure: u_i − θ_i ū = e^{−r(T−t)}(μ − r)/(γ_i σ²), ū the benchmark's amount.
/// </summary>
public static class RelativePerformanceMeanVariance
{
    /// <summary>
    /// REFERENCES' formula u_i* = e^{−r(T−t)} ((μ − r)/σ²) [1/γ_i + θ_i · mean_j(1/γ_j)/(1 − θ̄)], θ̄ = mean θ.
    /// This is the exact Nash equilibrium of the finite game when X̄ is the mean over all N agents, agent i included: agent
    /// i's exposure u_i(1 − θ_i/N) − (θ_i/N)Σ_{j≠i}u_j is affine in u_i with a non-zero slope, so its best response sets
    /// u_i − θ_i ū = e^{−r(T−t)}(μ − r)/(γ_i σ²) whether or not it accounts for its own weight in X̄ (checked against brute
    /// force in tests/…/Solvers/MultiAgent/RelativePerformanceEquilibriumTests). For the benchmark "mean of the others"
    /// of REFERENCES §8 use <see cref="AmountsAgainstOthers"/>; the two agree when all agents share γ and θ.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="riskAversions">γ_i &gt; 0, one per agent (at least one agent).</param>
    /// <param name="competition">θ_i, finite, one per agent, with mean θ̄ &lt; 1.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>u_i*, one dollar amount per agent.</returns>
    public static double[] Amounts(
        MarketParameters market, IReadOnlyList<double> riskAversions, IReadOnlyList<double> competition, double horizon, double t)
    {
        ArgumentNullException.ThrowIfNull(market);
        int n = CheckAgents(riskAversions, competition, 1);
        double remaining = MertonClosedForm.Remaining(horizon, t);
        double meanInverse = 0;
        double meanTheta = 0;
        for (int i = 0; i < n; i++)
        {
            meanInverse += 1 / riskAversions[i];
            meanTheta += competition[i];
        }

        meanInverse /= n;
        meanTheta /= n;
        if (!(meanTheta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(competition), meanTheta, "competition must have a mean below 1 (no equilibrium otherwise).");
        }

        double scale = Math.Exp(-market.Rate * remaining) * (market.Drift - market.Rate) / (market.Sigma * market.Sigma);
        var u = new double[n];
        for (int i = 0; i < n; i++)
        {
            u[i] = scale * ((1 / riskAversions[i]) + (competition[i] * meanInverse / (1 - meanTheta)));
        }

        return u;
    }

    /// <summary>
    /// The exact Nash equilibrium when agent i's benchmark is the mean of the other N − 1 agents (REFERENCES §8's
    /// convention): solves u_i − (θ_i/(N − 1)) Σ_{j≠i} u_j = e^{−r(T−t)}(μ − r)/(γ_i σ²) for all i by LU.
    /// </summary>
    /// <param name="market">The market.</param>
    /// <param name="riskAversions">γ_i &gt; 0, one per agent (at least two agents).</param>
    /// <param name="competition">θ_i, finite, one per agent.</param>
    /// <param name="horizon">T &gt; 0.</param>
    /// <param name="t">Time 0 ≤ t ≤ T.</param>
    /// <returns>u_i*, one dollar amount per agent.</returns>
    /// <exception cref="ArgumentException">The equilibrium system is singular (no unique equilibrium for these θ).</exception>
    public static double[] AmountsAgainstOthers(
        MarketParameters market, IReadOnlyList<double> riskAversions, IReadOnlyList<double> competition, double horizon, double t)
    {
        ArgumentNullException.ThrowIfNull(market);
        int n = CheckAgents(riskAversions, competition, 2);
        double remaining = MertonClosedForm.Remaining(horizon, t);
        double scale = Math.Exp(-market.Rate * remaining) * (market.Drift - market.Rate) / (market.Sigma * market.Sigma);
        var system = Matrix<double>.Build.Dense(n, n);
        var rhs = Vector<double>.Build.Dense(n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                system[i, j] = i == j ? 1 : -competition[i] / (n - 1);
            }

            rhs[i] = scale / riskAversions[i];
        }

        var lu = system.LU();
        double determinant = lu.Determinant;
        if (!(Math.Abs(determinant) > 1e-12))
        {
            throw new ArgumentException("competition makes the equilibrium system singular: no unique equilibrium.", nameof(competition));
        }

        return lu.Solve(rhs).ToArray();
    }

    private static int CheckAgents(IReadOnlyList<double> riskAversions, IReadOnlyList<double> competition, int minimum)
    {
        ArgumentNullException.ThrowIfNull(riskAversions);
        ArgumentNullException.ThrowIfNull(competition);
        int n = riskAversions.Count;
        if (n < minimum)
        {
            throw new ArgumentException($"riskAversions must list at least {minimum} agent(s).", nameof(riskAversions));
        }

        if (competition.Count != n)
        {
            throw new ArgumentException($"competition must have one entry per agent ({n}), not {competition.Count}.", nameof(competition));
        }

        for (int i = 0; i < n; i++)
        {
            if (!(riskAversions[i] > 0) || !double.IsFinite(riskAversions[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(riskAversions), riskAversions[i], $"riskAversions must be positive and finite (entry {i} is not).");
            }

            if (!double.IsFinite(competition[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(competition), competition[i], $"competition must be finite (entry {i} is not).");
            }
        }

        return n;
    }
}
