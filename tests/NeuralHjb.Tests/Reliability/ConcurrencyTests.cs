using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Reliability.Worker;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// Two trainings in one process at once must give the bits they give one after the other: no hidden
/// shared mutable state. The audited statics are per thread (the autograd switch, the default weight
/// generator, the GEMM packing buffers, <see cref="EngineSettings.Override"/>) or read-only; the
/// process-wide thread settings do not change results (see the thread-count tests).
/// </summary>
public class ConcurrencyTests
{
    private static readonly TrainingSetup A = new() { Seed = 11, Width = 48 };
    private static readonly TrainingSetup B = new() { Seed = 12, Width = 40, UseSchedule = false, Batch = 96 };

    private static double[] Train(TrainingSetup setup) => new TrainingRun(setup).RunAndFingerprint();

    [Fact]
    public void Two_trainings_at_once_give_the_same_bits_as_one_after_the_other()
    {
        var a = Train(A);
        var b = Train(B);
        for (var round = 0; round < 3; round++)
        {
            double[]? ca = null, cb = null;
            using var start = new Barrier(2);
            using var dir = new TempDirectory();

            // Different thread budgets on the two threads, one forcing every kernel parallel, so GEMM
            // packing buffers and worker threads are shared between the two trainings.
            var ta = new Thread(() =>
            {
                using var scope = EngineSettings.Override(maxDegreeOfParallelism: 1);
                start.SignalAndWait();
                ca = Train(A with { CheckpointPath = dir.File("a.safetensors"), CheckpointEvery = 7 });
            });
            var tb = new Thread(() =>
            {
                using var scope = EngineSettings.Override(maxDegreeOfParallelism: 3, parallelThreshold: 0);
                start.SignalAndWait();
                cb = Train(B with { CheckpointPath = dir.File("b.safetensors"), CheckpointEvery = 5 });
            });
            ta.Start();
            tb.Start();
            ta.Join();
            tb.Join();
            ca!.ShouldBeBitwiseEqual(a, $"round {round}: training A beside B");
            cb!.ShouldBeBitwiseEqual(b, $"round {round}: training B beside A");
        }
    }

    [Fact]
    public void A_no_grad_scope_on_one_thread_does_not_stop_another_thread_recording()
    {
        var x = Tensor.Ones([2], DType.Float64).RequireGrad();
        using var inside = new ManualResetEventSlim();
        using var checkedOther = new ManualResetEventSlim();
        var recorded = false;
        var other = new Thread(() =>
        {
            inside.Wait();
            recorded = (x * 2.0).RequiresGrad;
            checkedOther.Set();
        });
        other.Start();
        using (Autograd.NoGrad())
        {
            (x * 2.0).RequiresGrad.Should().BeFalse();
            inside.Set();
            checkedOther.Wait();
        }

        other.Join();
        recorded.Should().BeTrue("NoGrad is per thread");
    }

    [Fact]
    public void The_default_weight_generator_is_per_thread_state_so_solvers_pass_their_own()
    {
        // Documented hazard (docs/reliability.md): a module built without a generator draws from
        // Init.DefaultGenerator, which is per thread and advances with every module built on that
        // thread. Two fresh threads agree, but a second build on the same thread differs, so results
        // would depend on what ran on a pool thread before. Solvers therefore pass new Philox(seed).
        static double[] Build() => new Mlp([2, 3, 1]).NamedParameters().SelectMany(p => p.Value.ToDoubleArray()).ToArray();
        double[]? first = null, second = null, again = null;
        var t1 = new Thread(() =>
        {
            Init.ManualSeed(0);
            first = Build();
            again = Build();
        });
        var t2 = new Thread(() =>
        {
            Init.ManualSeed(0);
            second = Build();
        });
        t1.Start();
        t2.Start();
        t1.Join();
        t2.Join();
        second!.ShouldBeBitwiseEqual(first!, "the same seed on two threads gives the same weights");
        Bits.Equal(again!, first!).Should().BeFalse("the default generator advances: the second module differs");
    }
}
