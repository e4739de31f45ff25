using NeuralHjb.Problems.Pde;
using NeuralHjb.Reference;
using NeuralHjb.Solvers.DeepBsde;

namespace NeuralHjb.Tests.Solvers.DeepBsde;

/// <summary>The θ-weighting of the generator (<see cref="DeepBsdeOptions.GeneratorTheta"/>) against the explicit scheme.</summary>
public class GeneratorThetaTests
{
    [Fact]
    public void Trapezoidal_generator_removes_the_first_order_bias_of_a_y_dependent_generator()
    {
        // f = −r y: the explicit forward scheme gives Y₀ = dT/(1 + rΔt)^N, +2.93 % above e^{−rT} dT at N = 4, r = ½;
        // Heun's trapezoid gives dT/(1 + rΔt + (rΔt)²/2)^N, +0.12 %.
        var pde = new DiscountedHeatEquation(dimension: 2, horizon: 1, rate: 0.5);
        var options = new DeepBsdeOptions { TimeSteps = 4, Iterations = 800, LearningRates = [1e-2, 1e-3], LearningRateBoundaries = [500], OutputScale = 1, Seed = 5 };
        var explicitY0 = new DeepBsdeSolver().Solve(pde, options).Y0;
        var trapezoidY0 = new DeepBsdeSolver().Solve(pde, options with { GeneratorTheta = 0.5 }).Y0;

        var because = $"explicit {explicitY0}, trapezoid {trapezoidY0}, exact {pde.Exact}";
        ((explicitY0 - pde.Exact) / pde.Exact).Should().BeGreaterThan(0.02, because);
        (Math.Abs(trapezoidY0 - pde.Exact) / pde.Exact).Should().BeLessThan(0.01, because);
    }

    [Fact]
    public void Trapezoidal_generator_cuts_the_hjb_lq_scheme_bias_at_small_d()
    {
        // The exact discrete schemes (no networks): at d = 4, N = 5 the explicit one is ~5 % above u(0, 0), the
        // trapezoidal one well under 1 % (measured 1.34 % against −0.11 % at N = 20).
        var exact = HjbLqReference.Value(4, 1.0, 1.0);
        var explicitError = (HjbLqEulerScheme.Value(4, 1.0, 1.0, 5) - exact) / exact;
        var trapezoidError = (HjbLqEulerScheme.Value(4, 1.0, 1.0, 5, theta: 0.5) - exact) / exact;

        explicitError.Should().BeGreaterThan(0.04);
        Math.Abs(trapezoidError).Should().BeLessThan(explicitError / 5, $"explicit {explicitError:P3}, trapezoid {trapezoidError:P3}");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Theta_outside_the_unit_interval_is_refused(double theta)
        => FluentActions.Invoking(() => new DeepBsdeOptions { GeneratorTheta = theta }.Validate())
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("GeneratorTheta");

    [Fact]
    public void Hjb_lq_trains_with_the_trapezoidal_generator()
    {
        // The z-reading path with Z_N = σᵀ∇g(X_N). At d = 10 the scheme's own bias is small either way (0.31 % explicit,
        // 0.01 % trapezoidal at N = 20), so after 600 steps the error is the networks' (measured 2.5 %, as for θ = 0 in
        // DeepBsdeSolverTests); the d = 4 gain of the full runs is in docs/results/deep-bsde.md.
        var pde = new HjbLq(new HjbLqParameters { Dimension = 10 });
        var result = new DeepBsdeSolver().Solve(pde, DeepBsdeOptions.Standard with { Iterations = 600, LearningRates = [1e-2, 2e-3], LearningRateBoundaries = [400], GeneratorTheta = 0.5 });
        var reference = HjbLqReference.Value(10, 1.0, 1.0);
        (Math.Abs(result.Y0 - reference) / reference).Should().BeLessThan(0.04, $"y0 = {result.Y0}, reference {reference}");
    }
}
