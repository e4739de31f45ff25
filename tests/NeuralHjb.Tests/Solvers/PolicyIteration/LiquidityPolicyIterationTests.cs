using NeuralHjb.Control;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.PolicyIteration;
using NeuralHjb.Tensors;
using Xunit.Abstractions;

namespace NeuralHjb.Tests.Solvers.PolicyIteration;

/// <summary>
/// Merton with proportional costs and stochastic liquidity (REFERENCES §7, a reconstruction): agreement with the
/// finite-difference reference and the published qualitative findings.
/// </summary>
public class LiquidityPolicyIterationTests(ITestOutputHelper output)
{
    private static readonly double[] Levels = [0.3, 0.6, 0.9];

    [Fact]
    public void Power_utility_policy_agrees_with_the_finite_difference_reference_within_3_percent()
    {
        var parameters = new MertonWithCostsAndLiquidityParameters { Utility = UtilityKind.Power, PowerExponent = 0.5 };
        var reference = PortfolioReferences.SolveLiquidityFd(parameters);
        var result = new PolicyIterationSolver().Solve(Problem(parameters, out var options), options);
        var errors = PortfolioReferences.AgainstFiniteDifference(result, reference);
        output.WriteLine($"{result.IterationCount} iterations, {result.Elapsed.TotalSeconds:F1} s; {errors}");

        result.Converged.Should().BeTrue();
        result.IterationCount.Should().BeLessThanOrEqualTo(5);
        errors.PolicyRelativeL2.Should().BeLessThan(0.03);
        errors.ValueRelativeL2.Should().BeLessThan(0.005);

        // Power utility: π depends on l, not on t or x (the FD reduction is exact in x).
        foreach (var l in Levels)
        {
            var atOne = Pi(result, 0, 1, l);
            foreach (var (t, x) in new[] { (0.0, 0.3), (0.0, 2.5), (0.5, 1.0), (0.5, 0.5) })
            {
                Pi(result, t, x, l).Should().BeApproximately(atOne, 0.02, $"t = {t}, x = {x}, l = {l}");
            }
        }

        Pi(result, 0, 1, 0.2).Should().BeGreaterThan(Pi(result, 0, 1, 1.2) + 0.1, "illiquidity raises the stock's variance");
    }

    [Fact]
    public void Log_utility_policy_falls_with_beta_and_cost_and_stays_below_Merton_for_positive_beta()
    {
        // One multi-preference solve: β ∈ [0, 0.6] and k ∈ [0, 1%] are network inputs, sampled per point.
        var parameters = new MertonWithCostsAndLiquidityParameters { Utility = UtilityKind.Log };
        var options = PortfolioPolicyIteration.LiquidityOptions(new MertonWithCostsAndLiquidity(parameters), seed: 5) with { TrainPreferences = ["beta", "k"] };
        var result = new PolicyIterationSolver().Solve(new MertonWithCostsAndLiquidity(parameters), options);
        output.WriteLine($"{result.IterationCount} iterations, {result.Elapsed.TotalSeconds:F1} s");
        const double merton = 0.75;
        foreach (var l in Levels)
        {
            var byBeta = new[] { 0.1, 0.3, 0.5 }.Select(b => Pi(result, 0, 1, l, b, 0.004)).ToArray();
            var byCost = new[] { 0.0, 0.004, 0.008 }.Select(k => Pi(result, 0, 1, l, 0.3, k)).ToArray();
            output.WriteLine($"l = {l}: π(β = 0.1, 0.3, 0.5) = {string.Join(", ", byBeta.Select(p => p.ToString("F4")))}; π(k = 0, 0.4%, 0.8%) = {string.Join(", ", byCost.Select(p => p.ToString("F4")))}");
            byBeta.Should().BeInDescendingOrder().And.OnlyContain(p => p < merton);
            byCost.Should().BeInDescendingOrder().And.OnlyContain(p => p < merton);
            byBeta[0].Should().BeGreaterThan(byBeta[2] + 0.05);
            byCost[0].Should().BeGreaterThan(byCost[2] + 0.005);

            // No dependence on t or x for log utility.
            Pi(result, 0.5, 0.3, l, 0.3, 0.004).Should().BeApproximately(byBeta[1], 0.02);
            Pi(result, 0.9, 2.5, l, 0.3, 0.004).Should().BeApproximately(byBeta[1], 0.02);
        }
    }

