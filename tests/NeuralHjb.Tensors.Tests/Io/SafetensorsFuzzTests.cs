using System.Buffers.Binary;
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
    private static readonly int HeaderEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(Valid);

    /// <summary>One edit: Kind selects the operation, the other fields parameterise it.</summary>
    public sealed record Mutation(int Kind, int Position, int Value, ulong Big);

    private static readonly byte[] JsonBytes = "{}[]\":,-0123456789eE.\\ntfu \u00ff"u8.ToArray();

    private static Gen<Mutation> MutationGen =>
        from kind in Gen.Choose(0, 7)
        from inHeader in Gen.Elements(true, true, false)
        from pos in Gen.Choose(0, (inHeader ? HeaderEnd : Valid.Length) - 1)
        from value in Gen.Choose(0, 255)
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        select new Mutation(kind, pos, value, ((ulong)(uint)hi << 32) | (uint)lo);

    private static Arbitrary<Mutation[]> Mutations =>
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(MutationGen, n)).ToArbitrary();

    internal static byte[] Apply(byte[] source, IEnumerable<Mutation> mutations)
    {
        var bytes = new List<byte>(source);
        foreach (Mutation m in mutations)
        {
            if (bytes.Count == 0)
            {
                break;
            }

            int p = m.Position % bytes.Count;
            switch (m.Kind)
            {
                case 0: // truncate
                    bytes.RemoveRange(p, bytes.Count - p);
                    break;
                case 1: // flip one bit
                    bytes[p] ^= (byte)(1 << (m.Value % 8));
                    break;
                case 2: // overwrite a byte with anything
                    bytes[p] = (byte)m.Value;
                    break;
                case 3: // overwrite a byte with a JSON-significant character
                    bytes[p] = JsonBytes[m.Value % JsonBytes.Length];
                    break;
                case 4: // huge or random header length
                    var len = new byte[8];
                    BinaryPrimitives.WriteUInt64LittleEndian(len, m.Value % 2 == 0 ? m.Big : m.Big % 4096);
                    for (int i = 0; i < 8 && i < bytes.Count; i++)
                    {
                        bytes[i] = len[i];
                    }

                    break;
                case 5: // delete a byte
                    bytes.RemoveAt(p);
                    break;
                case 6: // insert a byte
                    bytes.Insert(p, (byte)m.Value);
                    break;
                default: // append garbage
                    bytes.AddRange(Enumerable.Repeat((byte)m.Value, 1 + (m.Position % 9)));
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static bool ReadsOrRejectsCleanly(Mutation[] mutations)
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
