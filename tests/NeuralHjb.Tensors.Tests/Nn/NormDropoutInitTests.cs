using NeuralHjb.Nn;
using NeuralHjb.Random;
using static NeuralHjb.Tensors.Tests.Nn.NnTestUtil;

namespace NeuralHjb.Tensors.Tests.Nn;

public class NormDropoutInitTests
{
    [Fact]
    public void BatchNorm_running_update_matches_hand_computation()
    {
        var bn = new BatchNorm1d(2, eps: 1e-5, momentum: 0.1, dtype: DType.Float64);
        // Column 0: 1, 2, 3, 6 → mean 3, biased var 3.5, unbiased 14/3. Column 1: 0, 0, 4, 4 → mean 2, var 4, unbiased 16/3.
        var x = Tensor.FromArray(new double[] { 1, 0, 2, 0, 3, 4, 6, 4 }, [4, 2]);
        var y = bn.Forward(x);
        y[0, 0].Should().BeApproximately((1 - 3) / Math.Sqrt(3.5 + 1e-5), 1e-12);
        y[3, 1].Should().BeApproximately((4 - 2) / Math.Sqrt(4 + 1e-5), 1e-12);
        bn.RunningMean!.ToDoubleArray().Should().Equal(0.9 * 0 + 0.1 * 3, 0.9 * 0 + 0.1 * 2);
        bn.RunningVar![0].Should().BeApproximately((0.9 * 1) + (0.1 * 14.0 / 3), 1e-12);
        bn.RunningVar![1].Should().BeApproximately((0.9 * 1) + (0.1 * 16.0 / 3), 1e-12);
        bn.NumBatchesTracked.Should().Be(1);

        bn.Forward(x);
        bn.RunningMean![0].Should().BeApproximately((0.9 * 0.3) + 0.3, 1e-12);
        bn.NumBatchesTracked.Should().Be(2);

        bn.Eval();
        var rm = bn.RunningMean![0];
        var rv = bn.RunningVar![0];
        bn.Forward(x)[0, 0].Should().BeApproximately((1 - rm) / Math.Sqrt(rv + 1e-5), 1e-12);
        bn.NumBatchesTracked.Should().Be(2, "evaluation does not update the statistics");
    }

    [Fact]
    public void BatchNorm_over_length_and_cumulative_momentum()
    {
        var bn = new BatchNorm1d(1, momentum: null, dtype: DType.Float64);
        var a = Tensor.FromArray(new double[] { 1, 3, 5, 7 }, [2, 1, 2]); // mean 4, unbiased var 20/3
        var b = Tensor.FromArray(new double[] { 0, 0, 0, 4 }, [2, 1, 2]); // mean 1, unbiased var 4
        bn.Forward(a);
        bn.Forward(b);
        bn.RunningMean![0].Should().BeApproximately(2.5, 1e-12, "a cumulative average of 4 and 1");
        bn.RunningVar![0].Should().BeApproximately(((20.0 / 3) + 4) / 2, 1e-12);
    }

    [Fact]
    public void Dropout_is_identity_in_eval_and_scales_kept_values_in_train()
    {
        var d = new Dropout(0.3, seed: 5);
        var x = Tensor.Ones([200, 500]);
        d.Eval();
        d.Forward(x).Should().BeSameAs(x);
        d.Train();
        var y = d.Forward(x).ToFloatArray();
        var zeros = y.Count(v => v == 0);
        ((double)zeros / y.Length).Should().BeApproximately(0.3, 0.005); // σ ≈ 0.001
        y.Where(v => v != 0).Should().OnlyContain(v => Math.Abs(v - (1 / 0.7f)) < 1e-6);
        var mean = y.Average();
        mean.Should().BeApproximately(1.0f, 0.01f, "inverted dropout keeps the expectation");
    }

