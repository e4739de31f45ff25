using NeuralHjb.Reference;

namespace NeuralHjb.Tests.Reference;

public class ReferenceStrategiesTests
{
    [Fact]
    public void Twap_falls_linearly_in_time_on_any_grid()
    {
        var x = ReferenceStrategies.Twap(100, new[] { 1.0, 1.5, 3, 5 });
        x.Should().Equal(100, 87.5, 50, 0);
    }

    [Fact]
    public void Vwap_follows_cumulative_volume_and_is_twap_for_flat_volume()
    {
        ReferenceStrategies.Vwap(100, new[] { 1.0, 3, 0, 4 }).Should().Equal(100, 87.5, 50, 50, 0);
        var flat = ReferenceStrategies.Vwap(-60, new[] { 2.0, 2, 2 });
        var twap = ReferenceStrategies.Twap(-60, new[] { 0.0, 1, 2, 3 });
        for (int k = 0; k < 4; k++)
        {
            flat[k].Should().BeApproximately(twap[k], 1e-12);
        }
    }

    [Fact]
    public void Buy_and_hold_never_trades()
    {
        ReferenceStrategies.BuyAndHold(7, new[] { 0.0, 0.5, 1 }).Should().Equal(7, 7, 7);
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_the_parameter_name()
    {
        FluentActions.Invoking(() => ReferenceStrategies.Twap(1, new[] { 0.0 })).Should().Throw<ArgumentException>()
            .Which.ParamName.Should().Be("times");
        FluentActions.Invoking(() => ReferenceStrategies.Twap(1, new[] { 0.0, 0 })).Should().Throw<ArgumentException>()
            .WithMessage("times must be strictly increasing*");
        FluentActions.Invoking(() => ReferenceStrategies.Vwap(1, new[] { 1.0, -1 })).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("intervalVolumes");
        FluentActions.Invoking(() => ReferenceStrategies.Vwap(1, new[] { 0.0, 0 })).Should().Throw<ArgumentException>()
            .WithMessage("intervalVolumes must have a positive, finite total*");
        FluentActions.Invoking(() => ReferenceStrategies.BuyAndHold(double.NaN, new[] { 0.0 })).Should().Throw<ArgumentOutOfRangeException>()
            .Which.ParamName.Should().Be("initialInventory");
    }
}
