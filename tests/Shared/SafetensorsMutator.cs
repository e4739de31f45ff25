using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace NeuralHjb.Testing;

/// <summary>
/// Mutations of a valid safetensors file for fuzzing its readers: truncation, bit flips, byte overwrites,
/// JSON-significant header edits, huge or random header lengths, deletions, insertions, appended garbage.
/// Shared by every test project (linked from tests/Shared).
/// </summary>
public static class SafetensorsMutator
{
    private static readonly byte[] JsonBytes = "{}[]\":,-0123456789eE.\\ntfu \u00ff"u8.ToArray();

    /// <summary>One edit: Kind selects the operation, the other fields parameterise it.</summary>
    public sealed record Mutation(int Kind, int Position, int Value, ulong Big);

    /// <summary>One to four mutations of <paramref name="valid"/>, two thirds of them aimed at its header.</summary>
    public static Arbitrary<Mutation[]> Mutations(byte[] valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        var one =
            from kind in Gen.Choose(0, 7)
            from inHeader in Gen.Elements(true, true, false)
            from pos in Gen.Choose(0, (inHeader ? headerEnd : valid.Length) - 1)
            from value in Gen.Choose(0, 255)
            from hi in Gen.Choose(int.MinValue, int.MaxValue)
            from lo in Gen.Choose(int.MinValue, int.MaxValue)
            select new Mutation(kind, pos, value, ((ulong)(uint)hi << 32) | (uint)lo);
        return Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(one, n)).ToArbitrary();
    }

    /// <summary>Applies <paramref name="mutations"/> in order to a copy of <paramref name="source"/>.</summary>
    public static byte[] Apply(byte[] source, IEnumerable<Mutation> mutations)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(mutations);
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
}
