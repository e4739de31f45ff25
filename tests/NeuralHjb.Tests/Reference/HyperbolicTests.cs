using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Reference;

public class HyperbolicTests
{
    [Theory]
    [InlineData(1e-10, 1.00000000005e-10)]
    [InlineData(1e-5, 1.0000050000166668e-05)]
    [InlineData(-0.0341, -0.033525147680260665)]
    [InlineData(0.1, 0.10517091807564763)]
    [InlineData(-0.3416, -0.2893675991735049)]
    [InlineData(5.0, 147.4131591025766)]
    [InlineData(-50.0, -1.0)]
    public void ExpM1_is_accurate_to_a_few_ulps(double x, double expected)
    {
        Hyperbolic.ExpM1(x).Should().BeApproximately(expected, 4e-16 * Math.Abs(expected));
    }

    [Fact]
    public void Limits_at_zero_rate_are_the_linear_ones()
    {
        Hyperbolic.XCothX(0).Should().Be(1);
        Hyperbolic.XCothX(1e-5).Should().BeApproximately(1e-5 / Math.Tanh(1e-5), 1e-15);
        Hyperbolic.XCothX(-3).Should().BeApproximately(3 / Math.Tanh(3), 1e-15);
        Hyperbolic.TanhOverRate(0, 2).Should().Be(2);
        Hyperbolic.TanhOverRate(1e-6, 2).Should().BeApproximately(Math.Tanh(2e-6) / 1e-6, 1e-15);
        Hyperbolic.SinhRatio(0, 1, 4).Should().Be(0.25);
        Hyperbolic.SinhRatio(100, 9, 10).Should().BeApproximately(Math.Exp(-100), 1e-50);
        Hyperbolic.SinhRatio(0.3, 1, 4).Should().BeApproximately(Math.Sinh(0.3) / Math.Sinh(1.2), 1e-15);
    }
}
