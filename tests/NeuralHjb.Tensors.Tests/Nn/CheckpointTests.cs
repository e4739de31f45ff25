using NeuralHjb.Io;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using static NeuralHjb.Tensors.Tests.Nn.NnTestUtil;

namespace NeuralHjb.Tensors.Tests.Nn;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nhjb-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static Dictionary<string, double[]> Snapshot(Module m)
        => m.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.ToDoubleArray());

    private static void ShouldBeUnchanged(Module m, Dictionary<string, double[]> before)
    {
        foreach (var (name, t) in m.StateDict())
        {
            t.ToDoubleArray().Should().Equal(before[name], $"'{name}' must not change on a failed load");
        }
    }

    [Fact]
    public void Round_trip_restores_parameters_buffers_counters_optimizer_state_and_metadata()
    {
        var a = new BsdeSubnet(3, generator: new Philox(1));
        a.Forward(Tensor.Normal([8, 3], new Philox(2), dtype: DType.Float64));
        var opt = new Adam(a.Parameters().ToList(), 1e-2);
        a.Forward(Tensor.Normal([8, 3], new Philox(3), dtype: DType.Float64)).Square().Mean().Backward();
        opt.Step();
        var path = PathOf("a.safetensors");
        ModuleCheckpoint.Save(path, a, opt.StateDict(), new Dictionary<string, string> { ["problem"] = "hjb-lq" });

        var b = new BsdeSubnet(3, generator: new Philox(99));
        var contents = ModuleCheckpoint.Load(path, b);
        foreach (var ((na, ta), (nb, tb)) in a.StateDict().Zip(b.StateDict()))
        {
            nb.Should().Be(na);
            tb.ToDoubleArray().Should().Equal(ta.ToDoubleArray());
        }

        b.NamedCounters().Should().Equal(a.NamedCounters());
        b.NamedCounters().First().Value.Should().Be(2);
        contents.Metadata["problem"].Should().Be("hjb-lq");
        contents.Metadata[ModuleCheckpoint.FormatKey].Should().Be(ModuleCheckpoint.FormatValue);
        contents.OptimizerState.Keys.Should().BeEquivalentTo(opt.StateDict().Keys);
        var opt2 = new Adam(b.Parameters().ToList(), 1e-2);
        opt2.LoadStateDict(contents.OptimizerState);
        opt2.StateDict().Keys.Should().BeEquivalentTo(opt.StateDict().Keys);
        b.Eval();
        a.Eval();
        var x = Tensor.Normal([4, 3], new Philox(4), dtype: DType.Float64);
        MaxAbsDiff(a.Forward(x), b.Forward(x)).Should().Be(0);
    }

    [Fact]
    public void Checkpoint_entries_use_pytorch_dtypes_and_names()
    {
        var path = PathOf("bn.safetensors");
        ModuleCheckpoint.Save(path, new BatchNorm1d(2));
        var doc = SafetensorsReader.Read(path);
        doc.Entries.Select(e => e.Name).Should().BeEquivalentTo("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
        doc["num_batches_tracked"].DType.Should().Be(SafetensorsDType.I64);
        doc["num_batches_tracked"].Rank.Should().Be(0);
        doc["weight"].DType.Should().Be(SafetensorsDType.F32);
    }

    [Fact]
    public void Corrupt_file_gives_invalid_data_and_leaves_module_unchanged()
    {
        var path = PathOf("c.safetensors");
        ModuleCheckpoint.Save(path, new Mlp([2, 4, 1], generator: new Philox(1)));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        var m = new Mlp([2, 4, 1], generator: new Philox(2));
        var before = Snapshot(m);
        ((Action)(() => ModuleCheckpoint.Load(path, m))).Should().Throw<InvalidDataException>().WithMessage($"*{Path.GetFileName(path)}*");
        ShouldBeUnchanged(m, before);
    }

    [Fact]
    public void Shape_mismatch_names_the_tensor_and_loads_nothing()
    {
        var path = PathOf("s.safetensors");
        ModuleCheckpoint.Save(path, new Mlp([2, 4, 1], generator: new Philox(1)));
        var m = new Mlp([2, 5, 1], generator: new Philox(2));
        var before = Snapshot(m);
        ((Action)(() => ModuleCheckpoint.Load(path, m))).Should().Throw<InvalidDataException>()
            .WithMessage("*'layers.0.weight': shape [4, 2] in the file, [5, 2] in the module*");
        ShouldBeUnchanged(m, before);
    }

    [Fact]
    public void Dtype_mismatch_names_the_tensor()
    {
        var path = PathOf("d.safetensors");
        ModuleCheckpoint.Save(path, new Mlp([2, 4, 1], generator: new Philox(1), dtype: DType.Float64));
        var m = new Mlp([2, 4, 1], generator: new Philox(2));
        var before = Snapshot(m);
        ((Action)(() => ModuleCheckpoint.Load(path, m))).Should().Throw<InvalidDataException>()
            .WithMessage("*'layers.0.weight': dtype F64 in the file, Float32 (F32) in the module*");
        ShouldBeUnchanged(m, before);
    }

    [Fact]
    public void Missing_and_extra_names_fail_strict_and_are_reported_when_not_strict()
    {
        var path = PathOf("n.safetensors");
        var saved = new Mlp([2, 4, 1], normalization: new InputNormalization([1, 1], [2, 2]), generator: new Philox(1));
        ModuleCheckpoint.Save(path, saved);
        var m = new Mlp([2, 4, 1], generator: new Philox(2));
        var before = Snapshot(m);
        ((Action)(() => ModuleCheckpoint.Load(path, m))).Should().Throw<InvalidDataException>()
            .WithMessage("*not in the module: 'input_s*");
        ShouldBeUnchanged(m, before);

        var plain = PathOf("plain.safetensors");
        ModuleCheckpoint.Save(plain, new Mlp([2, 4, 1], generator: new Philox(4)));
        var withNorm = new Mlp([2, 4, 1], normalization: new InputNormalization([0, 0], [1, 1]), generator: new Philox(5));
        before = Snapshot(withNorm);
        ((Action)(() => ModuleCheckpoint.Load(plain, withNorm))).Should().Throw<InvalidDataException>()
            .WithMessage("*missing from the file: 'input_shift', 'input_scale'*");
        ShouldBeUnchanged(withNorm, before);

        var loose = new Mlp([2, 4, 1], generator: new Philox(3));
        var contents = ModuleCheckpoint.Load(path, loose, strict: false);
        contents.MissingNames.Should().BeEmpty();
        contents.UnexpectedNames.Should().BeEquivalentTo("input_shift", "input_scale");
        loose.Layers[0].Weight.ToFloatArray().Should().Equal(saved.Layers[0].Weight.ToFloatArray());
    }

    [Fact]
    public void Reserved_metadata_keys_are_rejected()
    {
        ((Action)(() => ModuleCheckpoint.Save(PathOf("r.safetensors"), new Linear(1, 1), metadata: new Dictionary<string, string> { ["neuralhjb.format"] = "x" })))
            .Should().Throw<ArgumentException>().WithMessage("*reserved*");
    }
}
