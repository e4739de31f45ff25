using System.Diagnostics;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Testing;
using NeuralHjb.Training;
using Xunit.Abstractions;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// A long training loop must not grow the managed heap: every step's graph, activations and
/// gradients become garbage once the step is over. W1 of the perf workloads (4-64-64-64-1 tanh MLP,
/// batch 1024, float32, Adam) through the shared trainer; the heap after a warm-up and after the
/// loop (both after full collections) must agree within a tolerance far below one step's garbage
/// (a retained batch activation alone is 256 KiB). The default run takes 300 steps (about a second
/// on an idle core): any per-step leak of a tensor, graph node or closure would exceed the tolerance
/// many times over; the nightly run takes the 10,000 steps that would expose leaks of tens of bytes.
/// </summary>
[Collection(HeapMeasurement.Name)]
public class MemoryTests(ITestOutputHelper output)
{
    /// <summary>Allowed growth: the history records (40 bytes a record) plus allocator noise.</summary>
    private const long ToleranceBytes = 512 * 1024;

    private long Growth(int steps)
    {
        const int warmUp = 50;
        var net = new Mlp([4, 64, 64, 64, 1], Activation.Tanh, generator: new Philox(3));
        var adam = new Adam(net.Parameters().ToArray(), learningRate: 1e-3);
        var trainer = new Trainer([.. net.NamedParameters()], adam, new TrainerOptions { Steps = warmUp + steps, ReportEvery = 100 });
        Func<int, LossEvaluation> objective = step =>
        {
            var rng = new Philox(3, (ulong)step);
            var x = Tensor.Uniform([1024, 4], rng, -1, 1);
            var y = x.Sum(1, keepDim: true).Tanh();
            var loss = (net.Forward(x) - y).Square().Mean();
            return new LossEvaluation(loss, [new("mse", loss)]);
        };

        // Warm up (JIT, GEMM buffers, optimiser state) and stop by cancellation, so that nothing of
        // the loop's last step is still referenced when the heap is measured.
        using (var cts = new CancellationTokenSource())
        {
            var warm = () => trainer.Run(s => { if (s == warmUp - 1) cts.Cancel(); return objective(s); }, cancellationToken: cts.Token);
            warm.Should().Throw<OperationCanceledException>();
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        trainer.Run(objective);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{steps} W1 steps in {clock.Elapsed.TotalSeconds:F1} s; managed heap {before / 1024} KiB -> {after / 1024} KiB ({(after - before) / 1024} KiB)");
        GC.KeepAlive(trainer);
        return after - before;
    }

    [Fact]
    public void Training_W1_for_300_steps_does_not_grow_the_managed_heap() =>
        Growth(300).Should().BeLessThan(ToleranceBytes);

    [NightlyFact]
    [Trait("Category", "Nightly")]
    public void Training_W1_for_10000_steps_does_not_grow_the_managed_heap() =>
        Growth(10_000).Should().BeLessThan(ToleranceBytes);
}

/// <summary>
/// The managed heap is the whole process's: tests running beside a heap measurement would move it, so
/// these run alone (xunit runs collections with parallelisation disabled after all the others).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurement
{
    public const string Name = "HeapMeasurement";
}
