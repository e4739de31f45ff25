using NeuralHjb.Optim;
using static NeuralHjb.Tensors.Tests.Optim.OptimTestHelpers;

namespace NeuralHjb.Tensors.Tests.Optim;

public class StateDictTests
{
    private static readonly Tensor X = Tensor.FromArray(Enumerable.Range(0, 15).Select(i => Math.Sin(i * 1.3)).ToArray(), [5, 3]);

    private static Tensor[] MakeParams(DType dtype)
    {
        var w = Tensor.FromSpan(Enumerable.Range(0, 12).Select(i => Math.Cos(i * 0.7) * 0.5).ToArray(), [3, 4], dtype).RequireGrad();
        var b = Tensor.FromSpan(new[] { 0.1, -0.2, 0.3, 0.05 }, [4], dtype).RequireGrad();
        var unused = Tensor.FromSpan(new[] { 7.0 }, [1], dtype).RequireGrad(); // never gets a gradient
        return [w, b, unused];
    }

    private static Tensor Loss(Tensor[] p)
    {
        var x = X.To(p[0].DType);
        return (x.MatMul(p[0]) + p[1]).Tanh().Square().Mean() + p[0].Square().Sum() * 0.01;
    }

    private static void Train(Optimizer opt, Tensor[] p, int steps)
    {
        for (var k = 0; k < steps; k++)
        {
            opt.ZeroGrad();
            Loss(p).Backward();
            opt.Step();
        }
    }

    public static TheoryData<string, DType> Optimisers() => new()
    {
        { "adam", DType.Float64 },
        { "adam_amsgrad", DType.Float64 },
        { "adamw", DType.Float32 },
        { "sgd_nesterov", DType.Float64 },
        { "sgd_momentum", DType.Float32 },
        { "sgd_plain", DType.Float64 },
    };

