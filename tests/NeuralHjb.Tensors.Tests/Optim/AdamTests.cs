using NeuralHjb.Optim;
using static NeuralHjb.Tensors.Tests.Optim.OptimTestHelpers;

namespace NeuralHjb.Tensors.Tests.Optim;

public class AdamTests
{
    private static readonly double[] G = [2.0, 0.1, -0.3];

    /// <summary>PyTorch's Adam/AdamW written out for one scalar, as on paper.</summary>
    private static double[] Reference(double x, double lr, double b1, double b2, double eps, double wd, bool amsgrad, bool decoupled)
    {
        double m = 0, v = 0, vmax = 0;
        var result = new double[G.Length];
        for (var t = 1; t <= G.Length; t++)
        {
            var g = G[t - 1];
            if (decoupled)
            {
                x *= 1 - lr * wd;
            }
            else
            {
                g += wd * x;
            }

            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            vmax = Math.Max(vmax, v);
            var bc1 = 1 - Math.Pow(b1, t);
            var bc2 = 1 - Math.Pow(b2, t);
            var denom = Math.Sqrt(amsgrad ? vmax : v) / Math.Sqrt(bc2) + eps;
            x -= lr / bc1 * m / denom;
            result[t - 1] = x;
        }

        return result;
    }

    private static double[] Run(Optimizer opt, Tensor p)
    {
        var result = new double[G.Length];
        for (var k = 0; k < G.Length; k++)
        {
            SetGrad(p, G[k]);
            opt.Step();
            result[k] = p.Item();
        }

        return result;
    }

