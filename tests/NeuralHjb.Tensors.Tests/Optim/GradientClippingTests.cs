using NeuralHjb.Optim;
using static NeuralHjb.Tensors.Tests.Optim.OptimTestHelpers;

namespace NeuralHjb.Tensors.Tests.Optim;

public class GradientClippingTests
{
    [Fact]
    public void Total_norm_is_the_norm_of_all_gradients_together()
    {
        var a = Param(0.0, 0.0);
        var b = Param(0.0);
        var c = Param(0.0); // no gradient: ignored
        SetGrad(a, 3.0, 4.0);
        SetGrad(b, 12.0);
        var norm = GradientClipping.ClipByNorm([a, b, c], maxNorm: 100);
        norm.Should().BeApproximately(13.0, 1e-14);
        a.Grad!.ToDoubleArray().Should().Equal(3.0, 4.0);
        GradientClipping.TotalNorm([a, b], 1).Should().Be(19);
        GradientClipping.TotalNorm([a, b], double.PositiveInfinity).Should().Be(12);
        GradientClipping.TotalNorm([a, b], 3).Should().BeApproximately(Math.Pow(27 + 64 + 1728, 1.0 / 3), 1e-12);
    }

    [Fact]
    public void Scales_all_gradients_by_max_norm_over_total_norm()
    {
        var a = Param(0.0, 0.0);
        var b = Param32(0f);
        SetGrad(a, 3.0, 4.0);
        b.Grad = Tensor.FromArray(new[] { 12f });
        var norm = GradientClipping.ClipByNorm([a, b], maxNorm: 1.3);
        norm.Should().BeApproximately(13.0, 1e-6);
        var coef = 1.3 / (norm + 1e-6);
        AssertClose(a.Grad!.ToDoubleArray(), [3 * coef, 4 * coef], 1e-15);
        b.Grad!.ToDoubleArray()[0].Should().BeApproximately(12 * coef, 1e-6);
        GradientClipping.TotalNorm([a, b]).Should().BeApproximately(1.3, 1e-6);
    }

    [Fact]
    public void Is_a_no_op_below_the_threshold()
    {
        var a = Param(0.0, 0.0);
        SetGrad(a, 0.3, 0.4);
        var before = a.Grad!;
        GradientClipping.ClipByNorm([a], maxNorm: 1.0).Should().BeApproximately(0.5, 1e-15);
        a.Grad.Should().BeSameAs(before);
        a.Grad!.ToDoubleArray().Should().Equal(0.3, 0.4);
    }

    [Fact]
    public void Non_finite_norm_is_reported_and_gradients_left_alone_or_an_error_raised()
    {
        var a = Param(0.0, 0.0);
        SetGrad(a, double.NaN, 1.0);
        double.IsNaN(GradientClipping.ClipByNorm([a], 1.0)).Should().BeTrue();
        double.IsNaN(a.Grad!.ToDoubleArray()[0]).Should().BeTrue();
        a.Grad!.ToDoubleArray()[1].Should().Be(1.0);
        FluentActions.Invoking(() => GradientClipping.ClipByNorm([a], 1.0, errorIfNonFinite: true)).Should().Throw<ArithmeticException>();
        SetGrad(a, double.PositiveInfinity, 1.0);
        double.IsPositiveInfinity(GradientClipping.ClipByNorm([a], 1.0)).Should().BeTrue();
    }

    [Fact]
    public void Shared_and_broadcast_gradients_are_scaled_exactly_once()
    {
        // loss = sum(a + b): both gradients come from the same seed buffer (shared storage, broadcast view).
        var a = Tensor.FromArray(new[] { 1.0, 2.0, 3.0, 4.0 }).RequireGrad();
        var b = Tensor.FromArray(new[] { 1.0, 2.0, 3.0, 4.0 }).RequireGrad();
        (a + b).Sum().Backward();
        var norm = GradientClipping.ClipByNorm([a, b], maxNorm: 1.0);
        norm.Should().BeApproximately(Math.Sqrt(8), 1e-14);
        var coef = 1.0 / (Math.Sqrt(8) + 1e-6);
        AssertClose(a.Grad!.ToDoubleArray(), [coef, coef, coef, coef], 1e-15);
        AssertClose(b.Grad!.ToDoubleArray(), [coef, coef, coef, coef], 1e-15);
    }

    [Fact]
    public void Clip_by_value_clamps_elementwise_and_keeps_nan()
    {
        var a = Param(0, 0, 0, 0, 0, 0, 0, 0, 0);
        SetGrad(a, -3, -0.5, 0, 0.5, 3, double.NaN, double.NegativeInfinity, 1, -1);
        GradientClipping.ClipByValue([a], 1.0);
        var g = a.Grad!.ToDoubleArray();
        g[..5].Should().Equal(-1, -0.5, 0, 0.5, 1);
        double.IsNaN(g[5]).Should().BeTrue();
        g[6..].Should().Equal(-1, 1, -1);
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var a = Param(0.0);
        FluentActions.Invoking(() => GradientClipping.ClipByNorm([a], -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maxNorm");
        FluentActions.Invoking(() => GradientClipping.ClipByNorm([a], 1, normType: 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("normType");
        FluentActions.Invoking(() => GradientClipping.ClipByValue([a], double.NaN)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("clipValue");
    }
}
