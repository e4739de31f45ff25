using NeuralHjb.Optim;
using static NeuralHjb.Tensors.Tests.Optim.OptimTestHelpers;

namespace NeuralHjb.Tensors.Tests.Optim;

public class SgdTests
{
    private static readonly double[][] Grads = [[0.5, -1.0], [0.25, 2.0], [-1.5, 0.75]];

    [Fact]
    public void Plain_sgd_subtracts_lr_times_gradient()
    {
        var p = Param(1.0, -2.0);
        var opt = new Sgd([p], learningRate: 0.1);
        SetGrad(p, Grads[0]);
        opt.Step();
        p.ToDoubleArray().Should().Equal(1.0 - 0.05, -2.0 + 0.1);
        SetGrad(p, Grads[1]);
        opt.Step();
        SetGrad(p, Grads[2]);
        opt.Step();
        AssertClose(p.ToDoubleArray(), [1.0 - 0.1 * (0.5 + 0.25 - 1.5), -2.0 - 0.1 * (-1.0 + 2.0 + 0.75)], 1e-15);
    }

    [Fact]
    public void Momentum_with_dampening_and_weight_decay_matches_hand_computation()
    {
        // x0 = 1, lr = 0.1, mu = 0.9, tau = 0.2, lambda = 0.01; gradients 0.5, 0.25, -1.5.
        var p = Param(1.0);
        var opt = new Sgd([p], learningRate: 0.1, momentum: 0.9, dampening: 0.2, weightDecay: 0.01);
        double[] g = [0.5, 0.25, -1.5];
        // step 1: d = 0.5 + 0.01*1 = 0.51; b = 0.51 (no dampening on the first step); x = 1 - 0.051 = 0.949
        // step 2: d = 0.25 + 0.00949 = 0.25949; b = 0.9*0.51 + 0.8*0.25949 = 0.666592; x = 0.949 - 0.0666592 = 0.8823408
        // step 3: d = -1.5 + 0.008823408 = -1.491176592; b = 0.9*0.666592 + 0.8*d = -0.5930084736; x = 0.8823408 + 0.05930084736
        double[] expected = [0.949, 0.8823408, 0.94164164736];
        for (var k = 0; k < 3; k++)
        {
            SetGrad(p, g[k]);
            opt.Step();
            p.Item().Should().BeApproximately(expected[k], 1e-12);
        }
    }

    [Fact]
    public void Nesterov_matches_hand_computation()
    {
        // x0 = 2, lr = 0.05, mu = 0.5, lambda = 0.1.
        var p = Param(2.0);
        var opt = new Sgd([p], learningRate: 0.05, momentum: 0.5, weightDecay: 0.1, nesterov: true);
        double[] g = [1.0, -0.5, 0.25];
        double x = 2, b = 0;
        for (var k = 0; k < 3; k++)
        {
            var d = g[k] + 0.1 * x;
            b = k == 0 ? d : 0.5 * b + d;
            d += 0.5 * b;
            x -= 0.05 * d;
            SetGrad(p, g[k]);
            opt.Step();
            p.Item().Should().BeApproximately(x, 1e-12);
        }

        // By hand: step 1 d = 1.2, b = 1.2, d = 1.8, x = 1.91; step 2 d = -0.309, b = 0.291, d = -0.1635,
        // x = 1.918175; step 3 d = 0.4418175, b = 0.5873175, d = 0.73547625, x = 1.8814011875.
        p.Item().Should().BeApproximately(1.8814011875, 1e-12);
    }

    [Fact]
    public void Parameters_without_gradient_are_skipped_and_keep_no_state()
    {
        var a = Param(1.0);
        var b = Param(5.0);
        var opt = new Sgd([a, b], learningRate: 0.1, momentum: 0.9);
        SetGrad(a, 1.0);
        opt.Step();
        b.Item().Should().Be(5.0);
        opt.StateDict().Keys.Should().Contain("param.0.momentum_buffer").And.NotContain("param.1.momentum_buffer");
    }

    [Fact]
    public void Nan_gradient_stays_nan()
    {
        var p = Param(Enumerable.Range(0, 9).Select(i => (double)i).ToArray());
        var opt = new Sgd([p], learningRate: 0.1, momentum: 0.9);
        var g = new double[9];
        g[1] = double.NaN;
        g[8] = double.NaN;
        SetGrad(p, g);
        opt.Step();
        var x = p.ToDoubleArray();
        double.IsNaN(x[1]).Should().BeTrue();
        double.IsNaN(x[8]).Should().BeTrue();
        x[0].Should().Be(0);
    }
}
