using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Reliability;

/// <summary>
/// The engine splits only two kinds of kernel across threads — the matrix multiply (and so Linear,
/// Conv1d, attention) and the Philox fills — and both compute every output element by the same
/// sequence of operations whatever the split. Element-wise ops, reductions, softmax, norms and the
/// optimisers run on the calling thread. So a whole training run must give the same bits with 1, 2, 3
/// or 4 threads. <see cref="EngineSettings.Override"/> sets the thread count for this thread only, so
/// these tests need not be serialised with the others; a threshold of 0 forces every kernel onto the
/// parallel path (the strongest form of the claim).
/// </summary>
public class ThreadCountInvarianceTests
{
    private static readonly int[] ThreadCounts = [2, 3, 4];

    private static double[] With(int threads, Func<double[]> run)
    {
        using (EngineSettings.Override(maxDegreeOfParallelism: threads, parallelThreshold: 0))
        {
            return run();
        }
    }

    private static void SameBitsForEveryThreadCount(Func<double[]> run)
    {
        var single = With(1, run);
        foreach (var threads in ThreadCounts)
        {
            var parallel = With(threads, run);
            parallel.Should().HaveSameCount(single);
            BitwiseEqual(parallel, single).Should().BeTrue($"{threads} threads must reproduce the single-threaded bits");
        }
    }

    internal static bool BitwiseEqual(double[] a, double[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Mlp_training_W1_shape_is_bitwise_identical_for_any_thread_count() =>
        SameBitsForEveryThreadCount(() => TrainingWorkloads.Mlp(7));

    [Fact]
    public void BatchNorm_subnet_training_W4_shape_float64_is_bitwise_identical_for_any_thread_count() =>
        SameBitsForEveryThreadCount(() => TrainingWorkloads.BsdeSubnet(7));

    [Fact]
    public void Attention_unet_training_W5_shape_is_bitwise_identical_for_any_thread_count() =>
        SameBitsForEveryThreadCount(() => TrainingWorkloads.AttentionUNet(7));

    [Fact]
    public void Random_fills_reductions_and_matmul_backward_are_bitwise_identical_for_any_thread_count() =>
        SameBitsForEveryThreadCount(() =>
        {
            var rng = new Philox(11, 3);
            var values = new List<double>();
            foreach (var dtype in new[] { DType.Float32, DType.Float64 })
            {
                // Odd lengths so the split lands mid-block.
                var u = Tensor.Uniform([100_003], rng, -2, 3, dtype);
                var n = Tensor.Normal([70_001], rng, 1, 2, dtype);
                values.AddRange(u.ToDoubleArray());
                values.AddRange(n.ToDoubleArray());
                values.Add(u.Sum().Item());
                values.Add(n.Square().Mean().Item());

                var a = Tensor.Normal([257, 131], rng, dtype: dtype).RequireGrad();
                var b = Tensor.Normal([131, 93], rng, dtype: dtype).RequireGrad();
                var c = a.MatMul(b);
                var loss = c.Softmax(1).Sum(0).Square().Sum() + c.LogSumExp(0).Sum();
                loss.Backward();
                values.AddRange(c.ToDoubleArray());
                values.AddRange(a.Grad!.ToDoubleArray());
                values.AddRange(b.Grad!.ToDoubleArray());
            }

            return [.. values];
        });

    [Fact]
    public void Override_applies_to_the_calling_thread_only_and_nests()
    {
        var global = EngineSettings.MaxDegreeOfParallelism;
        var threshold = EngineSettings.ParallelThreshold;
        using (EngineSettings.Override(maxDegreeOfParallelism: 3))
        {
            EngineSettings.MaxDegreeOfParallelism.Should().Be(3);
            var elsewhere = 0;
            var t = new Thread(() => elsewhere = EngineSettings.MaxDegreeOfParallelism);
            t.Start();
            t.Join();
            elsewhere.Should().Be(global);
            using (EngineSettings.Override(parallelThreshold: 5))
            {
                EngineSettings.MaxDegreeOfParallelism.Should().Be(3);
                EngineSettings.ParallelThreshold.Should().Be(5);
            }

            EngineSettings.ParallelThreshold.Should().Be(threshold);
        }

        EngineSettings.MaxDegreeOfParallelism.Should().Be(global);
    }

    [Fact]
    public void Override_rejects_values_out_of_range_by_name()
    {
        FluentActions.Invoking(() => EngineSettings.Override(maxDegreeOfParallelism: 0)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("maxDegreeOfParallelism");
        FluentActions.Invoking(() => EngineSettings.Override(parallelThreshold: -1)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("parallelThreshold");
        EngineSettings.MaxDegreeOfParallelism.Should().BeGreaterThanOrEqualTo(1);
    }
}