    [Fact]
    public void Dropout_masks_are_reproducible_per_seed()
    {
        var x = Tensor.Ones([64]);
        var a = new Dropout(0.5, seed: 9);
        var b = new Dropout(0.5, seed: 9);
        var c = new Dropout(0.5, seed: 10);
        var a1 = a.Forward(x).ToFloatArray();
        var a2 = a.Forward(x).ToFloatArray();
        b.Forward(x).ToFloatArray().Should().Equal(a1);
        b.Forward(x).ToFloatArray().Should().Equal(a2);
        a2.Should().NotEqual(a1, "successive masks differ");
        c.Forward(x).ToFloatArray().Should().NotEqual(a1);
    }

    [Fact]
    public void Default_layer_init_is_pytorch_bounds_and_reproducible()
    {
        var l = new Linear(16, 8, generator: new Philox(42));
        var bound = 1 / Math.Sqrt(16);
        l.Weight.ToFloatArray().Should().OnlyContain(v => Math.Abs(v) <= bound);
        l.Bias!.ToFloatArray().Should().OnlyContain(v => Math.Abs(v) <= bound);
        l.Weight.ToFloatArray().Max().Should().BeGreaterThan((float)(0.8 * bound));
        new Linear(16, 8, generator: new Philox(42)).Weight.ToFloatArray().Should().Equal(l.Weight.ToFloatArray());

        var t = new ConvTranspose1d(64, 32, 4, generator: new Philox(1));
        var tb = 1 / Math.Sqrt(32 * 4); // PyTorch's fan-in of [in, out, k] is out·k
        t.Weight.ToFloatArray().Should().OnlyContain(v => Math.Abs(v) <= tb);
        t.Weight.ToFloatArray().Max().Should().BeGreaterThan((float)(0.9 * tb));

        Init.ManualSeed(3);
        var u = new Linear(4, 4).Weight.ToFloatArray();
        var v2 = new Linear(4, 4).Weight.ToFloatArray();
        v2.Should().NotEqual(u, "the default generator advances");
        Init.ManualSeed(3);
        new Linear(4, 4).Weight.ToFloatArray().Should().Equal(u);
    }

    [Fact]
    public void Xavier_and_kaiming_have_the_documented_scale()
    {
        var g = new Philox(7);
        var w = Init.XavierUniform(Tensor.Zeros([200, 300]), g);
        var b = Math.Sqrt(6.0 / 500);
        w.ToFloatArray().Should().OnlyContain(v => Math.Abs(v) <= b);
        Std(w).Should().BeApproximately(b / Math.Sqrt(3), 0.002);
        Std(Init.XavierNormal(Tensor.Zeros([200, 300], DType.Float64), g, gain: 2)).Should().BeApproximately(2 * Math.Sqrt(2.0 / 500), 0.002);
        Std(Init.KaimingNormal(Tensor.Zeros([300, 200]), g)).Should().BeApproximately(Math.Sqrt(2.0 / 200), 0.002);
        Std(Init.KaimingUniform(Tensor.Zeros([300, 200]), g, mode: FanMode.FanOut)).Should().BeApproximately(Math.Sqrt(2.0 / 300), 0.002);
        Init.Constant(Tensor.Zeros([3]), 2.5).ToFloatArray().Should().Equal(2.5f, 2.5f, 2.5f);
        Init.Fans(Tensor.Zeros([5, 4, 3])).Should().Be((12, 15));
    }

    [Fact]
    public void Group_and_layer_norm_normalise_per_sample()
    {
        var gn = new GroupNorm(2, 4, dtype: DType.Float64);
        var x = R(1, 3, 4, 5) * 3.0 + 1.0;
        var y = gn.Forward(x);
        var group = y.Reshape([3, 2, 10]);
        group.Mean(2).ToDoubleArray().Should().OnlyContain(v => Math.Abs(v) < 1e-12);
        group.Square().Mean(2).ToDoubleArray().Should().OnlyContain(v => Math.Abs(v - 1) < 1e-4);
        var ln = new LayerNorm([4, 5], dtype: DType.Float64);
        var z = ln.Forward(x).Reshape([3, 20]);
        z.Mean(1).ToDoubleArray().Should().OnlyContain(v => Math.Abs(v) < 1e-12);
    }

    private static double Std(Tensor t)
    {
        var v = t.ToDoubleArray();
        var m = v.Average();
        return Math.Sqrt(v.Select(a => (a - m) * (a - m)).Average());
    }
}
