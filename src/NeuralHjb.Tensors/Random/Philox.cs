using System.Runtime.CompilerServices;

namespace NeuralHjb.Random;

/// <summary>
/// Philox 4×32-10, the counter-based random-number generator of Salmon et al. (SC'11, "Parallel
/// random numbers: as easy as 1, 2, 3"). Each 128-bit counter is turned into four 32-bit random
/// words by ten rounds of multiply/xor keyed by the 64-bit seed, so any position of the sequence
/// can be computed directly, without running through the ones before it.
/// </summary>
/// <remarks>
/// <para>
/// Counter layout: words 0–1 hold the <em>block position</em> (64 bits, little-endian), words 2–3
/// the <em>stream</em> (64 bits); the key is the seed. A fill request starting at block
/// <see cref="Position"/> takes element <c>i</c> from block <c>Position + i / E</c>, where
/// <c>E</c> (elements per block) is 4 for <see cref="FillUniform(Span{float})"/> and
/// <see cref="FillNormal(Span{float})"/>, and 2 for the <see cref="double"/> overloads; afterwards
/// <see cref="Position"/> advances by <c>ceil(length / E)</c> blocks, so consecutive calls give fresh
/// numbers. The value of each element therefore depends only on (seed, stream, position, i):
/// large fills are computed in parallel chunks (see <see cref="EngineSettings"/>) with exactly the
/// numbers a serial fill gives.
/// </para>
/// <para>
/// Conversions: uniform <see cref="float"/> = top 24 bits of one word × 2⁻²⁴, in [0, 1);
/// uniform <see cref="double"/> = top 53 bits of two words × 2⁻⁵³, in [0, 1). Normals use the
/// Box–Muller transform in double precision, <c>r = sqrt(-2 ln u₁)</c>, <c>(r cos 2πu₂, r sin 2πu₂)</c>,
/// with <c>u₁</c> in (0, 1] (32-bit uniforms for <see cref="float"/>, 53-bit for <see cref="double"/>),
/// so no output is infinite or NaN.
/// </para>
/// <para>An instance is not thread-safe; give each thread its own via <see cref="ForStream"/> or <see cref="Split"/>.</para>
/// </remarks>
public sealed class Philox
{
    private const uint M0 = 0xD2511F53;
    private const uint M1 = 0xCD9E8D57;
    private const uint Weyl0 = 0x9E3779B9;
    private const uint Weyl1 = 0xBB67AE85;
    private const int Rounds = 10;

    private const float Float24 = 1f / (1 << 24);
    private const double Double32 = 1.0 / 4294967296.0;
    private const double Double53 = 1.0 / (1L << 53);
    private const double TwoPi = 2 * Math.PI;

    /// <summary>Creates a generator for stream 0 of <paramref name="seed"/>, at position 0.</summary>
    /// <param name="seed">The 64-bit key.</param>
    public Philox(ulong seed)
        : this(seed, 0)
    {
    }

    /// <summary>Creates a generator for stream <paramref name="stream"/> of <paramref name="seed"/>, at position 0.</summary>
    /// <param name="seed">The 64-bit key.</param>
    /// <param name="stream">The stream id (counter words 2–3); distinct streams never share a counter.</param>
    public Philox(ulong seed, ulong stream)
    {
        Seed = seed;
        Stream = stream;
    }

    /// <summary>Gets the seed (the Philox key).</summary>
    public ulong Seed { get; }

    /// <summary>Gets the stream id (the high 64 bits of the counter).</summary>
    public ulong Stream { get; }

    /// <summary>
    /// Gets or sets the block position (the low 64 bits of the counter) at which the next request
    /// starts. Each block yields four 32-bit words. Setting it replays or skips ahead.
    /// </summary>
    public ulong Position { get; set; }

    /// <summary>Returns a generator for another stream of the same seed, at position 0; this generator is unchanged.</summary>
    /// <param name="stream">The stream id.</param>
    /// <returns>A new generator.</returns>
    public Philox ForStream(ulong stream) => new(Seed, stream);

    /// <summary>
    /// Returns a new, statistically independent generator whose seed and stream are drawn from
    /// this one (consuming one block), so repeated splits give different children and the whole
    /// tree is reproducible from the root seed.
    /// </summary>
    /// <returns>A new generator at position 0.</returns>
    public Philox Split()
    {
        Block(Position++, Stream, Seed, out uint r0, out uint r1, out uint r2, out uint r3);
        return new Philox(r0 | ((ulong)r1 << 32), r2 | ((ulong)r3 << 32));
    }

    /// <summary>Returns the next 32 random bits (one block; the other three words are discarded).</summary>
    /// <returns>A uniformly distributed 32-bit value.</returns>
    public uint NextUInt32()
    {
        Block(Position++, Stream, Seed, out uint r0, out _, out _, out _);
        return r0;
    }

