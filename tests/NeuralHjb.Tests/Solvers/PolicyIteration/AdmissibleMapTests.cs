using NeuralHjb.Control;
using NeuralHjb.Solvers.PolicyIteration;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.PolicyIteration;

public class AdmissibleMapTests
{
    private static readonly double[] Raw = [-50, -3, -0.5, 0, 0.7, 4, 50];

    private static double[] Apply(AdmissibleMap map) => map.Apply(Tensor.FromArray(Raw, [Raw.Length, 1]).To(DType.Float64)).ToDoubleArray();

    [Fact]
    public void A_box_maps_every_raw_value_into_the_box_monotonically_and_inverts()
    {
        var map = new AdmissibleMap(new ControlBounds([0.0], [1.0]), 1);
        var u = Apply(map);
        u.Should().OnlyContain(v => v >= 0 && v <= 1).And.BeInAscendingOrder();
        u[3].Should().Be(0.5);
        foreach (var target in new[] { 0.01, 0.3, 0.75, 0.99 })
        {
            var z = map.Inverse(0, target);
            Apply1(map, z).Should().BeApproximately(target, 1e-12);
        }
    }

    [Fact]
    public void One_sided_bounds_use_softplus_and_no_bounds_the_identity()
    {
        var lower = new AdmissibleMap(new ControlBounds([2.0], [double.PositiveInfinity]), 1);
        Apply(lower).Should().OnlyContain(v => v >= 2).And.BeInAscendingOrder();
        Apply1(lower, lower.Inverse(0, 2.5)).Should().BeApproximately(2.5, 1e-12);

        var upper = new AdmissibleMap(new ControlBounds([double.NegativeInfinity], [-1.0]), 1);
        Apply(upper).Should().OnlyContain(v => v <= -1).And.BeInAscendingOrder();
        Apply1(upper, upper.Inverse(0, -3)).Should().BeApproximately(-3, 1e-12);

        Apply(new AdmissibleMap(null, 1)).Should().Equal(Raw);
    }

    [Fact]
    public void Two_coordinates_are_mapped_independently()
    {
        var map = new AdmissibleMap(new ControlBounds([0.0, double.NegativeInfinity], [1.0, double.PositiveInfinity]), 2);
        var u = map.Apply(Tensor.FromArray(new double[] { 0, 5, 100, -7 }, [2, 2])).ToDoubleArray();
        u.Should().Equal(0.5, 5, 1, -7);
        var bad = () => map.Inverse(0, 1.5);
        bad.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("control");
    }

    private static double Apply1(AdmissibleMap map, double z) => map.Apply(Tensor.Full([1, 1], z, DType.Float64)).Item();
}
