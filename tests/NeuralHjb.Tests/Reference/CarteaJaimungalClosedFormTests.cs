using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Reference;

public class CarteaJaimungalClosedFormTests
{
    private static readonly CarteaJaimungalParameters Published = new(0.24, 0.16, 0.7, 10, 1);

    [Fact]
    public void Matches_REFERENCES_check_values()
    {
        var cj = new CarteaJaimungalClosedForm(Published);
        cj.H2(0).Should().BeApproximately(-1.0308944, 5e-8);
        cj.RatePerShare(0).Should().BeApproximately(-1.814363, 5e-7);
        cj.Rate(0, 2).Should().BeApproximately(2 * cj.RatePerShare(0), 1e-15);
        cj.H1(0.3).Should().Be(0);
        cj.H2(1).Should().BeApproximately(-20, 1e-12);
    }

    /// <summary>The REFERENCES formulas literally, through ζ.</summary>
    private static (double H2, double Q) Literal(double kappa, double alpha, double phi, double a, double horizon, double t, double q0)
    {
        double g = Math.Sqrt(phi / kappa), root = Math.Sqrt(kappa * phi);
        double zeta = ((2 * a) - alpha + (2 * root)) / ((2 * a) - alpha - (2 * root));
        double w = zeta * Math.Exp(2 * g * (horizon - t));
        double h2 = -alpha - (2 * root * (w + 1) / (w - 1));
        double q = q0 * ((zeta * Math.Exp(g * (horizon - t))) - Math.Exp(-g * (horizon - t))) / ((zeta * Math.Exp(g * horizon)) - Math.Exp(-g * horizon));
        return (h2, q);
    }

    [Theory]
    [InlineData(0.24, 0.16, 0.7, 10, 1)]
    [InlineData(0.24, 0.16, 0.007, 0.01, 1)]
    [InlineData(1.0, 0.5, 2.0, 0.1, 3)]
    [InlineData(0.5, 0.9, 0.3, 0.1, 2)]
    public void Stable_form_equals_the_REFERENCES_zeta_form(double kappa, double alpha, double phi, double a, double horizon)
    {
        var cj = new CarteaJaimungalClosedForm(new CarteaJaimungalParameters(kappa, alpha, phi, a, horizon));
        foreach (double t in new[] { 0, 0.25 * horizon, 0.5 * horizon, 0.9 * horizon, horizon })
        {
            var (h2, q) = Literal(kappa, alpha, phi, a, horizon, t, 3);
            cj.H2(t).Should().BeApproximately(h2, 1e-10 * Math.Max(1, Math.Abs(h2)), $"t={t}");
            cj.Inventory(t, 3).Should().BeApproximately(q, 1e-10, $"t={t}");
        }
    }

    [Theory]
    [InlineData(0.24, 0.16, 0.7, 10, 1)]
    [InlineData(0.24, 0.16, 0.007, 0.01, 1)]
    [InlineData(1.0, 0.5, 0.0, 0.1, 3)]
    [InlineData(0.5, 0.9, 0.3, 0.1, 2)]
    public void H2_solves_its_riccati_equation_and_q_follows_the_control(double kappa, double alpha, double phi, double a, double horizon)
    {
        var cj = new CarteaJaimungalClosedForm(new CarteaJaimungalParameters(kappa, alpha, phi, a, horizon));
        foreach (double t in new[] { 0.1 * horizon, 0.5 * horizon, 0.9 * horizon })
        {
            double h = 1e-3 * horizon;
            double h2 = cj.H2(t);
            double dh2 = CentralDifferences.FirstAccurate(cj.H2, t, h);
            dh2.Should().BeApproximately((2 * phi) - ((alpha + h2) * (alpha + h2) / (2 * kappa)), 1e-8 * Math.Max(1, Math.Abs(dh2)));

            double dq = CentralDifferences.FirstAccurate(s => cj.Inventory(s, 5), t, h);
            dq.Should().BeApproximately(cj.Rate(t, cj.Inventory(t, 5)), 1e-8);
        }

        cj.H2(horizon).Should().BeApproximately(-2 * a, 1e-12);
        cj.Inventory(0, 5).Should().BeApproximately(5, 1e-14);
    }