    /// <summary>Fills <paramref name="destination"/> with uniform values in [0, 1), 24 random bits each.</summary>
    /// <param name="destination">The span to fill.</param>
    public void FillUniform(Span<float> destination) => Fill(destination, Kind.UniformFloat, 0f, 1f);

    /// <summary>
    /// Fills <paramref name="destination"/> with <c>low + (high - low)·u</c>, <c>u</c> uniform in [0, 1)
    /// (rounding can give exactly <paramref name="high"/> for some wide ranges).
    /// </summary>
    /// <param name="destination">The span to fill.</param>
    /// <param name="low">Lower bound.</param>
    /// <param name="high">Upper bound.</param>
    public void FillUniform(Span<float> destination, float low, float high) => Fill(destination, Kind.UniformFloat, low, high - low);

    /// <summary>Fills <paramref name="destination"/> with uniform values in [0, 1), 53 random bits each.</summary>
    /// <param name="destination">The span to fill.</param>
    public void FillUniform(Span<double> destination) => Fill(destination, Kind.UniformDouble, 0d, 1d);

    /// <summary>Fills <paramref name="destination"/> with <c>low + (high - low)·u</c>, <c>u</c> uniform in [0, 1).</summary>
    /// <param name="destination">The span to fill.</param>
    /// <param name="low">Lower bound.</param>
    /// <param name="high">Upper bound.</param>
    public void FillUniform(Span<double> destination, double low, double high) => Fill(destination, Kind.UniformDouble, low, high - low);

    /// <summary>Fills <paramref name="destination"/> with standard normal values (Box–Muller).</summary>
    /// <param name="destination">The span to fill.</param>
    public void FillNormal(Span<float> destination) => Fill(destination, Kind.NormalFloat, 0f, 1f);

    /// <summary>Fills <paramref name="destination"/> with normal values of the given mean and standard deviation.</summary>
    /// <param name="destination">The span to fill.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="standardDeviation">Standard deviation.</param>
    public void FillNormal(Span<float> destination, float mean, float standardDeviation) => Fill(destination, Kind.NormalFloat, mean, standardDeviation);

    /// <summary>Fills <paramref name="destination"/> with standard normal values (Box–Muller).</summary>
    /// <param name="destination">The span to fill.</param>
    public void FillNormal(Span<double> destination) => Fill(destination, Kind.NormalDouble, 0d, 1d);

    /// <summary>Fills <paramref name="destination"/> with normal values of the given mean and standard deviation.</summary>
    /// <param name="destination">The span to fill.</param>
    /// <param name="mean">Mean.</param>
    /// <param name="standardDeviation">Standard deviation.</param>
    public void FillNormal(Span<double> destination, double mean, double standardDeviation) => Fill(destination, Kind.NormalDouble, mean, standardDeviation);

    /// <summary>
    /// The Philox 4×32-10 bijection: encrypts the counter (<paramref name="position"/> in words 0–1,
    /// <paramref name="stream"/> in words 2–3) with key <paramref name="key"/> (low word first).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Block(ulong position, ulong stream, ulong key, out uint r0, out uint r1, out uint r2, out uint r3)
        => Block((uint)position, (uint)(position >> 32), (uint)stream, (uint)(stream >> 32), (uint)key, (uint)(key >> 32),
            out r0, out r1, out r2, out r3);

    /// <summary>The Philox 4×32-10 bijection on explicit counter words c0..c3 and key words k0, k1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, out uint r0, out uint r1, out uint r2, out uint r3)
    {
        for (int round = 0; round < Rounds; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
            k0 += Weyl0;
            k1 += Weyl1;
        }

        r0 = c0;
        r1 = c1;
        r2 = c2;
        r3 = c3;
    }

    private enum Kind
    {
        UniformFloat,
        UniformDouble,
        NormalFloat,
        NormalDouble,
    }

    private static int PerBlock(Kind kind) => kind is Kind.UniformFloat or Kind.NormalFloat ? 4 : 2;

    private unsafe void Fill<T>(Span<T> destination, Kind kind, T shift, T scale)
        where T : unmanaged
    {
        int length = destination.Length;
        if (length == 0)
        {
            return;
        }

        int perBlock = PerBlock(kind);
        ulong start = Position;
        ulong seed = Seed, stream = Stream;
        fixed (T* p = destination)
        {
            T* dst = p;
            int threads = length >= EngineSettings.ParallelThreshold ? EngineSettings.MaxDegreeOfParallelism : 1;
            int blocks = (length + perBlock - 1) / perBlock;
            threads = Math.Min(threads, blocks / 1024);
            if (threads <= 1)
            {
                Generate(dst, length, kind, seed, stream, start, shift, scale);
            }
            else
            {
                FillParallel(dst, length, threads, kind, seed, stream, start, shift, scale);
            }
        }

        Position = start + (ulong)((length + perBlock - 1) / perBlock);
    }

