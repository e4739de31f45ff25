using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Solvers.Pinn;

public sealed class HjbResidualTests
{
    private const double Kappa = 0.1;
    private const double T = 5;

    [Fact]
    public void ProbeFindsThatOnlyThePriceCarriesNoise()
    {
        var hjb = new HjbResidual(new GatheralSchied());
        hjb.SecondOrderCoordinates.Should().Equal(1);
        hjb.DiagonalOnly.Should().BeTrue();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.05)]
    [InlineData(0.1)]
    public void ClosedFormValueHasZeroResidualWithoutVolatility(double lambda)
    {
        // σ = 0: c(τ) = −(λ²/(4κ²)) (τ − (2/κ) tanh(κτ/2)) is elementary, so Γ can be written with tensor ops.
        var problem = new GatheralSchied(new GatheralSchiedParameters { Lambda = lambda, Sigma = 0 });
        var (t, x) = Points(0.05);
        var hjb = new HjbResidual(problem);
        var d = hjb.Derivatives((tt, xx) => ClosedForm(tt, xx, lambda), t, x, createGraph: false);
        var r = hjb.Residual(d).ToDoubleArray();
        var scale = d.Value.ToDoubleArray().Select(Math.Abs).Max();
        r.Select(Math.Abs).Max().Should().BeLessThan(1e-9 * scale);
    }

    [Fact]
    public void ClosedFormValueHasZeroResidualAtLambdaZeroWithVolatility()
    {
        var problem = new GatheralSchied(new GatheralSchiedParameters { Lambda = 0, Sigma = 0.3 });
        var (t, x) = Points(0.05);
        var hjb = new HjbResidual(problem);
        var d = hjb.Derivatives((tt, xx) => ClosedForm(tt, xx, 0), t, x, createGraph: false);
        hjb.Residual(d).ToDoubleArray().Select(Math.Abs).Max().Should().BeLessThan(1e-9);
    }

    [Fact]
    public void GeneratorMatchesTheHandWrittenOperator()
    {
        // V = sin(t) X² S + S³/10: V_t = cos(t) X² S, V_X = 2 sin(t) X S, V_SS = 3S/5, and for GS
        // 𝓛ᵘV = V_t − u V_X + ½σ²S² V_SS + u² + κ²X² + λXS.
        const double sigma = 0.3, lambda = 0.07;
        var problem = new GatheralSchied(new GatheralSchiedParameters { Lambda = lambda, Sigma = sigma, Kappa = Kappa });
        var (t, x) = Points(0);
        var u = Tensor.Uniform([t.Size(0), 1], new Philox(9), -2, 2, DType.Float64);
        var hjb = new HjbResidual(problem);
        var d = hjb.Derivatives((tt, xx) => (tt.Sin() * xx.Slice(1, 0, 1).Square() * xx.Slice(1, 1, 1)) + (xx.Slice(1, 1, 1).Pow(3) / 10), t, x, createGraph: false);
        var g = hjb.Generator(d, u).ToDoubleArray();
        var tv = t.ToDoubleArray();
        var xv = x.ToDoubleArray();
        var uv = u.ToDoubleArray();
        for (var i = 0; i < tv.Length; i++)
        {
            double X = xv[2 * i], S = xv[(2 * i) + 1], tt = tv[i], uu = uv[i];
            var expected = (Math.Cos(tt) * X * X * S) - (uu * 2 * Math.Sin(tt) * X * S) + (0.5 * sigma * sigma * S * S * 3 * S / 5) + (uu * uu) + (Kappa * Kappa * X * X) + (lambda * X * S);
            g[i].Should().BeApproximately(expected, 1e-9 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public void DerivativesStayDifferentiableForTraining()
    {
        var problem = new GatheralSchied();
        var net = new PinnValueNetwork(2, [8], Nn.Activation.Tanh, T, problem.Domain, new ScaledAnsatz(), null, new Philox(1), DType.Float64);
        var (t, x) = Points(0.1);
        var hjb = new HjbResidual(problem);
        var loss = hjb.Residual(hjb.Derivatives(net.Value, t, x)).Square().Mean();
        loss.Backward();
        net.Core.Layers[0].Weight.Grad.Should().NotBeNull();
        net.Core.Layers[0].Weight.Grad!.ToDoubleArray().Should().Contain(v => v != 0);
    }

    private static (Tensor T, Tensor X) Points(double minTau)
    {
        var g = new Philox(3);
        var t = Tensor.Uniform([32, 1], g, 0, T - minTau, DType.Float64);
        var inv = Tensor.Uniform([32, 1], g, -10, 10, DType.Float64);
        var s = Tensor.Uniform([32, 1], g, 10, 100, DType.Float64);
        return (t, Tensor.Concat([inv, s], 1));
    }

    private static Tensor ClosedForm(Tensor t, Tensor x, double lambda)
    {
        var tau = T - t;
        var e = (tau * (2 * Kappa)).Exp();
        var a = (e + 1) / (e - 1) * Kappa;
        var half = (tau * (Kappa / 2)).Tanh();
        var b = half * (lambda / Kappa);
        var c = (tau - (half * (2 / Kappa))) * (-(lambda * lambda) / (4 * Kappa * Kappa));
        var X = x.Slice(1, 0, 1);
        var S = x.Slice(1, 1, 1);
        return (a * X.Square()) + (b * X * S) + (c * S.Square());
    }
}
