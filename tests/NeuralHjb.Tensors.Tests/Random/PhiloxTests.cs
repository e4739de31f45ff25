using NeuralHjb.Random;
using NeuralHjb.Tensors.Tests.Kernels;

namespace NeuralHjb.Tensors.Tests.Random;

[Collection(EngineSettingsGroup.Name)]
public class PhiloxTests
{
    private const int Samples = 1_000_000;

    // Random123 kat_vectors, philox4x32 with 10 rounds: counter (4 words), key (2 words) -> output.
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Matches_known_answer_vectors(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        Philox.Block(c0, c1, c2, c3, k0, k1, out uint r0, out uint r1, out uint r2, out uint r3);
        new[] { r0, r1, r2, r3 }.Should().Equal(e0, e1, e2, e3);

        // The same through the (position, stream, seed) packing used by the generator.
        Philox.Block(c0 | ((ulong)c1 << 32), c2 | ((ulong)c3 << 32), k0 | ((ulong)k1 << 32), out r0, out r1, out r2, out r3);
        new[] { r0, r1, r2, r3 }.Should().Equal(e0, e1, e2, e3);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(0xFFFFFFFDUL)]
    [InlineData(ulong.MaxValue - 2)]
    [InlineData(0x85a308d3243f6a88UL)]
    public unsafe void Lane_blocks_equal_the_scalar_block(ulong position)
    {
        // Positions where the low counter word carries into the high one, or the 64-bit position wraps, inside a group.
        ulong seed = 0x299f31d0a4093822UL, stream = 0x0370734413198a2eUL;
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32), s0 = (uint)stream, s1 = (uint)(stream >> 32);
        var words = stackalloc uint[4 * PhiloxLanes.MaxWidth];
        foreach (int width in new[] { 8, 4 })
        {
            if ((width == 8 && !System.Runtime.Intrinsics.X86.Avx512F.IsSupported) || !System.Runtime.Intrinsics.X86.Avx2.IsSupported)
            {
                continue;
            }

            if (width == 8)
            {
                PhiloxLanes.Blocks512(position, s0, s1, k0, k1, words);
            }
            else
            {
                PhiloxLanes.Blocks256(position, s0, s1, k0, k1, words);
            }

            for (int l = 0; l < width; l++)
            {
                Philox.Block(position + (ulong)l, stream, seed, out uint r0, out uint r1, out uint r2, out uint r3);
                new[] { words[l], words[width + l], words[(2 * width) + l], words[(3 * width) + l] }.Should().Equal([r0, r1, r2, r3], $"lane {l} of {width}");
            }
        }
    }

    [Fact]
    public void Fills_through_lane_groups_equal_block_by_block_fills()
    {
        // One call takes the lane path for whole groups; calls of one block each take the scalar path.
        const int length = 101;
        var position = 0xFFFFFFF0UL;
        var whole = new Philox(11, 5) { Position = position };
        var pieces = new Philox(11, 5) { Position = position };
        float[] uf = new float[length], nf = new float[length], uf1 = new float[length], nf1 = new float[length];
        double[] ud = new double[length], nd = new double[length], ud1 = new double[length], nd1 = new double[length];
        whole.FillUniform(uf);
        whole.FillNormal(nf, 0.5f, 2f);
        whole.FillUniform(ud, -1, 3);
        whole.FillNormal(nd);
        for (int i = 0; i < length; i += 4)
        {
            pieces.FillUniform(uf1.AsSpan(i, Math.Min(4, length - i)));
        }

        for (int i = 0; i < length; i += 4)
        {
            pieces.FillNormal(nf1.AsSpan(i, Math.Min(4, length - i)), 0.5f, 2f);
        }

        for (int i = 0; i < length; i += 2)
        {
            pieces.FillUniform(ud1.AsSpan(i, Math.Min(2, length - i)), -1, 3);
        }

        for (int i = 0; i < length; i += 2)
        {
            pieces.FillNormal(nd1.AsSpan(i, Math.Min(2, length - i)));
        }

        uf.Should().Equal(uf1);
        nf.Should().Equal(nf1);
        ud.Should().Equal(ud1);
        nd.Should().Equal(nd1);
        whole.Position.Should().Be(pieces.Position);
    }

    [Fact]
    public void Uniform_floats_are_the_top_24_bits_of_the_block_words()
    {
        var rng = new Philox(0x299f31d0a4093822UL, 0x0370734413198a2eUL) { Position = 0x85a308d3243f6a88UL };
        var x = new float[4];
        rng.FillUniform(x);
        x.Should().Equal((0xd16cfe09u >> 8) / 16777216f, (0x94fdccebu >> 8) / 16777216f, (0x5001e420u >> 8) / 16777216f, (0x24126ea1u >> 8) / 16777216f);
        rng.Position.Should().Be(0x85a308d3243f6a89UL);
    }

    private static void WithThreads(int threads, long threshold, Action action)
    {
        int saved = EngineSettings.MaxDegreeOfParallelism;
        long savedThreshold = EngineSettings.ParallelThreshold;
        try
        {
            EngineSettings.MaxDegreeOfParallelism = threads;
            EngineSettings.ParallelThreshold = threshold;
            action();
        }
        finally
        {
            EngineSettings.MaxDegreeOfParallelism = saved;
            EngineSettings.ParallelThreshold = savedThreshold;
        }
    }

    [Fact]
    public void Parallel_and_chunked_fills_equal_the_serial_fill()
    {
        const int length = 300_001;
        float[] uf = new float[length], nf = new float[length], uf2 = new float[length], nf2 = new float[length];
        double[] ud = new double[length], nd = new double[length], ud2 = new double[length], nd2 = new double[length];
        WithThreads(1, long.MaxValue, () =>
        {
            var rng = new Philox(7, 3);
            rng.FillUniform(uf);
            rng.FillNormal(nf);
            rng.FillUniform(ud);
            rng.FillNormal(nd);
        });
        WithThreads(3, 0, () =>
        {
            var rng = new Philox(7, 3);
            rng.FillUniform(uf2);
            rng.FillNormal(nf2);
            rng.FillUniform(ud2);
            rng.FillNormal(nd2);
        });
        uf2.Should().Equal(uf);
        nf2.Should().Equal(nf);
        ud2.Should().Equal(ud);
        nd2.Should().Equal(nd);

        // Chunks whose starts are whole blocks, filled by separate generators positioned there.
        var chunked = new float[length];
        const int chunk = 4 * 12_345;
        for (int start = 0; start < length; start += chunk)
        {
            var g = new Philox(7, 3) { Position = (ulong)(start / 4) };
            g.FillUniform(chunked.AsSpan(start, Math.Min(chunk, length - start)));
        }

        chunked.Should().Equal(uf);
    }

    [Fact]
    public void Consecutive_calls_continue_the_sequence()
    {
        var whole = new double[1000];
        new Philox(5).FillNormal(whole);
        var parts = new double[1000];
        var rng = new Philox(5);
        rng.FillNormal(parts.AsSpan(0, 300));
        rng.FillNormal(parts.AsSpan(300, 700));
        parts.Should().Equal(whole);
        rng.Position.Should().Be(500);

        // An odd-length request rounds up to whole blocks: the next call starts fresh.
        var odd = new Philox(5);
        var three = new float[3];
        odd.FillUniform(three);
        odd.Position.Should().Be(1);
    }

    private static (double Mean, double Var, double Kurt) Moments(ReadOnlySpan<double> x)
    {
        double mean = 0;
        foreach (double v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        double m2 = 0, m4 = 0;
        foreach (double v in x)
        {
            double d = (v - mean) * (v - mean);
            m2 += d;
            m4 += d * d;
        }

        m2 /= x.Length;
        m4 /= x.Length;
        return (mean, m2, m4 / (m2 * m2));
    }

    [Fact]
    public void Uniforms_have_the_right_moments_and_range()
    {
        var f = new float[Samples];
        var d = new double[Samples];
        var rng = new Philox(2024);
        rng.FillUniform(f);
        rng.FillUniform(d);
        foreach (double[] x in new[] { Array.ConvertAll(f, v => (double)v), d })
        {
            x.Should().OnlyContain(v => v >= 0 && v < 1);
            (double mean, double var, _) = Moments(x);
            // Mean: sd = sqrt(1/12/n); variance: sd = sqrt((1/80 - 1/144)/n).
            Math.Abs(mean - 0.5).Should().BeLessThan(5 * Math.Sqrt(1.0 / 12 / Samples));
            Math.Abs(var - (1.0 / 12)).Should().BeLessThan(5 * Math.Sqrt(((1.0 / 80) - (1.0 / 144)) / Samples));
        }
    }

    [Fact]
    public void Normals_have_the_right_moments()
    {
        var f = new float[Samples];
        var d = new double[Samples];
        var rng = new Philox(99);
        rng.FillNormal(f);
        rng.FillNormal(d);
        foreach (double[] x in new[] { Array.ConvertAll(f, v => (double)v), d })
        {
            x.Should().OnlyContain(v => double.IsFinite(v));
            (double mean, double var, double kurt) = Moments(x);
            // sd of the mean 1/sqrt(n), of the variance sqrt(2/n), of the kurtosis sqrt(24/n).
            Math.Abs(mean).Should().BeLessThan(5 / Math.Sqrt(Samples));
            Math.Abs(var - 1).Should().BeLessThan(5 * Math.Sqrt(2.0 / Samples));
            Math.Abs(kurt - 3).Should().BeLessThan(5 * Math.Sqrt(24.0 / Samples));
        }
    }

    [Fact]
    public void Scaled_fills_apply_range_and_moments()
    {
        var u = new float[10_000];
        new Philox(1).FillUniform(u, 0f, 0.01f);
        u.Should().OnlyContain(v => v >= 0f && v <= 0.01f);
        var n = new double[10_000];
        var reference = new double[10_000];
        new Philox(1).FillNormal(n, 2.0, 3.0);
        new Philox(1).FillNormal(reference);
        for (int i = 0; i < n.Length; i++)
        {
            n[i].Should().Be(2.0 + (3.0 * reference[i]));
        }
    }

    [Fact]
    public void Different_seeds_streams_and_splits_differ()
    {
        static float[] Draw(Philox g)
        {
            var x = new float[64];
            g.FillUniform(x);
            return x;
        }

        float[] a = Draw(new Philox(1));
        Draw(new Philox(1)).Should().Equal(a);
        Draw(new Philox(2)).Should().NotEqual(a);
        Draw(new Philox(1).ForStream(1)).Should().NotEqual(a);
        Draw(new Philox(1, 1)).Should().Equal(Draw(new Philox(1).ForStream(1)));

        var root = new Philox(1);
        Philox s1 = root.Split(), s2 = root.Split();
        float[] x1 = Draw(s1), x2 = Draw(s2);
        x1.Should().NotEqual(x2);
        x1.Should().NotEqual(a);
        var again = new Philox(1);
        Draw(again.Split()).Should().Equal(x1, "splitting is deterministic");
        root.NextUInt32().Should().NotBe(new Philox(1).NextUInt32());
    }
}