    // Separate method so that the closure is allocated only on the parallel path.
    private static unsafe void FillParallel<T>(T* dst, int length, int threads, Kind kind, ulong seed, ulong stream, ulong start, T shift, T scale)
        where T : unmanaged
    {
        int perBlock = PerBlock(kind);
        int blocks = (length + perBlock - 1) / perBlock;
        nint address = (nint)dst;
        Parallel.For(0, threads, EngineSettings.ParallelOptions, t =>
        {
            int b0 = (int)((long)blocks * t / threads);
            int b1 = (int)((long)blocks * (t + 1) / threads);
            int e0 = b0 * perBlock;
            int e1 = Math.Min(length, b1 * perBlock);
            Generate((T*)address + e0, e1 - e0, kind, seed, stream, start + (ulong)b0, shift, scale);
        });
    }

    /// <summary>Writes <paramref name="count"/> elements starting at block <paramref name="block"/>.</summary>
    /// <remarks>
    /// Whole groups of <see cref="PhiloxLanes.Width"/> blocks have their words computed side by side in
    /// vector lanes (<see cref="PhiloxLanes"/>: the same integer arithmetic, so the same words); the
    /// conversion to floating point stays one block at a time, in the same order as before.
    /// </remarks>
    private static unsafe void Generate<T>(T* dst, int count, Kind kind, ulong seed, ulong stream, ulong block, T shift, T scale)
        where T : unmanaged
    {
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32), s0 = (uint)stream, s1 = (uint)(stream >> 32);
        int perBlock = PerBlock(kind);
        T* tmp = stackalloc T[4];
        int i = 0;
        int lanes = PhiloxLanes.Width;
        if (lanes > 1)
        {
            uint* words = stackalloc uint[4 * PhiloxLanes.MaxWidth];
            int group = lanes * perBlock;
            for (; i + group <= count; i += group, block += (ulong)lanes)
            {
                PhiloxLanes.Blocks(block, s0, s1, k0, k1, words);
                for (int b = 0; b < lanes; b++)
                {
                    Emit(dst + i + (b * perBlock), kind, words[b], words[lanes + b], words[(2 * lanes) + b], words[(3 * lanes) + b], shift, scale);
                }
            }
        }

        for (; i < count; i += perBlock, block++)
        {
            Block((uint)block, (uint)(block >> 32), s0, s1, k0, k1, out uint r0, out uint r1, out uint r2, out uint r3);
            int take = Math.Min(perBlock, count - i);
            Emit(take == perBlock ? dst + i : tmp, kind, r0, r1, r2, r3, shift, scale);
            if (take != perBlock)
            {
                for (int j = 0; j < take; j++)
                {
                    dst[i + j] = tmp[j];
                }
            }
        }
    }

    /// <summary>Converts one block's words into <see cref="PerBlock"/> elements of <paramref name="kind"/> at <paramref name="d"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Emit<T>(T* d, Kind kind, uint r0, uint r1, uint r2, uint r3, T shift, T scale)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float* f = (float*)d;
            float sh = Unsafe.As<T, float>(ref shift), sc = Unsafe.As<T, float>(ref scale);
            if (kind == Kind.UniformFloat)
            {
                f[0] = sh + (sc * ((r0 >> 8) * Float24));
                f[1] = sh + (sc * ((r1 >> 8) * Float24));
                f[2] = sh + (sc * ((r2 >> 8) * Float24));
                f[3] = sh + (sc * ((r3 >> 8) * Float24));
            }
            else
            {
                BoxMuller((r0 + 1.0) * Double32, r1 * Double32, out double z0, out double z1);
                BoxMuller((r2 + 1.0) * Double32, r3 * Double32, out double z2, out double z3);
                f[0] = sh + (sc * (float)z0);
                f[1] = sh + (sc * (float)z1);
                f[2] = sh + (sc * (float)z2);
                f[3] = sh + (sc * (float)z3);
            }
        }
        else
        {
            double* f = (double*)d;
            double sh = Unsafe.As<T, double>(ref shift), sc = Unsafe.As<T, double>(ref scale);
            ulong x = ((ulong)r0 << 32) | r1;
            ulong y = ((ulong)r2 << 32) | r3;
            if (kind == Kind.UniformDouble)
            {
                f[0] = sh + (sc * ((x >> 11) * Double53));
                f[1] = sh + (sc * ((y >> 11) * Double53));
            }
            else
            {
                BoxMuller(((x >> 11) + 1) * Double53, (y >> 11) * Double53, out double z0, out double z1);
                f[0] = sh + (sc * z0);
                f[1] = sh + (sc * z1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BoxMuller(double u1, double u2, out double z0, out double z1)
    {
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        (double sin, double cos) = Math.SinCos(TwoPi * u2);
        z0 = r * cos;
        z1 = r * sin;
    }
}