    [Fact]
    public void First_adam_step_moves_by_lr_times_sign_because_of_bias_correction()
    {
        // m1 = 0.1 g, v1 = 0.001 g^2; with bias correction m̂ = g, √v̂ = |g|: step = lr·g/(|g| + eps).
        var p = Param(1.0);
        var opt = new Adam([p], learningRate: 0.1);
        SetGrad(p, 0.5);
        opt.Step();
        p.Item().Should().BeApproximately(1.0 - (0.1 * 0.5 / (0.5 + 1e-8)), 1e-15);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.1, false)]
    [InlineData(0.0, true)]
    [InlineData(0.1, true)]
    public void Adam_three_steps_match_hand_computation(double wd, bool amsgrad)
    {
        var p = Param(1.5);
        var actual = Run(new Adam([p], learningRate: 0.05, beta1: 0.8, beta2: 0.95, epsilon: 1e-6, weightDecay: wd, amsgrad: amsgrad), p);
        AssertClose(actual, Reference(1.5, 0.05, 0.8, 0.95, 1e-6, wd, amsgrad, decoupled: false), 1e-12);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.3, false)]
    [InlineData(0.3, true)]
    public void AdamW_three_steps_match_hand_computation(double wd, bool amsgrad)
    {
        var p = Param(1.5);
        var actual = Run(new AdamW([p], learningRate: 0.05, beta1: 0.8, beta2: 0.95, epsilon: 1e-6, weightDecay: wd, amsgrad: amsgrad), p);
        AssertClose(actual, Reference(1.5, 0.05, 0.8, 0.95, 1e-6, wd, amsgrad, decoupled: true), 1e-12);
    }

    [Fact]
    public void Adam_literal_values_for_three_steps()
    {
        // Computed by hand from the formula (lr 0.1, default betas, eps 1e-8, gradients 2, 0.1, −0.3, x0 = 0):
        // t=1: m = 0.2, v = 0.004, x = −0.1·(0.2/0.1)/(√0.004/√0.001 + 1e-8) = −0.1·2/(2 + 1e-8)
        var p = Param(0.0);
        var actual = Run(new Adam([p], learningRate: 0.1), p);
        actual[0].Should().BeApproximately(-0.2 / (2 + 1e-8), 1e-15);
        AssertClose(actual, Reference(0.0, 0.1, 0.9, 0.999, 1e-8, 0, false, false), 1e-12);
    }

    [Fact]
    public void Amsgrad_uses_the_running_maximum_of_the_second_moment()
    {
        var a = Param(1.0);
        var b = Param(1.0);
        Run(new Adam([a], learningRate: 0.05, beta2: 0.9, amsgrad: false), a);
        Run(new Adam([b], learningRate: 0.05, beta2: 0.9, amsgrad: true), b);
        // v shrinks after the large first gradient, so AMSGrad's denominator is larger and its steps smaller.
        Math.Abs(b.Item() - 1.0).Should().BeLessThan(Math.Abs(a.Item() - 1.0));
    }

    [Fact]
    public void Each_parameter_counts_its_own_steps_for_bias_correction()
    {
        // Parameter b has no gradient on the first step, so its second update is its first: bias
        // correction with t = 1, exactly like a fresh optimiser.
        var a = Param(1.0);
        var b = Param(1.0);
        var opt = new Adam([a, b], learningRate: 0.1);
        SetGrad(a, 1.0);
        opt.Step();
        b.Item().Should().Be(1.0);
        SetGrad(b, 0.5);
        opt.Step();
        var fresh = Param(1.0);
        var single = new Adam([fresh], learningRate: 0.1);
        SetGrad(fresh, 0.5);
        single.Step();
        b.Item().Should().Be(fresh.Item());
        opt.StateDict()["param.0.step"].Item().Should().Be(2);
        opt.StateDict()["param.1.step"].Item().Should().Be(1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nan_gradients_are_never_turned_finite(bool amsgrad)
    {
        var p = Param(Enumerable.Range(0, 11).Select(i => i * 0.1).ToArray());
        var opt = new Adam([p], learningRate: 0.1, amsgrad: amsgrad);
        var g = Enumerable.Repeat(0.5, 11).ToArray();
        g[1] = double.NaN;
        g[10] = double.PositiveInfinity;
        SetGrad(p, g);
        opt.Step();
        SetGrad(p, Enumerable.Repeat(0.5, 11).ToArray());
        opt.Step();
        var x = p.ToDoubleArray();
        double.IsNaN(x[1]).Should().BeTrue();
        double.IsFinite(x[10]).Should().BeFalse();
        double.IsFinite(x[0]).Should().BeTrue();
        if (amsgrad)
        {
            var vmax = opt.StateDict()["param.0.max_exp_avg_sq"].ToDoubleArray();
            double.IsNaN(vmax[1]).Should().BeTrue();
        }
    }

    [Fact]
    public void Broadcast_view_gradients_are_read_correctly()
    {
        // loss = sum(p): the engine hands back an expanded (stride-0) view of the seed as the gradient.
        var p = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), [3, 4]).RequireGrad();
        var q = p.Clone().RequireGrad();
        var opt1 = new Adam([p], learningRate: 0.1);
        var opt2 = new Adam([q], learningRate: 0.1);
        for (var k = 0; k < 3; k++)
        {
            opt1.ZeroGrad();
            p.Sum().Backward();
            opt1.Step();
            q.Grad = Tensor.Ones([3, 4], DType.Float64);
            opt2.Step();
        }

        BitwiseEqual(p, q).Should().BeTrue();
    }

    [Fact]
    public void Float32_parameters_are_updated_in_float32()
    {
        var p = Param32(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f);
        var opt = new AdamW([p], learningRate: 0.01f);
        p.Grad = Tensor.FromArray(new float[] { 1, -1, 1, -1, 1, -1, 1, -1, 1 });
        opt.Step();
        p.DType.Should().Be(DType.Float32);
        // First step ≈ θ(1 − lr·λ) − lr·sign(g).
        p.ToDoubleArray()[0].Should().BeApproximately((1 * (1 - 0.01 * 0.01)) - 0.01, 1e-6);
        p.ToDoubleArray()[1].Should().BeApproximately((2 * (1 - 0.01 * 0.01)) + 0.01, 1e-6);
    }

    [Fact]
    public void Parameter_groups_use_their_own_rates_and_follow_the_scheduled_rate()
    {
        var a = Param(1.0);
        var b = Param(1.0);
        var opt = new Sgd([new ParameterGroup([a]), new ParameterGroup([b], learningRate: 0.5, weightDecay: 0.1)], learningRate: 0.1);
        opt.Groups[0].LearningRate.Should().Be(0.1);
        opt.Groups[1].LearningRate.Should().Be(0.5);
        opt.Groups[0].WeightDecay.Should().Be(0);
        SetGrad(a, 1.0);
        SetGrad(b, 1.0);
        opt.Step();
        a.Item().Should().BeApproximately(0.9, 1e-15);
        b.Item().Should().BeApproximately(1 - (0.5 * 1.1), 1e-15);

        opt.LearningRate = 0.01;
        opt.Groups[0].LearningRate.Should().Be(0.01);
        opt.Groups[1].LearningRate.Should().BeApproximately(0.05, 1e-16);
    }
}
