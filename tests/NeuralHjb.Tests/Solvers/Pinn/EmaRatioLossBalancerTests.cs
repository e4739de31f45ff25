using NeuralHjb.Solvers.Pinn;

namespace NeuralHjb.Tests.Solvers.Pinn;

public sealed class EmaRatioLossBalancerTests
{
    [Fact]
    public void FirstUpdateOnlyNormalisesByTheMean()
    {
        var b = new EmaRatioLossBalancer(0.9, 0.1);
        b.Reset([1, 0.1, 0.5]);
        b.Update([4, 2, 1]);

        // All ratios are 1, so ρ = 1 ≥ 1 and the multiplier 1^(−p) = 1; the clip lifts nothing; w / mean(w).
        var mean = (1 + 0.1 + 0.5) / 3;
        b.Weights.Should().Equal([1 / mean, 0.1 / mean, 0.5 / mean], (x, y) => Math.Abs(x - y) < 1e-12);
    }

    [Fact]
    public void SecondUpdateDampsTheLaggingTermByRhoToTheMinusP()
    {
        const double beta = 0.5, p = 0.3;
        var b = new EmaRatioLossBalancer(beta, p);
        b.Reset([1, 1]);
        b.Update([1, 1]);

        // Term 0 stalls (loss 1), term 1 falls to 0.25: EMA = (1, 0.625), r = (1, 0.625), g = √0.625.
        b.Update([1, 0.25]);
        var g = Math.Sqrt(0.625);
        var w0 = Math.Pow(1 / g, -p);  // ρ₀ = 1/g > 1 → damped
        var w1 = 1.0;                   // ρ₁ = 0.625/g < 1 → unchanged
        var mean = (w0 + w1) / 2;
        b.Weights[0].Should().BeApproximately(w0 / mean, 1e-12);
        b.Weights[1].Should().BeApproximately(w1 / mean, 1e-12);
        b.Weights[0].Should().BeLessThan(b.Weights[1]);
    }

    [Fact]
    public void LossesBelowTheFloorCountAsTheFloorAndWeightsStayClipped()
    {
        var b = new EmaRatioLossBalancer(0, 5);
        b.Reset([2, 2]);
        b.Update([1e-9, 1]);
        b.Update([1e-12, 1e6]);

        // First update: (2, 2)/mean = (1, 1). Then the floor 1e-3 keeps term 0's ratio at exactly 1, term 1's
        // ratio explodes (ρ = 1e3) and its weight 1e3^(−5) is clipped up to 0.1 before normalising.
        b.Weights[0].Should().BeApproximately(1 / 0.55, 1e-12);
        b.Weights[1].Should().BeApproximately(0.1 / 0.55, 1e-12);
    }

    [Theory]
    [InlineData(1.0, 0.1)]
    [InlineData(-0.1, 0.1)]
    [InlineData(0.9, -1)]
    public void BadSettingsAreRejected(double beta, double p)
    {
        var act = () => new EmaRatioLossBalancer(beta, p);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void FixedWeightsNeverMove()
    {
        var w = new FixedLossWeights();
        w.Reset([1, 0.1]);
        w.Update([100, 1e-9]);
        w.Weights.Should().Equal(1, 0.1);
    }
}
