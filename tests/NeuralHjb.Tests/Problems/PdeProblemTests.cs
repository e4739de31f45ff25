using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Problems.Pde;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using static NeuralHjb.Tests.Problems.ProblemAssert;

namespace NeuralHjb.Tests.Problems;

public class PdeProblemTests
{
    private static readonly Tensor T0 = Tensor.Scalar(0.1, DType.Float64);

    [Fact]
    public void Defaults_are_the_deep_bsde_benchmarks()
    {
        var hjb = new HjbLq();
        (hjb.Dimension, hjb.Horizon, hjb.Parameters.Lambda).Should().Be((100, 1.0, 1.0));
        hjb.InitialPoint.Should().OnlyContain(v => v == 0);
        var ac = new AllenCahn();
        (ac.Dimension, ac.Horizon).Should().Be((100, 0.3));
        var dr = new DefaultRisk();
        (dr.Dimension, dr.Horizon, dr.Parameters.Sigma, dr.Parameters.R, dr.Parameters.Delta).Should().Be((100, 1.0, 0.2, 0.02, 2.0 / 3));
        (dr.Parameters.GammaHigh, dr.Parameters.GammaLow, dr.Parameters.VHigh, dr.Parameters.VLow, dr.Parameters.MuBar).Should().Be((0.2, 0.02, 50.0, 70.0, 0.02));
        dr.InitialPoint.Should().OnlyContain(v => v == 100);
        Close(dr.InitialStates(2).Sum(), [200 * 100]);
    }

    [Fact]
    public void Hjb_lq_generator_in_terms_of_z_equals_minus_lambda_grad_squared()
    {
        var p = new HjbLq(new HjbLqParameters { Dimension = 3, Lambda = 2 });
        var x = Rows([1, -2, 0.5], [0, 0, 0]);
        Close(p.Terminal(x), [Math.Log((1 + 5.25) / 2), Math.Log(0.5)]);

        // With u(x) = g(x), ∇u = 2x/(1 + |x|²); Z = σᵀ∇u must give f = −λ|∇u|².
        var xg = x.Clone().RequireGrad();
        var grad = Autograd.Grad(p.Terminal(xg).Sum(), xg);
        var z = p.DiffusionTransposeTimes(T0, x, grad);
        var expected = grad.Square().Sum(1).ToDoubleArray().Select(v => -2 * v).ToArray();
        Close(p.Generator(T0, x, Column(0, 0), z), expected, 1e-12);
        Close(p.Diffusion(T0, x), Enumerable.Repeat(Math.Sqrt(2), 6).ToArray());
        Close(p.Drift(T0, x), new double[6]);
        var dW = Rows([0.1, 0.2, 0.3], [0, -1, 1]);
        Close(p.ForwardStep(T0, x, 0.05, dW), (x + (dW * Math.Sqrt(2))).ToDoubleArray());
    }

    [Fact]
    public void Allen_cahn_generator_and_terminal()
    {
        var p = new AllenCahn(new AllenCahnParameters { Dimension = 2 });
        Close(p.Generator(T0, Rows([0, 0], [1, 1]), Column(0.5, -2), Rows([1, 1], [1, 1])), [0.5 - 0.125, -2 + 8]);
        Close(p.Terminal(Rows([1, 2], [0, 0])), [0.5 / (1 + 1), 0.5]);
        Close(p.DiffusionTimes(T0, Rows([0, 0]), Rows([1, -1])), [Math.Sqrt(2), -Math.Sqrt(2)]);
    }

    [Fact]
    public void Default_risk_intensity_generator_terminal_and_forward_step()
    {
        var p = new DefaultRisk(new DefaultRiskParameters { Dimension = 3 });
        Close(p.Intensity(Column(40, 50, 60, 70, 80)), [0.2, 0.2, 0.11, 0.02, 0.02], 1e-12);
        var y = Column(40, 60);
        Close(p.Generator(T0, Rows([1, 1, 1], [1, 1, 1]), y, Rows([0, 0, 0], [0, 0, 0])), [-((1.0 / 3 * 0.2) + 0.02) * 40, -((1.0 / 3 * 0.11) + 0.02) * 60], 1e-12);
        var x = Rows([100, 90, 110], [80, 120, 95]);
        Close(p.Terminal(x), [90, 80]);
        Close(p.Drift(T0, x), (x * 0.02).ToDoubleArray());
        Close(p.Diffusion(T0, x), (x * 0.2).ToDoubleArray());
        var dW = Rows([0.1, -0.1, 0], [0.2, 0, -0.3]);
        Close(p.ForwardStep(T0, x, 0.025, dW), ((x * (1 + (0.02 * 0.025))) + (x * dW * 0.2)).ToDoubleArray(), 1e-12);
        Close(p.DiffusionTransposeTimes(T0, x, Rows([1, 2, 3], [1, 1, 1])), [20, 36, 66, 16, 24, 19]);
    }

    [Fact]
    public void Increments_have_variance_dt_and_follow_dtype()
    {
        var p = new AllenCahn(new AllenCahnParameters { Dimension = 10 });
        var dW = p.SampleIncrements(20_000, 0.04, new Philox(3));
        dW.ShapeArray().Should().Equal(20_000, 10);
        dW.DType.Should().Be(DType.Float64);
        dW.Square().Mean().Item().Should().BeApproximately(0.04, 0.002);
        p.InitialStates(4, DType.Float32).DType.Should().Be(DType.Float32);
        p.Generator(T0.To(DType.Float32), p.InitialStates(4, DType.Float32), Tensor.Ones([4, 1]), Tensor.Ones([4, 10])).DType.Should().Be(DType.Float32);
    }

    [Fact]
    public void Bad_parameters_are_rejected()
    {
        FluentActions.Invoking(() => new HjbLq(new HjbLqParameters { Lambda = -1 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*lambda must be non-negative and finite*");
        FluentActions.Invoking(() => new AllenCahn(new AllenCahnParameters { Dimension = 0 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*dimension must be at least 1*");
        FluentActions.Invoking(() => new DefaultRisk(new DefaultRiskParameters { VLow = 40 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*vLow must exceed vHigh*");
        FluentActions.Invoking(() => new DefaultRisk(new DefaultRiskParameters { Delta = 1.5 }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*delta must lie in [0, 1]*");
        FluentActions.Invoking(() => new DefaultRisk(new DefaultRiskParameters { Sigma = double.NaN }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*sigma must be non-negative and finite*");
    }
}
