using NeuralHjb.Nn;
using NeuralHjb.Random;
using static NeuralHjb.Tensors.Tests.Nn.NnTestUtil;

namespace NeuralHjb.Tensors.Tests.Nn;

public class GradCheckTests
{
    private static readonly DType F64 = DType.Float64;

    [Fact]
    public void Linear_gradients_wrt_input_and_parameters()
    {
        var m = new Linear(3, 4, generator: new Philox(1), dtype: F64);
        Ok(CheckModule(m, x => m.Forward(x[0]), [R(1, 5, 3)]));
        var nb = new Linear(3, 2, bias: false, generator: new Philox(2), dtype: F64);
        Ok(CheckModule(nb, x => nb.Forward(x[0]), [R(2, 2, 4, 3)]));
    }

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Silu)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Softplus)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Identity)]
    public void Mlp_gradients_for_each_activation(Activation activation)
    {
        var m = new Mlp([3, 5, 4, 2], activation, Activation.Identity, InputNormalization.FromRanges([0, -2, 10], [1, 2, 20]), new Philox(3), F64);
        Ok(CheckModule(m, x => m.Forward(x[0]), [R(3, 4, 3)]));
    }

    [Fact]
    public void Mlp_second_derivatives_wrt_input_are_differentiable_in_parameters()
    {
        // A PINN-style loss: d/dθ of mean(V_x²) — needs the double backward through the whole MLP.
        var m = new Mlp([2, 4, 1], Activation.Tanh, generator: new Philox(4), dtype: F64);
        var points = R(4, 3, 2);
        Ok(CheckModule(
            m,
            _ =>
            {
                var xi = points.Clone().RequireGrad();
                var v = m.Forward(xi);
                var vx = NeuralHjb.Autodiff.Autograd.Grad(v.Sum(), xi, createGraph: true);
                return vx.Square().Mean() + v.Mean();
            },
            []));
    }

    [Fact]
    public void BatchNorm1d_gradients_in_training_and_evaluation_mode()
    {
        var m = new BatchNorm1d(3, dtype: F64);
        RandomiseAffine(m, 5);
        Ok(CheckModule(m, x => m.Forward(x[0]), [R(5, 4, 3)]));
        Ok(CheckModule(m, x => m.Forward(x[0]), [R(6, 3, 3, 4)]));
        m.Eval();
        Ok(CheckModule(m, x => m.Forward(x[0]), [R(7, 4, 3)]));
    }

    [Fact]
    public void LayerNorm_and_GroupNorm_gradients()
    {
        var ln = new LayerNorm(5, dtype: F64);
        RandomiseAffine(ln, 8);
        Ok(CheckModule(ln, x => ln.Forward(x[0]), [R(8, 2, 3, 5)]));
        var gn = new GroupNorm(2, 4, dtype: F64);
        RandomiseAffine(gn, 9);
        Ok(CheckModule(gn, x => gn.Forward(x[0]), [R(9, 2, 4, 3)]));
    }

    [Fact]
    public void Conv1d_and_ConvTranspose1d_gradients()
    {
        var c = new Conv1d(2, 3, 3, stride: 2, padding: 1, generator: new Philox(10), dtype: F64);
        Ok(CheckModule(c, x => c.Forward(x[0]), [R(10, 2, 2, 7)]));
        var t = new ConvTranspose1d(3, 2, 4, stride: 2, padding: 1, outputPadding: 1, generator: new Philox(11), dtype: F64);
        Ok(CheckModule(t, x => t.Forward(x[0]), [R(11, 2, 3, 4)]));
    }

    [Fact]
    public void MultiHeadSelfAttention_gradients()
    {
        var m = new MultiHeadSelfAttention(4, 2, generator: new Philox(12), dtype: F64);
        Ok(CheckModule(m, x => m.Forward(x[0]), [R(12, 2, 3, 4)]));
    }

    [Fact]
    public void Small_ResidualAttentionUNet_gradients()
    {
        var m = new ResidualAttentionUNet(SmallUNet, new Philox(13), F64);
        RandomiseAffine(m, 13);
        Ok(CheckModule(m, x => m.Forward(x[0], x[1]), [R(13, 2, 2, 4), R(14, 2, 1, 4)]));
    }

    [Fact]
    public void MultiPreferenceNet_gradients()
    {
        var m = new MultiPreferenceNet(2, [new("A", 0, 0.01), new("phi", 0, 0.007)], [5], generator: new Philox(15), dtype: F64);
        Ok(CheckModule(m, x => m.Forward(x[0], x[1], x[2] * 0.005 + 0.005), [R(15, 3, 1), R(16, 3, 2), R(17, 3, 2)]));
    }

    [Fact]
    public void BsdeSubnet_gradients_in_training_mode()
    {
        var m = new BsdeSubnet(3, hidden: 4, generator: new Philox(18));
        Ok(CheckModule(m, x => m.Forward(x[0]), [R(18, 5, 3)], rtol: 1e-4, atol: 1e-7));
    }

    internal static ResidualAttentionUNetOptions SmallUNet => new()
    {
        InputChannels = 2,
        OutputChannels = 1,
        Widths = [4, 8],
        Heads = 2,
        Groups = 2,
    };

    /// <summary>Non-trivial γ, β for every normalisation layer, so their gradients are exercised.</summary>
    internal static void RandomiseAffine(Module module, int seed)
    {
        var i = 0;
        foreach (var (name, p) in module.NamedParameters())
        {
            if (p.Rank == 1 && (name.EndsWith("weight", StringComparison.Ordinal) || name.EndsWith("bias", StringComparison.Ordinal)))
            {
                var isNorm = module.NamedModules().Any(kv => kv.Value is BatchNorm1d or LayerNorm or GroupNorm && name.StartsWith(kv.Key, StringComparison.Ordinal) && name.Length - kv.Key.Length <= 6);
                if (isNorm)
                {
                    p.CopyFrom((R(seed + i++, p.Shape.ToArray()) * 0.3) + (name.EndsWith("weight", StringComparison.Ordinal) ? 1.0 : 0.0));
                }
            }
        }
    }
}
