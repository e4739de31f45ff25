using FsCheck;
using FsCheck.Fluent;
using NeuralHjb.Io;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Testing;

namespace NeuralHjb.Tensors.Tests.Reliability;

/// <summary>
/// Mutated module checkpoints (a BatchNorm subnet with a counter and Adam state, so every entry kind
/// is present) must load or fail with <see cref="InvalidDataException"/> — and a failed load must leave
/// the module exactly as it was.
/// </summary>
public class ModuleCheckpointFuzzTests
{
    private static readonly byte[] Valid = BuildValid();

    private static byte[] BuildValid()
    {
        var net = new BsdeSubnet(3, hidden: 5, generator: new Philox(1));
        var adam = new Adam(net.Parameters().ToArray(), 1e-2);
        net.Forward(Tensor.Normal([8, 3], new Philox(2), dtype: DType.Float64)).Square().Mean().Backward();
        adam.Step();
        return SafetensorsWriter.ToBytes(ModuleCheckpoint.ToDocument(net, adam.StateDict(), new Dictionary<string, string> { ["problem"] = "fuzz" }));
    }

    private static BsdeSubnet Fresh() => new(3, hidden: 5, generator: new Philox(7));

    private static double[] State(Module m) =>
        [.. m.StateDict().SelectMany(kv => kv.Value.ToDoubleArray()), .. m.NamedCounters().Select(kv => (double)kv.Value)];

    private static bool LoadsOrRejectsCleanly(SafetensorsMutator.Mutation[] mutations, bool strict)
    {
        var bytes = SafetensorsMutator.Apply(Valid, mutations);
        var module = Fresh();
        var before = State(module);
        try
        {
            var contents = ModuleCheckpoint.Load(SafetensorsReader.Read(bytes), module, strict);
            return contents.Metadata is not null && State(module).Length == before.Length;
        }
        catch (InvalidDataException)
        {
            // The documented failure; the module must be untouched.
            return ThreadCountInvarianceTests.BitwiseEqual(State(module), before);
        }
    }

    [Fact]
    public void Mutated_module_checkpoints_load_or_fail_with_InvalidDataException_and_change_nothing()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(SafetensorsMutator.Mutations(Valid), m => LoadsOrRejectsCleanly(m, strict: true)));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(SafetensorsMutator.Mutations(Valid), m => LoadsOrRejectsCleanly(m, strict: false)));
    }

    [NightlyFact]
    [Trait("Category", "Nightly")]
    public void Mutated_module_checkpoints_load_or_fail_with_InvalidDataException_and_change_nothing_10000_cases() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), Prop.ForAll(SafetensorsMutator.Mutations(Valid), m => LoadsOrRejectsCleanly(m, strict: m.Length % 2 == 0)));

    [Fact]
    public void The_unmutated_checkpoint_loads_through_the_file_api()
    {
        var path = Path.Combine(Path.GetTempPath(), $"neuralhjb-fuzz-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, Valid);
            var module = Fresh();
            ModuleCheckpoint.Load(path, module).Metadata["problem"].Should().Be("fuzz");
            module.NamedCounters().Should().NotBeEmpty().And.OnlyContain(kv => kv.Value == 1);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
