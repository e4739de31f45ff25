using NeuralHjb.Io;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using static NeuralHjb.Tensors.Tests.Nn.NnTestUtil;

namespace NeuralHjb.Tensors.Tests.Nn;

/// <summary>
/// Loads weights written by PyTorch (fixtures/make_fixture.py, by name, strict) and reproduces PyTorch's
/// outputs; and checks the NeuralHjb-written file that the script verified on the Python side.
/// </summary>
public class PyTorchInteropTests
{
    private const double Tolerance = 1e-5;

    private static readonly Lazy<SafetensorsDocument> Io = new(() => SafetensorsReader.Read(Path.Combine(FixtureDir, "io.safetensors")));

    private static Tensor Io32(string name) => TensorEntries.ToTensor(Io.Value[name]);

    private static void Load(string file, Module module) => ModuleCheckpoint.Load(Path.Combine(FixtureDir, file), module, strict: true);

    internal static readonly int[] MlpWidths = [3, 8, 8, 8, 2];
    internal static readonly Activation[] MlpActivations = [Activation.Tanh, Activation.Silu, Activation.Softplus, Activation.Identity];

    internal static Mlp FixtureMlp(Philox? g = null) => new(MlpWidths, MlpActivations, new InputNormalization([0, 0, 0], [1, 1, 1]), g ?? new Philox(1));

    [Fact]
    public void Mlp_reproduces_pytorch()
    {
        var m = FixtureMlp();
        Load("mlp.safetensors", m);
        m.NamedBuffers().First().Value.ToFloatArray().Should().Equal(0.5f, 100f, -1f);
        MaxAbsDiff(m.Forward(Io32("mlp_input")), Io32("mlp_output")).Should().BeLessThan(Tolerance);
    }

    [Fact]
    public void Conv_stack_reproduces_pytorch()
    {
        var m = new ConvStack();
        Load("conv.safetensors", m);
        MaxAbsDiff(m.Forward(Io32("conv_input")), Io32("conv_output")).Should().BeLessThan(Tolerance);
    }

    [Fact]
    public void Multihead_attention_reproduces_pytorch()
    {
        var m = new MultiHeadSelfAttention(12, 3, generator: new Philox(1));
        Load("mha.safetensors", m);
        var (y, w) = m.ForwardWithWeights(Io32("mha_input"));
        MaxAbsDiff(y, Io32("mha_output")).Should().BeLessThan(Tolerance);
        MaxAbsDiff(w, Io32("mha_weights")).Should().BeLessThan(Tolerance);
    }

    [Fact]
    public void W5_unet_reproduces_pytorch()
    {
        var m = new ResidualAttentionUNet(new Philox(1));
        Load("unet.safetensors", m);
        var y = m.Forward(Io32("unet_input"), Io32("unet_prev"));
        MaxAbsDiff(y, Io32("unet_output")).Should().BeLessThan(Tolerance);
    }

    [Fact]
    public void W4_subnet_reproduces_pytorch_batchnorm_in_train_and_eval()
    {
        var m = new BsdeSubnet(4, generator: new Philox(1));
        Load("bsde.safetensors", m);
        m.NamedCounters().Should().OnlyContain(kv => kv.Value == 3);
        var x = Io32("bsde_input");
        x.DType.Should().Be(DType.Float64);
        MaxAbsDiff(m.Forward(x), Io32("bsde_output_train")).Should().BeLessThan(1e-12);
        foreach (var i in new[] { 0, 2, 8 })
        {
            var state = m.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value);
            MaxAbsDiff(state[$"seq.{i}.running_mean"], Io32($"bsde_after_seq.{i}.running_mean")).Should().BeLessThan(1e-12);
            MaxAbsDiff(state[$"seq.{i}.running_var"], Io32($"bsde_after_seq.{i}.running_var")).Should().BeLessThan(1e-12);
        }

        m.NamedCounters().Should().OnlyContain(kv => kv.Value == 4);
        m.Eval();
        MaxAbsDiff(m.Forward(x), Io32("bsde_output_eval")).Should().BeLessThan(1e-12);
    }

    /// <summary>
    /// neuralhjb_mlp*.safetensors were written by this test with NEURALHJB_WRITE_FIXTURES=1 and verified by
    /// <c>make_fixture.py --check</c> (byte-layout rules, strict load_state_dict, PyTorch output vs ours).
    /// Here: the committed checkpoint still loads, reproduces its recorded output, and our writer
    /// re-serialises it to the identical bytes.
    /// </summary>
    [Fact]
    public void NeuralHjb_written_checkpoint_is_stable_and_pytorch_verified()
    {
        if (Environment.GetEnvironmentVariable("NEURALHJB_WRITE_FIXTURES") == "1")
        {
            var fresh = FixtureMlp(new Philox(2026));
            var input = Tensor.Normal([4, 3], new Philox(11));
            ModuleCheckpoint.Save(Path.Combine(SourceFixtureDir(), "neuralhjb_mlp.safetensors"), fresh, metadata: new Dictionary<string, string> { ["note"] = "written by NeuralHjb for make_fixture.py --check" });
            SafetensorsWriter.Write(
                Path.Combine(SourceFixtureDir(), "neuralhjb_mlp_io.safetensors"),
                new SafetensorsDocument([TensorEntries.ToEntry("input", input), TensorEntries.ToEntry("output", fresh.Forward(input))]));
            return;
        }

        var path = Path.Combine(FixtureDir, "neuralhjb_mlp.safetensors");
        var m = FixtureMlp();
        var contents = ModuleCheckpoint.Load(path, m);
        contents.Metadata[ModuleCheckpoint.FormatKey].Should().Be(ModuleCheckpoint.FormatValue);
        var io = SafetensorsReader.Read(Path.Combine(FixtureDir, "neuralhjb_mlp_io.safetensors"));
        MaxAbsDiff(m.Forward(TensorEntries.ToTensor(io["input"])), TensorEntries.ToTensor(io["output"])).Should().BeLessThan(1e-6);
        var rewritten = SafetensorsWriter.ToBytes(ModuleCheckpoint.ToDocument(m, metadata: new Dictionary<string, string> { ["note"] = contents.Metadata["note"] }));
        rewritten.Should().Equal(File.ReadAllBytes(path));
    }

    /// <summary>The PyTorch ConvStack of make_fixture.py.</summary>
    private sealed class ConvStack : Module
    {
        private readonly Conv1d _c1;
        private readonly Conv1d _c2;
        private readonly ConvTranspose1d _t1;
        private readonly ConvTranspose1d _t2;
        private readonly Conv1d _c3;

        public ConvStack()
        {
            var g = new Philox(1);
            _c1 = RegisterModule("c1", new Conv1d(3, 6, 3, padding: 1, generator: g));
            _c2 = RegisterModule("c2", new Conv1d(6, 4, 4, stride: 2, padding: 1, generator: g));
            _t1 = RegisterModule("t1", new ConvTranspose1d(4, 6, 4, stride: 2, padding: 1, generator: g));
            _t2 = RegisterModule("t2", new ConvTranspose1d(6, 4, 3, stride: 2, padding: 1, outputPadding: 1, generator: g));
            _c3 = RegisterModule("c3", new Conv1d(4, 2, 3, padding: 2, dilation: 2, groups: 2, generator: g));
        }

        public override Tensor Forward(Tensor input)
        {
            var h = _c1.Forward(input).Tanh();
            h = _c2.Forward(h).Silu();
            h = _t1.Forward(h).Tanh();
            h = _t2.Forward(h);
            return _c3.Forward(h);
        }
    }
}