    [Fact]
    public void The_base_illiquidity_level_does_not_change_the_decision()
    {
        var low = Solve(new MertonWithCostsAndLiquidityParameters { Theta0 = 0.3 });
        var high = Solve(new MertonWithCostsAndLiquidityParameters { Theta0 = 0.9 });
        foreach (var l in Levels)
        {
            output.WriteLine($"l = {l}: π(θ₀ = 0.3) = {Pi(low, 0, 1, l):F4}, π(θ₀ = 0.9) = {Pi(high, 0, 1, l):F4}");
            Pi(low, 0, 1, l).Should().BeApproximately(Pi(high, 0, 1, l), 0.02);
        }

        static PolicyIterationResult Solve(MertonWithCostsAndLiquidityParameters p)
            {
            var problem = new MertonWithCostsAndLiquidity(p);
            return new PolicyIterationSolver().Solve(problem, PortfolioPolicyIteration.LiquidityOptions(problem, seed: 2) with { MaxIterations = 3 });
        }
    }

    [Fact]
    public void Exponential_utility_cost_effect_vanishes_as_wealth_grows()
    {
        // The wealth range is widened to [0.1, 10]: the effect on π decays like 1/x only once π < ½ (for π > ½ the
        // reconstructed Leland term cπ(1 − π)Σ pushes π up, see docs), which at l = 0.6 happens from x ≈ 2.
        var parameters = new MertonWithCostsAndLiquidityParameters { Utility = UtilityKind.Exponential, RiskAversion = 0.5, WealthHigh = 10 };
        var options = PortfolioPolicyIteration.LiquidityOptions(new MertonWithCostsAndLiquidity(parameters), seed: 4) with { TrainPreferences = ["k"] };
        var result = new PolicyIterationSolver().Solve(new MertonWithCostsAndLiquidity(parameters), options);
        var reference0 = PortfolioReferences.SolveLiquidityFd(parameters with { CostRate = 0 });
        var reference1 = PortfolioReferences.SolveLiquidityFd(parameters with { CostRate = 0.01 });
        var wealth = new[] { 2.5, 4.0, 6.0, 8.0 };
        var effects = wealth.Select(x => Pi(result, 0, x, 0.6, k: 0) - Pi(result, 0, x, 0.6, k: 0.01)).ToArray();
        var fd = wealth.Select(x => reference0.Control(0, x, 0.6) - reference1.Control(0, x, 0.6)).ToArray();
        output.WriteLine($"π(k = 0) − π(k = 1%) at x = {string.Join(", ", wealth)}: learned {string.Join(", ", effects.Select(e => e.ToString("F4")))}; FD {string.Join(", ", fd.Select(e => e.ToString("F4")))}");
        effects.Should().OnlyContain(e => e > 0).And.BeInDescendingOrder();
        effects[^1].Should().BeLessThan(effects[0] * 0.6);
        for (var i = 0; i < wealth.Length; i++)
        {
            effects[i].Should().BeApproximately(fd[i], 0.005, $"x = {wealth[i]}");
        }

        // π depends on x for exponential utility (the amount, not the fraction, is roughly constant).
        Pi(result, 0, 1, 0.6, k: 0.004).Should().BeGreaterThan(Pi(result, 0, 4, 0.6, k: 0.004) + 0.1);
    }

    private static MertonWithCostsAndLiquidity Problem(MertonWithCostsAndLiquidityParameters parameters, out PolicyIterationOptions options)
    {
        var problem = new MertonWithCostsAndLiquidity(parameters);
        options = PortfolioPolicyIteration.LiquidityOptions(problem, seed: 3);
        return problem;
    }

    private static double Pi(PolicyIterationResult result, double t, double x, double l, double? beta = null, double? k = null)
    {
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        if (beta is { } b)
        {
            values[MertonWithCostsAndLiquidity.BetaPreference] = Tensor.Full([1, 1], b);
        }

        if (k is { } cost)
        {
            values[MertonWithCostsAndLiquidity.CostRatePreference] = Tensor.Full([1, 1], cost);
        }

        var prefs = values.Count == 0 ? null : new PreferenceBatch(values);
        return result.Policy.Control(Tensor.Full([1, 1], t), Tensor.FromArray(new float[] { (float)x, (float)l }, [1, 2]), prefs).Item();
    }
}
