using MathNet.Numerics;
using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Reference;

public class HjbLqReferenceTests
{
    [Fact]
    public void Matches_the_published_deep_bsde_reference()
    {
        // The published 4.5901 is the exact 4.5901617… truncated (not rounded) to four decimals.
        double u = HjbLqReference.Value(100, 1, 1);
        u.Should().BeApproximately(4.5901, 1e-4);
        Math.Truncate(u * 1e4).Should().Be(45901);
        u.Should().BeApproximately(4.5901617246050, 1e-12);
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(10, 0.3)]
    [InlineData(100, 1.0)]
    [InlineData(1000, 2.0)]
    public void Lambda_one_matches_the_laplace_transform_identity(int d, double horizon)
    {
        // λ = 1: E[2/(1 + 2T Y)] = (1/T) E[1/(Y + 1/(2T))] = (1/T) ∫₀^∞ e^{−s/(2T)} (1 + 2s)^{−d/2} ds, since
        // 1/a = ∫₀^∞ e^{−sa} ds and E e^{−sY} = (1 + 2s)^{−d/2} for Y ~ χ²_d.
        // Gauss–Legendre on geometrically growing panels [0, 1e-4], [1e-4, 2e-4], … up to 80T (tail < e^{−40}).
        double F(double s) => Math.Exp((-s / (2 * horizon)) - (d / 2.0 * Math.Log(1 + (2 * s))));
        double integral = Integrate.GaussLegendre(F, 0, 1e-4, 32);
        for (double a = 1e-4; a < 80 * horizon; a *= 2)
        {
            integral += Integrate.GaussLegendre(F, a, 2 * a, 32);
        }

        double expected = -Math.Log(integral / horizon);
        HjbLqReference.Value(d, 1, horizon).Should().BeApproximately(expected, 1e-11);
    }

    [Theory]
    [InlineData(1, 1.0, 1.0)]
    [InlineData(2, 0.5, 0.3)]
    [InlineData(100, 1.0, 1.0)]
    [InlineData(100, 50.0, 1.0)]
    [InlineData(10_000, 3.0, 2.0)]
    public void Quadrature_is_converged(int d, double lambda, double horizon)
    {
        double coarse = HjbLqReference.Value(d, lambda, horizon, 1.0);
        double fine = HjbLqReference.Value(d, lambda, horizon, 0.25);
        coarse.Should().BeApproximately(fine, 1e-12 * Math.Max(1, Math.Abs(fine)));
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.5, 2.0)]
    [InlineData(4.0, 0.5)]
    public void One_dimension_matches_an_independent_gaussian_quadrature(double lambda, double horizon)
    {
        // d = 1: E[((1 + 2T Z²)/2)^{−λ}], Z standard normal, by adaptive double-exponential quadrature on z.
        double expectation = 2 * Integrate.DoubleExponential(
            z => Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI) * Math.Pow((1 + (2 * horizon * z * z)) / 2, -lambda), 0, 40, 1e-14);
        HjbLqReference.Value(1, lambda, horizon).Should().BeApproximately(-Math.Log(expectation) / lambda, 1e-11);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Small_dimensions_agree_with_a_fixed_seed_monte_carlo(int d)
    {
        const double lambda = 1, horizon = 1;
        const int samples = 200_000;
        var rng = new System.Random(2024 + d);
        double sum = 0, sumSq = 0;
        for (int n = 0; n < samples; n++)
        {
            double r2 = 0;
            for (int i = 0; i < d; i++)
            {
                double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                r2 += 2 * horizon * z * z;
            }

            double v = Math.Exp(-lambda * Math.Log((1 + r2) / 2));
            sum += v;
            sumSq += v * v;
        }

        double mean = sum / samples;
        double standardError = Math.Sqrt(((sumSq / samples) - (mean * mean)) / samples);
        double monteCarlo = -Math.Log(mean) / lambda;
        double tolerance = 4 * standardError / mean / lambda;
        HjbLqReference.Value(d, lambda, horizon).Should().BeApproximately(monteCarlo, tolerance);
    }

    [Fact]
    public void Value_decreases_with_lambda_between_the_mean_and_the_minimum_of_g()
    {
        const int d = 100;
        const double horizon = 1;

        // λ → 0: u → E[g] ≈ ln((1 + 2T·d)/2) (g is nearly linear in ln over the χ² spread); λ → ∞: u → min g = −ln 2.
        double previous = double.PositiveInfinity;
        foreach (double lambda in new[] { 1e-6, 1e-2, 0.1, 1, 10, 100, 1e4 })
        {
            double u = HjbLqReference.Value(d, lambda, horizon);
            double.IsFinite(u).Should().BeTrue();
            u.Should().BeLessThan(previous).And.BeGreaterThan(-Math.Log(2));
            previous = u;
        }

        HjbLqReference.Value(d, 1e-6, horizon).Should().BeApproximately(Math.Log((1 + (2 * horizon * d)) / 2), 0.02);
    }

    [Fact]
    public void Log_expectation_is_minus_lambda_times_the_value()
    {
        HjbLqReference.LogExpectation(100, 20, 1).Should().BeApproximately(-20 * HjbLqReference.Value(100, 20, 1), 1e-10);
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_the_parameter_name()
    {
        FluentActions.Invoking(() => HjbLqReference.Value(0, 1, 1)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("dimension");
        FluentActions.Invoking(() => HjbLqReference.Value(10, 0, 1)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*lambda must be positive and finite*");
        FluentActions.Invoking(() => HjbLqReference.Value(10, 1, double.PositiveInfinity)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("horizon");
    }
}
