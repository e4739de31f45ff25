using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Reference;

public class MertonClosedFormTests
{
    private static readonly MarketParameters Market = new(0.03, 0.08, 0.2);
    private const double Horizon = 1;

    /// <summary>
    /// Residual of V_t + (r x + a(μ − r)) V_x + ½ a² σ² V_xx at the amount a, and the derivative of the Hamiltonian in a
    /// (zero at the maximiser), all by central differences.
    /// </summary>
    private static (double Residual, double Gradient, double Scale) Hjb(Func<double, double, double> v, double t, double x, double amount)
    {
        double vt = CentralDifferences.FirstAccurate(s => v(s, x), t, 1e-3);
        double hx = 1e-3 * Math.Max(1, Math.Abs(x));
        double vx = CentralDifferences.FirstAccurate(y => v(t, y), x, hx);
        double vxx = CentralDifferences.SecondAccurate(y => v(t, y), x, 1e-2 * Math.Max(1, Math.Abs(x)));
        double excess = Market.Drift - Market.Rate, s2 = Market.Sigma * Market.Sigma;
        double residual = vt + (((Market.Rate * x) + (amount * excess)) * vx) + (0.5 * amount * amount * s2 * vxx);
        double gradient = (excess * vx) + (amount * s2 * vxx);
        return (residual, gradient, Math.Abs(vt) + Math.Abs(Market.Rate * x * vx) + Math.Abs(excess * vx));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(0.9)]
    public void Power_value_solves_the_hjb_at_the_optimal_fraction(double p)
    {
        double pi = MertonClosedForm.PowerFraction(Market, p);
        foreach (double t in new[] { 0.2, 0.7 })
        {
            foreach (double x in new[] { 0.5, 1.0, 2.0 })
            {
                var (residual, gradient, scale) = Hjb((s, y) => MertonClosedForm.PowerValue(Market, p, Horizon, s, y), t, x, pi * x);
                residual.Should().BeApproximately(0, 1e-6 * scale, $"t={t}, x={x}");
                gradient.Should().BeApproximately(0, 1e-6 * scale);
            }
        }

        MertonClosedForm.PowerValue(Market, p, Horizon, Horizon, 2).Should().BeApproximately(Math.Pow(2, p) / p, 1e-14);
    }

    [Fact]
    public void Log_value_solves_the_hjb_at_the_optimal_fraction()
    {
        double pi = MertonClosedForm.LogFraction(Market);
        pi.Should().BeApproximately(1.25, 1e-14);
        foreach (double t in new[] { 0.2, 0.7 })
        {
            foreach (double x in new[] { 0.5, 1.0, 2.0 })
            {
                var (residual, gradient, scale) = Hjb((s, y) => MertonClosedForm.LogValue(Market, Horizon, s, y), t, x, pi * x);
                residual.Should().BeApproximately(0, 1e-6 * scale);
                gradient.Should().BeApproximately(0, 1e-6 * scale);
            }
        }

        MertonClosedForm.LogValue(Market, Horizon, Horizon, 2).Should().Be(Math.Log(2));
    }

    [Fact]
    public void Cara_value_solves_the_hjb_at_the_optimal_amount()
    {
        const double gamma = 2;
        foreach (double t in new[] { 0.2, 0.7 })
        {
            double u = MertonClosedForm.CaraAmount(Market, gamma, Horizon, t);
            foreach (double x in new[] { -1.0, 0.5, 2.0 })
            {
                var (residual, gradient, scale) = Hjb((s, y) => MertonClosedForm.CaraValue(Market, gamma, Horizon, s, y), t, x, u);
                residual.Should().BeApproximately(0, 1e-6 * scale);
                gradient.Should().BeApproximately(0, 1e-6 * scale);
            }
        }

        MertonClosedForm.CaraValue(Market, gamma, Horizon, Horizon, 0.5).Should().BeApproximately(-Math.Exp(-1) / 2, 1e-15);
    }

    [Fact]
    public void Power_utility_approaches_log_utility_as_the_exponent_vanishes()
    {
        double log = MertonClosedForm.LogFraction(Market);
        foreach (double p in new[] { 1e-2, -1e-2, 1e-5, -1e-5 })
        {
            MertonClosedForm.PowerFraction(Market, p).Should().BeApproximately(log, 2 * Math.Abs(p) * log);
        }

        // (p V − 1)/p → ln x + (r + θ²/2)(T − t).
        const double tiny = 1e-7;
        double normalised = ((tiny * MertonClosedForm.PowerValue(Market, tiny, Horizon, 0.3, 1.7)) - 1) / tiny;
        normalised.Should().BeApproximately(MertonClosedForm.LogValue(Market, Horizon, 0.3, 1.7), 1e-5);
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_the_parameter_name()
    {
        FluentActions.Invoking(() => new MarketParameters(0.03, 0.08, 0)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*sigma must be positive and finite*");
        FluentActions.Invoking(() => new MarketParameters(double.NaN, 0.08, 0.2)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("rate");
        FluentActions.Invoking(() => MertonClosedForm.PowerFraction(Market, 0)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("exponent");
        FluentActions.Invoking(() => MertonClosedForm.PowerFraction(Market, 1)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*below 1*");
        FluentActions.Invoking(() => MertonClosedForm.LogValue(Market, 1, 0.5, -1)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("wealth");
        FluentActions.Invoking(() => MertonClosedForm.CaraAmount(Market, 0, 1, 0.5)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("riskAversion");
        FluentActions.Invoking(() => MertonClosedForm.CaraAmount(Market, 1, 1, 1.5)).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("t");
        FluentActions.Invoking(() => MertonClosedForm.LogFraction(null!)).Should().Throw<ArgumentNullException>()
            .Which.ParamName.Should().Be("market");
    }
}
