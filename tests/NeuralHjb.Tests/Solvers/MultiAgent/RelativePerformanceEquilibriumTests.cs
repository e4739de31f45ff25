using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Solvers.MultiAgent;

/// <summary>
/// Section 5's N-agent formulas against brute-force dynamic programming of the finite game: backward in time, at each
/// step every agent's best response is found by grid search over its amount (its own effect on the benchmark
/// included), iterated until no agent moves. Deterministic amounts make E and Var of Yᵢ(T) exact sums.
/// </summary>
public class RelativePerformanceEquilibriumTests
{
    private const double Mu = 0.11;
    private const double Sigma = 0.25;
    private const int Steps = 5;
    private const double Dt = 1.0 / Steps;

    /// <summary>Equilibrium amounts at step 0 of the discrete game (r = 0, so discounting plays no part).</summary>
    private static double[] BruteForce(double[] gamma, double[] theta, bool excludeSelf)
    {
        var m = gamma.Length;
        var u = new double[m];
        for (var sweep = 0; sweep < 200; sweep++)
        {
            var moved = 0.0;
            for (var i = 0; i < m; i++)
            {
                // Agent i's step criterion: e·μΔt − (γ/2)e²σ²Δt with e its exposure to this step's return; the later
                // steps' amounts are fixed, so they add constants.
                var best = u[i];
                var bestValue = double.NegativeInfinity;
                for (var candidate = -5.0; candidate <= 5.0; candidate += 1e-4)
                {
                    var trial = (double[])u.Clone();
                    trial[i] = candidate;
                    var e = Exposure(trial, i, theta[i], excludeSelf);
                    var value = (e * Mu * Dt) - (0.5 * gamma[i] * e * e * Sigma * Sigma * Dt);
                    if (value > bestValue)
                    {
                        bestValue = value;
                        best = candidate;
                    }
                }

                moved = Math.Max(moved, Math.Abs(best - u[i]));
                u[i] = best;
            }

            if (moved < 1e-9)
            {
                break;
            }
        }

        return u;
    }

    private static double Exposure(double[] u, int i, double theta, bool excludeSelf)
    {
        var m = u.Length;
        var sum = u.Sum();
        var benchmark = excludeSelf ? (sum - u[i]) / (m - 1) : sum / m;
        return u[i] - (theta * benchmark);
    }

    [Fact]
    public void The_others_mean_equilibrium_matches_brute_force()
    {
        double[] gamma = [2, 4, 3];
        double[] theta = [0.3, 0.6, 0.1];
        var market = new MarketParameters(0, Mu, Sigma);
        var exact = RelativePerformanceMeanVariance.AmountsAgainstOthers(market, gamma, theta, 1, 0);
        var brute = BruteForce(gamma, theta, excludeSelf: true);
        for (var i = 0; i < 3; i++)
        {
            brute[i].Should().BeApproximately(exact[i], 2e-4);
        }
    }

    [Fact]
    public void The_all_agents_mean_formula_is_the_exact_finite_N_equilibrium_not_only_its_mean_field_limit()
    {
        // Agent i's exposure uᵢ(1 − θᵢ/N) − (θᵢ/N)Σ_{j≠i}uⱼ is affine in uᵢ with a non-zero slope, so its best response sets
        // the exposure to (μ − r)/(γᵢσ²) whatever its own weight in X̄: section 5's formula solves the finite game.
        double[] gamma = [2, 4, 3];
        double[] theta = [0.3, 0.6, 0.1];
        var market = new MarketParameters(0, Mu, Sigma);
        var formula = RelativePerformanceMeanVariance.Amounts(market, gamma, theta, 1, 0);
        var brute = BruteForce(gamma, theta, excludeSelf: false);
        for (var i = 0; i < 3; i++)
        {
            brute[i].Should().BeApproximately(formula[i], 2e-4);
        }

        // …and the two conventions differ for unequal agents, so the test can tell them apart.
        var others = RelativePerformanceMeanVariance.AmountsAgainstOthers(market, gamma, theta, 1, 0);
        Math.Abs(others[1] - formula[1]).Should().BeGreaterThan(0.01);
    }
}
