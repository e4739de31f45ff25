using NeuralHjb.Autodiff;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using static NeuralHjb.Tensors.Tests.Nn.NnTestUtil;

namespace NeuralHjb.Tensors.Tests.Nn;

public class ModuleTests
{
    [Fact]
    public void Mlp_parameter_names_are_pytorch_like_and_stable()
    {
        var m = new Mlp([4, 8, 8, 1], Activation.Tanh, normalization: InputNormalization.FromRanges([0, 0, 0, 0], [1, 1, 1, 1]), generator: new Philox(1));
        m.NamedParameters().Select(kv => kv.Key).Should().Equal(
            "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias");
        m.NamedBuffers().Select(kv => kv.Key).Should().Equal("input_shift", "input_scale");
        m.StateDict().Select(kv => kv.Key).Should().Equal(
            "input_shift", "input_scale", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.2.weight", "layers.2.bias");
        m.Layers[1].Weight.Shape.ToArray().Should().Equal(8, 8);
        m.Parameters().Should().OnlyContain(p => p.RequiresGrad && p.IsLeaf);
    }

    [Fact]
    public void Parameter_counts_match_hand_counts()
    {
        // 4·64+64 + 64·64+64 + 64·64+64 + 64·1+1 = 320 + 4160 + 4160 + 65.
        new Mlp([4, 64, 64, 64, 1]).ParameterCount.Should().Be(8705);

        // W5 (PyTorch's _UNet): inp 8·32·3+32 = 800; att 3·32·32+96 + 32·32+32 = 4224; n0 64;
        // down 32·64·4+64 = 8256; n1 128; mid 64·64·3+64 = 12352; up 64·32·4+32 = 8224; n2 64;
        // out 64·1·1+1 = 65; skip 1 → 34178 (make_fixture.py asserts the same count in PyTorch).
        var unet = new ResidualAttentionUNet();
        unet.ParameterCount.Should().Be(34178);
        unet.NamedParameters().Select(kv => kv.Key).Should().Equal(
            "inp.weight", "inp.bias",
            "att.in_proj_weight", "att.in_proj_bias", "att.out_proj.weight", "att.out_proj.bias",
            "n0.weight", "n0.bias", "down.weight", "down.bias", "n1.weight", "n1.bias", "mid.weight", "mid.bias",
            "up.weight", "up.bias", "n2.weight", "n2.bias", "out.weight", "out.bias", "skip.weight");

        // W4 subnet, d = 100, h = 110: BN 2·100 + 100·110 + BN 220 + 110·110 + BN 220 + 110·100 + BN 200.
        var sub = new BsdeSubnet(100);
        sub.ParameterCount.Should().Be(200 + 11000 + 220 + 12100 + 220 + 11000 + 200);
        sub.NamedBuffers().Count().Should().Be(8);
        sub.NamedCounters().Select(kv => kv.Key).Should().Equal(
            "seq.0.num_batches_tracked", "seq.2.num_batches_tracked", "seq.5.num_batches_tracked", "seq.8.num_batches_tracked");
        sub.NamedParameters().Select(kv => kv.Key).Should().StartWith(["seq.0.weight", "seq.0.bias", "seq.1.weight", "seq.2.weight"]);
    }

    [Fact]
    public void Deeper_unet_has_suffixed_level_names_and_keeps_the_grid()
    {
        var m = new ResidualAttentionUNet(new ResidualAttentionUNetOptions { Widths = [8, 16, 16], Heads = 2, Groups = 4, InputChannels = 3, OutputChannels = 2 }, new Philox(3));
        var names = m.NamedParameters().Select(kv => kv.Key).ToList();
        names.Should().Contain(["down.weight", "down2.weight", "n1_2.weight", "mid2.weight", "up2.weight", "n2_2.weight"]);
        m.NamedParameters().Single(kv => kv.Key == "up.weight").Value.Shape.ToArray().Should().Equal(32, 8, 4);
        var y = m.Forward(Tensor.Normal([2, 3, 8], new Philox(4)), Tensor.Zeros([2, 2, 8]));
        y.Shape.ToArray().Should().Equal(2, 2, 8);
    }

    [Fact]
    public void Unet_adds_the_learned_scalar_times_the_previous_estimate()
    {
        var m = new ResidualAttentionUNet(GradCheckTests.SmallUNet, new Philox(5));
        var x = Tensor.Normal([2, 2, 4], new Philox(6));
        var prev = Tensor.Normal([2, 1, 4], new Philox(7));
        var s = m.PreviousEstimateWeight.Item();
        var diff = m.Forward(x, prev) - m.Forward(x);
        MaxAbsDiff(diff, prev * s).Should().BeLessThan(1e-6);
    }

    [Fact]
    public void Freeze_and_unfreeze_control_requires_grad()
    {
        var m = new Mlp([2, 3, 1], generator: new Philox(1));
        m.Freeze();
        m.Parameters().Should().OnlyContain(p => !p.RequiresGrad);
        m.TrainableParameterCount.Should().Be(0);
        m.Forward(Tensor.Ones([1, 2])).RequiresGrad.Should().BeFalse();
        m.Unfreeze();
        m.Layers[0].Bias!.RequiresGrad = false;
        m.TrainableParameterCount.Should().Be(m.ParameterCount - 3);
        m.TrainableParameters().Should().NotContain(m.Layers[0].Bias!);
        var y = m.Forward(Tensor.Ones([1, 2])).Sum();
        y.Backward();
        m.Layers[0].Weight.Grad.Should().NotBeNull();
        m.Layers[0].Bias!.Grad.Should().BeNull();
        m.ZeroGrad();
        m.Layers[0].Weight.Grad.Should().BeNull();
    }

    [Fact]
    public void Train_and_eval_propagate_to_submodules()
    {
        var m = new BsdeSubnet(2);
        m.Training.Should().BeTrue();
        m.Eval();
        m.NamedModules().Should().OnlyContain(kv => !kv.Value.Training);
        m.Train();
        m.NamedModules().Should().OnlyContain(kv => kv.Value.Training);
    }

    [Fact]
    public void To_converts_parameters_and_buffers_keeping_flags()
    {
        var m = new Mlp([2, 3, 1], normalization: new InputNormalization([1, 2], [3, 4]), generator: new Philox(1));
        var before = m.Forward(Tensor.FromArray(new float[] { 0.5f, -1f }, [1, 2])).Item();
        m.Layers[1].Bias!.RequiresGrad = false;
        m.To(DType.Float64);
        m.StateDict().Should().OnlyContain(kv => kv.Value.DType == DType.Float64);
        m.Layers[1].Bias!.RequiresGrad.Should().BeFalse();
        m.Layers[0].Weight.RequiresGrad.Should().BeTrue();
        m.Layers[0].Weight.IsLeaf.Should().BeTrue();
        var after = m.Forward(Tensor.FromArray(new[] { 0.5, -1.0 }, [1, 2])).Item();
        after.Should().BeApproximately(before, 1e-6);
        var ln = new LayerNorm(3).To(DType.Float64);
        ln.Forward(Tensor.Ones([2, 3], DType.Float64)).DType.Should().Be(DType.Float64);
    }

    [Fact]
    public void Inputs_are_validated_with_the_expected_shape_in_the_message()
    {
        var lin = new Linear(4, 2);
        var act = () => lin.Forward(Tensor.Zeros([32, 3]));
        act.Should().Throw<ArgumentException>().WithMessage("expected input of shape [*, 4], got [32, 3].*").And.ParamName.Should().Be("input");
        ((Action)(() => lin.Forward(Tensor.Zeros([32, 4], DType.Float64)))).Should().Throw<ArgumentException>().WithMessage("*Float32*");
        ((Action)(() => new Conv1d(8, 4, 3).Forward(Tensor.Zeros([2, 7, 16])))).Should().Throw<ArgumentException>().WithMessage("expected input of shape [*, 8, *], got [2, 7, 16].*");
        ((Action)(() => new MultiHeadSelfAttention(8, 2).Forward(Tensor.Zeros([2, 8])))).Should().Throw<ArgumentException>().WithMessage("expected input of shape [*, *, 8], got [2, 8].*");
        ((Action)(() => new ResidualAttentionUNet().Forward(Tensor.Zeros([2, 8, 31])))).Should().Throw<ArgumentException>().WithMessage("*multiple of 2^depth = 2*");
        ((Action)(() => new BatchNorm1d(3).Forward(Tensor.Zeros([1, 3])))).Should().Throw<ArgumentException>().WithMessage("expected more than 1 value per channel*");
        ((Func<object>)(() => new GroupNorm(3, 8))).Should().Throw<ArgumentException>().WithMessage("*divisible*").And.ParamName.Should().Be("numGroups");
        ((Func<object>)(() => new MultiHeadSelfAttention(10, 3))).Should().Throw<ArgumentException>().And.ParamName.Should().Be("numHeads");
        ((Func<object>)(() => new Mlp([3], Activation.Tanh))).Should().Throw<ArgumentException>().And.ParamName.Should().Be("widths");
        var mp = new MultiPreferenceNet(2, [new("A", 0, 1)], [4]);
        ((Action)(() => mp.Forward(Tensor.Zeros([5, 1]), Tensor.Zeros([5, 3]), Tensor.Zeros([5, 1])))).Should().Throw<ArgumentException>()
            .WithMessage("expected input of shape [*, 2], got [5, 3].*").And.ParamName.Should().Be("state");
    }

    [Fact]
    public void Replace_parameter_checks_name_shape_and_dtype()
    {
        var m = new Mlp([2, 3, 1], generator: new Philox(1));
        var w = Tensor.Zeros([3, 2]).RequireGrad();
        m.ReplaceParameter("layers.0.weight", w);
        m.Layers[0].Weight.Should().BeSameAs(w);
        ((Action)(() => m.ReplaceParameter("layers.0.weight", Tensor.Zeros([2, 3])))).Should().Throw<ArgumentException>().WithMessage("*[3, 2]*");
        ((Action)(() => m.ReplaceParameter("layers.7.weight", w))).Should().Throw<ArgumentException>().WithMessage("*'7'*");
    }

    [Fact]
    public void Output_transform_hook_sees_raw_input_and_network_output()
    {
        var m = new Mlp([2, 4, 1], generator: new Philox(2)) { OutputTransform = (x, y) => (x.Slice(1, 0, 1).RSub(1.0) * y) + 3.0 };
        var atT = Tensor.FromArray(new float[] { 1f, 0.3f, 1f, -0.7f }, [2, 2]);
        m.Forward(atT).ToFloatArray().Should().Equal(3f, 3f);
    }

    [Fact]
    public void MultiPreferenceNet_normalises_preferences_to_unit_range()
    {
        var m = new MultiPreferenceNet(1, [new("A", 0, 0.01), new("phi", 0, 0.007)], [8, 8], horizon: 2.0, generator: new Philox(3));
        m.NamedBuffers().Select(kv => kv.Key).Should().Equal("body.input_shift", "body.input_scale");
        m.Body.Layers[0].Weight.Shape.ToArray().Should().Equal(8, 4);
        var shift = m.NamedBuffers().First().Value.ToDoubleArray();
        var scale = m.NamedBuffers().Last().Value.ToDoubleArray();
        shift.Should().BeEquivalentTo(new[] { 1.0, 0.0, 0.005, 0.0035 }, o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-7)).WhenTypeIs<double>());
        scale.Should().BeEquivalentTo(new[] { 1.0, 1.0, 0.005, 0.0035 }, o => o.Using<double>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-7)).WhenTypeIs<double>());
        var t = Tensor.FromArray(new float[] { 0f, 2f }, [2, 1]);
        var x = Tensor.FromArray(new float[] { 0.1f, -0.2f }, [2, 1]);
        var p = Tensor.FromArray(new float[] { 0f, 0f, 0.01f, 0.007f }, [2, 2]);
        MaxAbsDiff(m.Forward(t, x, p), m.Forward(Tensor.Concat([t, x, p], 1))).Should().Be(0);
    }

    [Fact]
    public void Modules_compose_in_sequential_with_pytorch_indices()
    {
        var s = new Sequential(new Linear(3, 4, generator: new Philox(1)), new ActivationLayer(Activation.Silu), new Dropout(0.5, 1), new LayerNorm(4));
        s.NamedParameters().Select(kv => kv.Key).Should().Equal("0.weight", "0.bias", "3.weight", "3.bias");
        s.Eval();
        var x = Tensor.Normal([5, 3], new Philox(2));
        var manual = ((LayerNorm)s[3]).Forward(((Linear)s[0]).Forward(x).Silu());
        MaxAbsDiff(s.Forward(x), manual).Should().Be(0);
    }

    [Fact]
    public void Engine_convolutions_match_the_composite_reference()
    {
        var x = Tensor.Normal([2, 4, 9], new Philox(1), dtype: DType.Float64);
        var c = new Conv1d(4, 3, 3, stride: 2, padding: 2, dilation: 2, generator: new Philox(2), dtype: DType.Float64);
        MaxAbsDiff(c.Forward(x), ReferenceConv.Conv1d(x, c.Weight, c.Bias, 2, 2, 2)).Should().BeLessThan(1e-12);
        var t = new ConvTranspose1d(4, 5, 4, stride: 3, padding: 1, outputPadding: 2, generator: new Philox(3), dtype: DType.Float64);
        MaxAbsDiff(t.Forward(x), ReferenceConv.ConvTranspose1d(x, t.Weight, t.Bias, 3, 1, 2, 1)).Should().BeLessThan(1e-12);
    }

    [Fact]
    public void Attention_weights_are_row_stochastic()
    {
        var m = new MultiHeadSelfAttention(6, 3, generator: new Philox(1));
        var (y, w) = m.ForwardWithWeights(Tensor.Normal([2, 5, 6], new Philox(2)));
        y.Shape.ToArray().Should().Equal(2, 5, 6);
        w.Shape.ToArray().Should().Equal(2, 5, 5);
        w.Sum(-1).ToFloatArray().Should().OnlyContain(v => Math.Abs(v - 1) < 1e-5);
        using (Autograd.NoGrad())
        {
            m.Forward(Tensor.Normal([1, 3, 6], new Philox(3))).RequiresGrad.Should().BeFalse();
        }
    }
}
