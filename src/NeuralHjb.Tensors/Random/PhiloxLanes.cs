using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralHjb.Random;

/// <summary>
/// Philox 4×32-10 on several consecutive counters at once: each 64-bit vector lane holds one 32-bit counter
/// word, the 32×32→64-bit products come from <c>vpmuludq</c>, and the high and low halves are split
/// with shifts and masks. Integer arithmetic only, so every lane's words are exactly those of
/// <see cref="Philox.Block(uint, uint, uint, uint, uint, uint, out uint, out uint, out uint, out uint)"/>.
/// </summary>
internal static class PhiloxLanes
{
    /// <summary>The most lanes any machine uses (the size of the caller's word buffer is 4 × this).</summary>
    public const int MaxWidth = 8;

    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint Weyl0 = 0x9E3779B9;
    private const uint Weyl1 = 0xBB67AE85;
    private const int Rounds = 10;

    /// <summary>Gets the number of counters computed per call: 8 with AVX-512, 4 with AVX2, else 1 (no vector path).</summary>
    public static int Width { get; } = Avx512F.IsSupported ? 8 : Avx2.IsSupported ? 4 : 1;

    /// <summary>
    /// Encrypts the counters (block + l, stream) for l in [0, <see cref="Width"/>) with the key (k0, k1) and writes
    /// word w of lane l to <paramref name="words"/>[w·Width + l].
    /// </summary>
    public static unsafe void Blocks(ulong block, uint s0, uint s1, uint k0, uint k1, uint* words)
    {
        if (Width == 8)
        {
            Blocks512(block, s0, s1, k0, k1, words);
        }
        else
        {
            Blocks256(block, s0, s1, k0, k1, words);
        }
    }

    internal static unsafe void Blocks512(ulong block, uint s0, uint s1, uint k0, uint k1, uint* words)
    {
        var low = Vector512.Create(0xFFFFFFFFUL);
        var counter = Vector512.Create(block) + Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        var c0 = counter & low;
        var c1 = counter >>> 32;
        var c2 = Vector512.Create((ulong)s0);
        var c3 = Vector512.Create((ulong)s1);
        var m0 = Vector512.Create(M0);
        var m1 = Vector512.Create(M1);
        for (int round = 0; round < Rounds; round++)
        {
            var p0 = Avx512F.Multiply(c0.AsUInt32(), m0);
            var p1 = Avx512F.Multiply(c2.AsUInt32(), m1);
            var n0 = (p1 >>> 32) ^ c1 ^ Vector512.Create((ulong)k0);
            var n2 = (p0 >>> 32) ^ c3 ^ Vector512.Create((ulong)k1);
            c1 = p1 & low;
            c3 = p0 & low;
            c0 = n0;
            c2 = n2;
            k0 += Weyl0;
            k1 += Weyl1;
        }

        Avx512F.ConvertToVector256UInt32(c0).Store(words);
        Avx512F.ConvertToVector256UInt32(c1).Store(words + 8);
        Avx512F.ConvertToVector256UInt32(c2).Store(words + 16);
        Avx512F.ConvertToVector256UInt32(c3).Store(words + 24);
    }

    internal static unsafe void Blocks256(ulong block, uint s0, uint s1, uint k0, uint k1, uint* words)
    {
        var low = Vector256.Create(0xFFFFFFFFUL);
        var counter = Vector256.Create(block) + Vector256.Create(0UL, 1, 2, 3);
        var c0 = counter & low;
        var c1 = counter >>> 32;
        var c2 = Vector256.Create((ulong)s0);
        var c3 = Vector256.Create((ulong)s1);
        var m0 = Vector256.Create(M0);
        var m1 = Vector256.Create(M1);
        for (int round = 0; round < Rounds; round++)
        {
            var p0 = Avx2.Multiply(c0.AsUInt32(), m0);
            var p1 = Avx2.Multiply(c2.AsUInt32(), m1);
            var n0 = (p1 >>> 32) ^ c1 ^ Vector256.Create((ulong)k0);
            var n2 = (p0 >>> 32) ^ c3 ^ Vector256.Create((ulong)k1);
            c1 = p1 & low;
            c3 = p0 & low;
            c0 = n0;
            c2 = n2;
            k0 += Weyl0;
            k1 += Weyl1;
        }

        Narrow(c0).Store(words);
        Narrow(c1).Store(words + 4);
        Narrow(c2).Store(words + 8);
        Narrow(c3).Store(words + 12);
    }

    /// <summary>The low 32 bits of each 64-bit lane (values below 2³² here), packed into four words.</summary>
    private static Vector128<uint> Narrow(Vector256<ulong> v)
        => Vector128.Create((uint)v.GetElement(0), (uint)v.GetElement(1), (uint)v.GetElement(2), (uint)v.GetElement(3));
}
