using NeuralHjb.Optim;
using static NeuralHjb.Tensors.Tests.Optim.OptimTestHelpers;

namespace NeuralHjb.Tensors.Tests.Optim;

public class ScheduleTests
{
    [Fact]
    public void Constant_is_constant()
    {
        var s = new ConstantSchedule(0.01);
        s.LearningRate(0).Should().Be(0.01);
        s.LearningRate(123456).Should().Be(0.01);
    }

    [Fact]
    public void Piecewise_constant_follows_the_tensorflow_boundary_convention()
    {
        // Deep BSDE (Han, Jentzen & E): boundaries [1000, 2000], values [1e-2, 1e-3, 1e-4].
        var s = new PiecewiseConstantSchedule([1000, 2000], [1e-2, 1e-3, 1e-4]);
        s.LearningRate(0).Should().Be(1e-2);
        s.LearningRate(1000).Should().Be(1e-2);
        s.LearningRate(1001).Should().Be(1e-3);
        s.LearningRate(2000).Should().Be(1e-3);
        s.LearningRate(2001).Should().Be(1e-4);
        s.LearningRate(1_000_000).Should().Be(1e-4);
        new PiecewiseConstantSchedule([], [0.5]).LearningRate(7).Should().Be(0.5);
    }

    [Fact]
    public void Piecewise_constant_rejects_bad_input()
    {
        FluentActions.Invoking(() => new PiecewiseConstantSchedule([10], [1.0])).Should().Throw<ArgumentException>().WithParameterName("values");
        FluentActions.Invoking(() => new PiecewiseConstantSchedule([10, 10], [1.0, 2, 3])).Should().Throw<ArgumentException>().WithParameterName("boundaries");
        FluentActions.Invoking(() => new PiecewiseConstantSchedule([10], [1.0, double.NaN])).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("values");
    }

    [Fact]
    public void Exponential_decay_continuous_and_staircase()
    {
        var s = new ExponentialDecaySchedule(0.1, 0.5, decaySteps: 10);
        s.LearningRate(0).Should().Be(0.1);
        s.LearningRate(10).Should().BeApproximately(0.05, 1e-16);
        s.LearningRate(5).Should().BeApproximately(0.1 * Math.Sqrt(0.5), 1e-16);
        var st = new ExponentialDecaySchedule(0.1, 0.5, decaySteps: 10, staircase: true);
        st.LearningRate(9).Should().Be(0.1);
        st.LearningRate(25).Should().BeApproximately(0.025, 1e-16);
        new ExponentialDecaySchedule(1.0, 0.9).LearningRate(3).Should().BeApproximately(0.729, 1e-15);
    }

    [Fact]
    public void Cosine_annealing_hits_the_ends_and_the_midpoint()
    {
        var s = new CosineAnnealingSchedule(0.1, totalSteps: 100, minLearningRate: 0.001);
        s.LearningRate(0).Should().Be(0.1);
        s.LearningRate(50).Should().BeApproximately(0.0505, 1e-15);
        s.LearningRate(25).Should().BeApproximately(0.001 + (0.099 * (1 + Math.Cos(Math.PI / 4)) / 2), 1e-15);
        s.LearningRate(100).Should().BeApproximately(0.001, 1e-15);
        s.LearningRate(500).Should().BeApproximately(0.001, 1e-15);
    }

    [Fact]
    public void Linear_warmup_ramps_then_hands_over_to_the_inner_schedule()
    {
        var inner = new ExponentialDecaySchedule(0.2, 0.5);
        var s = new LinearWarmupSchedule(inner, warmupSteps: 4);
        s.LearningRate(0).Should().Be(0);
        s.LearningRate(1).Should().BeApproximately(0.05, 1e-16);
        s.LearningRate(3).Should().BeApproximately(0.15, 1e-16);
        s.LearningRate(4).Should().Be(0.2);
        s.LearningRate(5).Should().BeApproximately(0.1, 1e-16);

        var withStart = new LinearWarmupSchedule(new ConstantSchedule(1.0), warmupSteps: 10, startFactor: 0.1);
        withStart.LearningRate(0).Should().BeApproximately(0.1, 1e-16);
        withStart.LearningRate(5).Should().BeApproximately(0.55, 1e-15);
        withStart.LearningRate(10).Should().Be(1.0);
        new LinearWarmupSchedule(inner, 0).LearningRate(0).Should().Be(0.2);
    }

    [Fact]
    public void Scheduler_drives_the_optimiser_learning_rate_each_step()
    {
        var p = Param(0.0);
        var opt = new Sgd([p], learningRate: 1.0);
        var scheduler = new LearningRateScheduler(opt, new PiecewiseConstantSchedule([1], [0.5, 0.25]));
        opt.LearningRate.Should().Be(0.5);
        var expected = new[] { 0.5, 0.5, 0.25, 0.25 };
        var x = 0.0;
        for (var k = 0; k < 4; k++)
        {
            opt.LearningRate.Should().Be(expected[k]);
            SetGrad(p, -1.0);
            opt.Step();
            x += expected[k];
            p.Item().Should().Be(x);
            scheduler.Step();
        }

        scheduler.CurrentStep.Should().Be(4);
        scheduler.CurrentStep = 0;
        opt.LearningRate.Should().Be(0.5);
    }

    [Fact]
    public void Scheduler_keeps_group_ratios()
    {
        var a = Param(0.0);
        var b = Param(0.0);
        var opt = new Adam([new ParameterGroup([a]), new ParameterGroup([b], learningRate: 2e-3)], learningRate: 1e-3);
        _ = new LearningRateScheduler(opt, new ConstantSchedule(0.1));
        opt.Groups[0].LearningRate.Should().Be(0.1);
        opt.Groups[1].LearningRate.Should().BeApproximately(0.2, 1e-16);
    }
}
