using MathNet.Numerics.Integration;
using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Reference;

public class HjbLqEulerSchemeTests
{
    [Fact]
    public void Two_steps_in_two_dimensions_match_a_brute_force_tensor_product_quadrature()
    {
        // Independent of the radial reduction and the grid: Y₁(x) = E[g(x + √2ΔW)] − (λ/2)|E[g(x + √2ΔW) ΔW]/Δt|², then
        // Y₀ = E[Y₁(√2ΔW)] (Z₀ = 0 at x₀ = 0), each expectation a 2-D Gauss–Legendre sum against the normal density.
        const double lambda = 1.5;
        const double dt = 0.5;
        var rule = new GaussLegendreRule(-8, 8, 48);
        var nodes = rule.Abscissas;
        var weights = rule.Weights.Select((w, i) => w * Math.Exp(-nodes[i] * nodes[i] / 2) / Math.Sqrt(2 * Math.PI)).ToArray();
        double G(double x1, double x2) => Math.Log((1 + (x1 * x1) + (x2 * x2)) / 2);
        double Y1(double x1, double x2)
        {
            double mean = 0, z1 = 0, z2 = 0;
            for (var p = 0; p < nodes.Length; p++)
            {
                for (var q = 0; q < nodes.Length; q++)
                {
                    var w = weights[p] * weights[q];
                    var g = G(x1 + (Math.Sqrt(2 * dt) * nodes[p]), x2 + (Math.Sqrt(2 * dt) * nodes[q]));
                    mean += w * g;
                    z1 += w * g * nodes[p];
                    z2 += w * g * nodes[q];
                }
            }

            return mean - (lambda / 2 * ((z1 * z1) + (z2 * z2)));
        }

        double y0 = 0;
        for (var p = 0; p < nodes.Length; p++)
        {
            for (var q = 0; q < nodes.Length; q++)
            {
                y0 += weights[p] * weights[q] * Y1(Math.Sqrt(2 * dt) * nodes[p], Math.Sqrt(2 * dt) * nodes[q]);
            }
        }

        // The two quadratures agree to 1.6e-6 (3e-6 relative); the brute force's 48 nodes per axis are the coarser of the two.
        HjbLqEulerScheme.Value(2, lambda, 1.0, 2).Should().BeApproximately(y0, 5e-6);
    }

    [Fact]
    public void The_scheme_is_biased_upward_with_an_error_that_halves_when_the_step_halves()
    {
        // The bias that no training removes: first order in Δt, positive (the explicit step under-counts the
        // growing E|Z|² over each interval).
        // d = 1 keeps it fast (no transverse χ variable); d = 2, 4, 10 behave the same (docs/results/deep-bsde.md).
        var exact = HjbLqReference.Value(1, 1.0, 1.0);
        var errors = new[] { 8, 16, 32 }.Select(n => HjbLqEulerScheme.Value(1, 1.0, 1.0, n) - exact).ToArray();

        errors.Should().OnlyContain(e => e > 0);
        (errors[0] / errors[1]).Should().BeInRange(1.9, 2.1);
        (errors[1] / errors[2]).Should().BeInRange(1.9, 2.1);
    }

    [Fact]
    public void Refining_the_grid_and_the_nodes_leaves_the_value_unchanged()
    {
        var coarse = HjbLqEulerScheme.Value(4, 1.0, 1.0, 2);
        var fine = HjbLqEulerScheme.Value(4, 1.0, 1.0, 2, 0.0, refine: 2);
        coarse.Should().BeApproximately(fine, 1e-6 * Math.Abs(fine));
    }

    [Theory]
    [InlineData(0, 1.0, 1.0, 10)]
    [InlineData(2, 0.0, 1.0, 10)]
    [InlineData(2, 1.0, -1.0, 10)]
    [InlineData(2, 1.0, 1.0, 0)]
    public void Bad_arguments_throw(int d, double lambda, double horizon, int steps)
        => FluentActions.Invoking(() => HjbLqEulerScheme.Value(d, lambda, horizon, steps)).Should().Throw<ArgumentOutOfRangeException>();
    [Fact]
    public void The_schemes_z_accounts_for_its_value_through_the_generator()
    {
        // By the tower property Y₀ = E[g(X_N)] − (λ/2) Σₙ E|Zₙ(Xₙ)|² Δt (θ = 0), with |Xₙ|² = 2tₙ χ²_d: both sides are
        // deterministic 1-D integrals, so this checks the magnitude of every returned Zₙ over the whole distribution of Xₙ.
        const int d = 4;
        const int steps = 5;
        const double lambda = 1.5;
        var solution = HjbLqEulerScheme.Solve(d, lambda, 1.0, steps);
        var dt = 1.0 / steps;
        var z = new double[d];

        // E[φ(|X|²)] for |X|² = 2t χ²₄ (density y e^{−y/2}/4), trapezoid on [0, 120].
        double Expect(double t, Func<double, double> phi)
        {
            const int points = 24000;
            const double h = 120.0 / points;
            double sum = 0;
            for (var k = 1; k <= points; k++)
            {
                var y = k * h;
                sum += (k == points ? 0.5 : 1) * phi(2 * t * y) * y * Math.Exp(-y / 2) / 4;
            }

            return sum * h;
        }

        double ZSquared(int n, double s)
        {
            solution.Z(n, [Math.Sqrt(s), 0, 0, 0], z);
            return z[0] * z[0];
        }

        var expected = Expect(1.0, s => Math.Log((1 + s) / 2));
        for (var n = 1; n < steps; n++)
        {
            expected -= lambda / 2 * dt * Expect(n * dt, s => ZSquared(n, s));
        }

        solution.Value.Should().BeApproximately(HjbLqEulerScheme.Value(d, lambda, 1.0, steps), 1e-12);
        solution.Value.Should().BeApproximately(expected, 2e-5);
    }

    [Fact]
    public void The_schemes_z_points_along_x_and_outward_and_vanishes_at_the_origin()
    {
        var solution = HjbLqEulerScheme.Solve(3, 1.0, 1.0, 4, theta: 0.5);
        var z = new double[3];
        solution.Z(2, [0.3, -0.4, 1.2], z);
        var radial = z[0] / 0.3;
        radial.Should().BePositive("g and every Yₙ increase with |x|");
        z[1].Should().BeApproximately(-0.4 * radial, 1e-14);
        z[2].Should().BeApproximately(1.2 * radial, 1e-14);
        solution.Z(2, [0.0, 0.0, 0.0], z);
        z.Should().Equal(0.0, 0.0, 0.0);
        solution.TimeSteps.Should().Be(4);
        FluentActions.Invoking(() => solution.Z(4, [0.0, 0.0, 0.0], z)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*timeIndex*");
        FluentActions.Invoking(() => solution.Z(1, [0.0, 0.0], z)).Should().Throw<ArgumentException>().WithMessage("*length*");
    }
}