    private static Optimizer Make(string kind, Tensor[] p) => kind switch
    {
        "adam" => new Adam(p, learningRate: 0.01, weightDecay: 0.01),
        "adam_amsgrad" => new Adam(p, learningRate: 0.01, amsgrad: true),
        "adamw" => new AdamW(p, learningRate: 0.01),
        "sgd_nesterov" => new Sgd(p, 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3),
        "sgd_momentum" => new Sgd(p, 0.1, momentum: 0.5, dampening: 0.1),
        "sgd_plain" => new Sgd(p, 0.1),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(Optimisers))]
    public void Resumed_training_is_bitwise_identical_to_uninterrupted_training(string kind, DType dtype)
    {
        var straight = MakeParams(dtype);
        Train(Make(kind, straight), straight, 10);

        var first = MakeParams(dtype);
        var opt1 = Make(kind, first);
        Train(opt1, first, 5);
        var state = opt1.StateDict();

        // "Restart": fresh parameters holding the checkpointed values and a fresh optimiser.
        var resumed = first.Select(t => t.Clone().RequireGrad()).ToArray();
        var opt2 = Make(kind, resumed);
        opt2.LoadStateDict(state);
        opt2.StepCount.Should().Be(5);
        Train(opt2, resumed, 5);

        for (var i = 0; i < straight.Length; i++)
        {
            BitwiseEqual(resumed[i], straight[i]).Should().BeTrue($"parameter {i} of {kind}");
        }
    }

    [Fact]
    public void Scheduled_resume_restores_learning_rate_and_continues_identically()
    {
        var schedule = new LinearWarmupSchedule(new CosineAnnealingSchedule(0.05, 20), 3);
        var straight = MakeParams(DType.Float64);
        var o = new Adam(straight, 0.05);
        var s = new LearningRateScheduler(o, schedule);
        for (var k = 0; k < 10; k++)
        {
            Train(o, straight, 1);
            s.Step();
        }

        var first = MakeParams(DType.Float64);
        var o1 = new Adam(first, 0.05);
        var s1 = new LearningRateScheduler(o1, schedule);
        for (var k = 0; k < 5; k++)
        {
            Train(o1, first, 1);
            s1.Step();
        }

        var state = o1.StateDict();
        var resumed = first.Select(t => t.Clone().RequireGrad()).ToArray();
        var o2 = new Adam(resumed, 0.05);
        o2.LoadStateDict(state);
        var s2 = new LearningRateScheduler(o2, schedule, startStep: (int)o2.StepCount);
        o2.LearningRate.Should().Be(o1.LearningRate);
        for (var k = 0; k < 5; k++)
        {
            Train(o2, resumed, 1);
            s2.Step();
        }

        BitwiseEqual(resumed[0], straight[0]).Should().BeTrue();
        BitwiseEqual(resumed[1], straight[1]).Should().BeTrue();
    }

    [Fact]
    public void Lbfgs_resume_is_bitwise_identical()
    {
        static Tensor Closure(Optimizer opt, Tensor[] p)
        {
            opt.ZeroGrad();
            var l = Loss(p);
            l.Backward();
            return l;
        }

        var straight = MakeParams(DType.Float64);
        var o = new Lbfgs(straight, maxIterations: 3, historySize: 4, lineSearch: LbfgsLineSearch.StrongWolfe);
        for (var k = 0; k < 4; k++)
        {
            o.Step(() => Closure(o, straight));
        }

        var first = MakeParams(DType.Float64);
        var o1 = new Lbfgs(first, maxIterations: 3, historySize: 4, lineSearch: LbfgsLineSearch.StrongWolfe);
        o1.Step(() => Closure(o1, first));
        o1.Step(() => Closure(o1, first));
        var state = o1.StateDict();
        state.Keys.Should().Contain(["lbfgs.d", "lbfgs.old_dirs", "lbfgs.ro", "lbfgs.n_iter"]);
        var resumed = first.Select(t => t.Clone().RequireGrad()).ToArray();
        var o2 = new Lbfgs(resumed, maxIterations: 3, historySize: 4, lineSearch: LbfgsLineSearch.StrongWolfe);
        o2.LoadStateDict(state);
        o2.Step(() => Closure(o2, resumed));
        o2.Step(() => Closure(o2, resumed));
        for (var i = 0; i < 2; i++)
        {
            BitwiseEqual(resumed[i], straight[i]).Should().BeTrue($"parameter {i}");
        }

        o2.Iterations.Should().Be(o.Iterations);
        o2.FunctionEvaluations.Should().Be(o.FunctionEvaluations);
    }

    [Fact]
    public void State_dict_names_and_shapes()
    {
        var p = MakeParams(DType.Float32);
        var opt = new Adam(p, amsgrad: true);
        Train(opt, p, 2);
        var s = opt.StateDict();
        s.Keys.Should().BeEquivalentTo(
            "lr", "step", "group.0.lr", "group.0.weight_decay",
            "param.0.step", "param.0.exp_avg", "param.0.exp_avg_sq", "param.0.max_exp_avg_sq",
            "param.1.step", "param.1.exp_avg", "param.1.exp_avg_sq", "param.1.max_exp_avg_sq");
        s["param.0.exp_avg"].Shape.ToArray().Should().Equal(3, 4);
        s["param.0.exp_avg"].DType.Should().Be(DType.Float32);
        s["param.1.step"].Item().Should().Be(2);
        s["step"].DType.Should().Be(DType.Float64);

        // Exported tensors are copies: further steps do not change them.
        var before = s["param.0.exp_avg"].ToDoubleArray();
        Train(opt, p, 1);
        s["param.0.exp_avg"].ToDoubleArray().Should().Equal(before);
    }

    [Fact]
    public void Load_rejects_missing_extra_and_misshapen_entries_without_changing_anything()
    {
        var p = MakeParams(DType.Float64);
        var opt = new Adam(p, 0.01);
        Train(opt, p, 2);
        var good = opt.StateDict();

        var missing = good.Where(kv => kv.Key != "param.0.exp_avg_sq").ToDictionary();
        var extra = good.ToDictionary();
        extra["param.0.momentum_buffer"] = Tensor.Zeros([3, 4], DType.Float64);
        var misshapen = good.ToDictionary();
        misshapen["param.1.exp_avg"] = Tensor.Zeros([5], DType.Float64);
        var noLr = good.Where(kv => kv.Key != "lr").ToDictionary();

        var target = MakeParams(DType.Float64);
        var fresh = new Adam(target, 0.01);
        fresh.Invoking(o => o.LoadStateDict(missing)).Should().Throw<InvalidDataException>().WithMessage("*missing key 'param.0.exp_avg_sq'*");
        fresh.Invoking(o => o.LoadStateDict(extra)).Should().Throw<InvalidDataException>().WithMessage("*unexpected key 'param.0.momentum_buffer'*");
        fresh.Invoking(o => o.LoadStateDict(misshapen)).Should().Throw<InvalidDataException>().WithMessage("*'param.1.exp_avg' has shape*");
        fresh.Invoking(o => o.LoadStateDict(noLr)).Should().Throw<InvalidDataException>().WithMessage("*missing key 'lr'*");
        fresh.Invoking(o => o.LoadStateDict(null!)).Should().Throw<ArgumentNullException>();

        // Nothing was applied by the failed loads.
        fresh.StepCount.Should().Be(0);
        fresh.StateDict().Keys.Should().NotContain("param.0.exp_avg");

        // Sgd state does not fit Adam and vice versa.
        var sgd = new Sgd(MakeParams(DType.Float64), 0.1, momentum: 0.9);
        sgd.Invoking(o => o.LoadStateDict(good)).Should().Throw<InvalidDataException>();
    }
}
