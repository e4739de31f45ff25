using MathNet.Numerics;
using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Reference;

public class GatheralSchiedClosedFormTests
{
    [Theory]
    [InlineData(0.0, 21.639534, 2.163953)]
    [InlineData(0.05, 69.533757, 5.531585)]
    [InlineData(0.1, 78.511160, 8.899217)]
    public void Matches_REFERENCES_check_values(double lambda, double gamma, double rate)
    {
        var gs = new GatheralSchiedClosedForm(0.1, 0.1, lambda);
        gs.Value(5, 10, 55).Should().BeApproximately(gamma, 5e-7);
        gs.Rate(5, 10, 55).Should().BeApproximately(rate, 5e-7);
    }

    [Theory]
    [InlineData(0.1, 0.1, 0.1)]
    [InlineData(0.7, 0.4, -0.3)]
    [InlineData(2.0, 0.0, 0.5)]
    public void Coefficients_solve_their_riccati_odes(double kappa, double sigma, double lambda)
    {
        var gs = new GatheralSchiedClosedForm(kappa, sigma, lambda);
        foreach (double tau in new[] { 0.05, 0.5, 2.0, 5.0, 20.0 })
        {
            double h = 1e-3 * tau;
            double a = gs.A(tau), b = gs.B(tau), c = gs.C(tau);
            CentralDifferences.FirstAccurate(gs.A, tau, h).Should().BeApproximately((kappa * kappa) - (a * a), 1e-7 * Math.Max(1, a * a));
            CentralDifferences.FirstAccurate(gs.B, tau, h).Should().BeApproximately(lambda - (a * b), 1e-8);
            CentralDifferences.FirstAccurate(gs.C, tau, h).Should().BeApproximately((sigma * sigma * c) - (b * b / 4), 1e-8 * Math.Max(1, Math.Abs(c)));
        }

        gs.B(0).Should().Be(0);
        gs.C(0).Should().Be(0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(0.1)]
    public void Value_solves_the_hjb(double lambda)
    {
        const double kappa = 0.1, sigma = 0.1;
        var gs = new GatheralSchiedClosedForm(kappa, sigma, lambda);
        foreach (double tau in new[] { 0.1, 1.0, 5.0 })
        {
            foreach (double x in new[] { -10.0, 3.0, 10.0 })
            {
                foreach (double s in new[] { 10.0, 55.0, 100.0 })
                {
                    double gTau = CentralDifferences.FirstAccurate(t => gs.Value(t, x, s), tau, 1e-3 * tau);
                    double gX = CentralDifferences.First(y => gs.Value(tau, y, s), x, 1e-2);
                    double gSS = CentralDifferences.Second(p => gs.Value(tau, x, p), s, 1e-1);
                    double rhs = (0.5 * sigma * sigma * s * s * gSS) + (kappa * kappa * x * x) + (lambda * x * s) - (0.25 * gX * gX);
                    (gTau - rhs).Should().BeApproximately(0, 1e-6 * Math.Max(1, Math.Abs(gTau)), $"tau={tau}, X={x}, S={s}");

                    gs.Rate(tau, x, s).Should().BeApproximately(0.5 * gX, 1e-8 * Math.Max(1, Math.Abs(gX)));
                }
            }
        }
    }

    [Fact]
    public void C_matches_an_independent_adaptive_quadrature_including_the_saturated_tail()
    {
        foreach (var (kappa, sigma, tau) in new[] { (0.1, 0.1, 5.0), (2.0, 0.3, 100.0), (5.0, 0.0, 60.0), (0.01, 2.0, 3.0) })
        {
            const double lambda = 0.3;
            var gs = new GatheralSchiedClosedForm(kappa, sigma, lambda);
            double integral = Integrate.DoubleExponential(
                u => Math.Pow(Math.Tanh(kappa * u / 2), 2) * Math.Exp(sigma * sigma * (tau - u)), 0, tau, 1e-13);
            double expected = -(lambda * lambda) / (4 * kappa * kappa) * integral;
            gs.C(tau).Should().BeApproximately(expected, 1e-10 * Math.Abs(expected), $"kappa={kappa}, sigma={sigma}, tau={tau}");
        }
    }

    [Fact]
    public void Terminal_condition_is_zero_at_zero_inventory_and_infinite_otherwise()
    {
        var gs = new GatheralSchiedClosedForm(0.1, 0.1, 0.1);
        gs.Value(0, 0, 55).Should().Be(0);
        gs.Value(0, 1, 55).Should().Be(double.PositiveInfinity);
        gs.A(0).Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void Inventory_path_with_constant_price_matches_integrating_the_feedback_rate()
    {
        const double kappa = 0.3, lambda = 0.1, horizon = 5, x0 = 10, price = 55;
        var gs = new GatheralSchiedClosedForm(kappa, 0.1, lambda);
        const int n = 2000;
        var times = Enumerable.Range(0, n + 1).Select(k => horizon * k / n).ToArray();
        var prices = Enumerable.Repeat(price, n + 1).ToArray();
        var path = gs.InventoryPath(horizon, x0, times, prices);

        // RK4 on dx/dt = −v*(T − t, x, S) up to t = 4 (the rate is singular at T).
        double x = x0;
        const int m = 4000;
        const double stop = 4.0, dt = stop / m;
        double F(double t, double y) => -gs.Rate(horizon - t, y, price);
        for (int k = 0; k < m; k++)
        {
            double t = k * dt;
            double k1 = F(t, x), k2 = F(t + (dt / 2), x + (dt * k1 / 2)), k3 = F(t + (dt / 2), x + (dt * k2 / 2)), k4 = F(t + dt, x + (dt * k3));
            x += dt / 6 * (k1 + (2 * k2) + (2 * k3) + k4);
        }

        path[0].Should().Be(x0);
        path[n * 4 / 5].Should().BeApproximately(x, 1e-6);
        path[n].Should().Be(0);
    }

    [Fact]
    public void Inventory_path_is_the_sinh_profile_without_the_cross_term()
    {
        var gs = new GatheralSchiedClosedForm(0.4, 0.2, 0);
        var times = new[] { 0, 1.0, 2.5, 5.0 };
        var path = gs.InventoryPath(5, 10, times, new[] { 50, 60, 40, 55.0 });
        for (int k = 0; k < times.Length; k++)
        {
            path[k].Should().BeApproximately(10 * Math.Sinh(0.4 * (5 - times[k])) / Math.Sinh(2), 1e-12);
        }
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_the_parameter_name()
    {
        FluentActions.Invoking(() => new GatheralSchiedParameters(0, 0.1, 0)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("kappa");
        FluentActions.Invoking(() => new GatheralSchiedParameters(0.1, -0.1, 0)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*sigma must be non-negative and finite*");
        FluentActions.Invoking(() => new GatheralSchiedParameters(0.1, 0.1, double.NaN)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("lambda");
        var gs = new GatheralSchiedClosedForm(0.1, 0.1, 0.1);
        FluentActions.Invoking(() => gs.A(-1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("tau");
        FluentActions.Invoking(() => gs.InventoryPath(5, 10, new[] { 0.0, 2, 1 }, new[] { 1.0, 1, 1 }))
            .Should().Throw<ArgumentException>().WithMessage("*times must be strictly increasing*");
        FluentActions.Invoking(() => gs.InventoryPath(5, 10, new[] { 0.0, 6 }, new[] { 1.0, 1 }))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("times");
        FluentActions.Invoking(() => gs.InventoryPath(5, 10, new[] { 0.0, 1 }, new[] { 1.0 }))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("prices");
    }
}
