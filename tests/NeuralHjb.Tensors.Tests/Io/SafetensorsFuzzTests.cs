using FsCheck;
using FsCheck.Fluent;
using NeuralHjb.Io;
using NeuralHjb.Testing;

namespace NeuralHjb.Tensors.Tests.Io;

/// <summary>
/// Mutates valid files (truncation, bit flips, byte overwrites, header-byte edits, huge lengths, splices) and
/// checks the reader either succeeds or throws <see cref="InvalidDataException"/> — nothing else.
/// </summary>
public class SafetensorsFuzzTests
{
    private static readonly byte[] Valid = SafetensorsWriter.ToBytes(SafetensorsTestData.Sample());

    private static Arbitrary<SafetensorsMutator.Mutation[]> Mutations => SafetensorsMutator.Mutations(Valid);

    internal static byte[] Apply(byte[] source, IEnumerable<SafetensorsMutator.Mutation> mutations) => SafetensorsMutator.Apply(source, mutations);

    private static bool ReadsOrRejectsCleanly(SafetensorsMutator.Mutation[] mutations)
    {
        byte[] bytes = Apply(Valid, mutations);
        try
        {
            SafetensorsDocument doc = SafetensorsReader.Read(bytes);
            // Anything accepted must be internally consistent and re-serialisable.
            foreach (SafetensorsEntry e in doc.Entries)
            {
                if (e.Data.Length != e.ElementCount * SafetensorsDTypes.SizeOf(e.DType))
                {
                    return false;
                }
            }

            _ = SafetensorsWriter.ToBytes(doc);
        }
        catch (InvalidDataException)
        {
            // The only acceptable failure.
        }

        return true;
    }

    [Fact]
    public void Mutated_files_only_ever_fail_with_InvalidDataException() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Mutations, ReadsOrRejectsCleanly));

    [NightlyFact]
    [Trait("Category", "Nightly")]
    public void Mutated_files_only_ever_fail_with_InvalidDataException_10000_cases() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), Prop.ForAll(Mutations, ReadsOrRejectsCleanly));

    [Fact]
    public void The_unmutated_sample_reads()
    {
        SafetensorsReader.Read(Valid).Count.Should().Be(6);
        Apply(Valid, []).Should().Equal(Valid);
    }
}