    [Fact]
    public void Infinite_terminal_penalty_gives_the_sinh_profile()
    {
        var p = new CarteaJaimungalParameters(0.24, 0.16, 0.7, double.PositiveInfinity, 1);
        var cj = new CarteaJaimungalClosedForm(p);
        double g = Math.Sqrt(0.7 / 0.24);
        foreach (double t in new[] { 0, 0.3, 0.7, 0.99, 1 })
        {
            cj.Inventory(t, 4).Should().BeApproximately(4 * Math.Sinh(g * (1 - t)) / Math.Sinh(g), 1e-13);
            if (t < 1)
            {
                cj.RatePerShare(t).Should().BeApproximately(-g / Math.Tanh(g * (1 - t)), 1e-12);
            }
        }

        cj.Inventory(1, 4).Should().Be(0);
        cj.H2(1).Should().Be(double.NegativeInfinity);
    }

    [Fact]
    public void Large_terminal_penalty_converges_to_the_infinite_limit()
    {
        var limit = new CarteaJaimungalClosedForm(new CarteaJaimungalParameters(0.24, 0.16, 0.7, double.PositiveInfinity, 1));
        double previous = double.PositiveInfinity;
        foreach (double a in new[] { 1e2, 1e4, 1e6, 1e8 })
        {
            var cj = new CarteaJaimungalClosedForm(new CarteaJaimungalParameters(0.24, 0.16, 0.7, a, 1));
            double error = 0;
            foreach (double t in new[] { 0, 0.5, 0.9, 0.999 })
            {
                error = Math.Max(error, Math.Abs(cj.Inventory(t, 1) - limit.Inventory(t, 1)));
                error = Math.Max(error, Math.Abs(cj.RatePerShare(t) - limit.RatePerShare(t)) / Math.Abs(limit.RatePerShare(t)));
            }

            error.Should().BeLessThan(previous / 10);
            previous = error;
        }

        previous.Should().BeLessThan(1e-4);
    }

    [Fact]
    public void No_running_penalty_with_forced_liquidation_is_twap()
    {
        var cj = new CarteaJaimungalClosedForm(new CarteaJaimungalParameters(0.24, 0.16, 0, double.PositiveInfinity, 2));
        cj.Inventory(0.5, 8).Should().BeApproximately(6, 1e-13);
        cj.Rate(0.5, 6).Should().BeApproximately(-4, 1e-12);
    }

    [Fact]
    public void Vanishing_running_penalty_is_continuous()
    {
        var zero = new CarteaJaimungalClosedForm(new CarteaJaimungalParameters(0.24, 0.16, 0, 0.5, 1));
        var tiny = new CarteaJaimungalClosedForm(new CarteaJaimungalParameters(0.24, 0.16, 1e-12, 0.5, 1));
        foreach (double t in new[] { 0, 0.5, 1 })
        {
            tiny.H2(t).Should().BeApproximately(zero.H2(t), 1e-10);
            tiny.Inventory(t, 1).Should().BeApproximately(zero.Inventory(t, 1), 1e-10);
        }
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_the_parameter_name()
    {
        FluentActions.Invoking(() => new CarteaJaimungalParameters(0, 0.16, 0.7, 10, 1))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*kappa must be positive and finite*");
        FluentActions.Invoking(() => new CarteaJaimungalParameters(0.24, -1, 0.7, 10, 1))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("alpha");
        FluentActions.Invoking(() => new CarteaJaimungalParameters(0.24, 0.16, double.NaN, 10, 1))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("phi");
        FluentActions.Invoking(() => new CarteaJaimungalParameters(0.24, 0.16, 0.7, -1, 1))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("terminalPenalty");
        FluentActions.Invoking(() => new CarteaJaimungalParameters(0.24, 5, 0, 0, 1))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*blows up*");
        var cj = new CarteaJaimungalClosedForm(Published);
        FluentActions.Invoking(() => cj.H2(1.5)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("t");
    }
}
