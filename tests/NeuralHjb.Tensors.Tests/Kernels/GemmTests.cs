using FsCheck;
using FsCheck.Fluent;
using NeuralHjb.Kernels;
using NeuralHjb.Random;

namespace NeuralHjb.Tensors.Tests.Kernels;

/// <summary>Settings are process-wide: tests that change them must not run beside other kernel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineSettingsGroup
{
    public const string Name = "EngineSettings";
}

[Collection(EngineSettingsGroup.Name)]
public class GemmTests
{
    // Sizes straddling every edge and path: MR = 6, NR = 16/32 (float) and 8/16 (double), the
    // direct-path threshold, KC = 256, MC = 144 (float) / 72 (double), n = 1 (dot products) and
    // n ≤ one vector (the narrow path, 8 floats / 4 doubles).
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 }, { 3, 7, 5 }, { 7, 17, 3 }, { 17, 33, 65 }, { 33, 65, 17 }, { 65, 9, 130 },
        { 6, 16, 256 }, { 12, 32, 257 }, { 130, 17, 513 }, { 145, 48, 33 }, { 73, 130, 7 },
        { 5, 300, 40 }, { 300, 5, 40 }, { 64, 64, 64 }, { 1, 200, 300 }, { 200, 1, 300 },
        { 1027, 1, 64 }, { 37, 8, 19 }, { 37, 4, 9 }, { 33, 3, 300 }, { 130, 9, 70 }, { 2, 5, 4 },
    };

    private static double[] RandomMatrix(int length, ulong seed)
    {
        var data = new double[length];
        new Philox(seed).FillUniform(data, -1, 1);
        return data;
    }

    /// <summary>Naive triple loop in double on the same strided storage.</summary>
    private static double[] Reference(bool ta, bool tb, int m, int n, int k, double alpha,
        double[] a, int lda, double[] b, int ldb, double[] c0, int ldc, bool accumulate)
    {
        var c = (double[])c0.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    s += (ta ? a[(p * lda) + i] : a[(i * lda) + p]) * (tb ? b[(j * ldb) + p] : b[(p * ldb) + j]);
                }

                c[(i * ldc) + j] = (accumulate ? c[(i * ldc) + j] : 0) + (alpha * s);
            }
        }

        return c;
    }

    private sealed record Case(bool TA, bool TB, int M, int N, int K, double Alpha, int Lda, int Ldb, int Ldc,
        double[] A, double[] B, double[] C, bool Accumulate)
    {
        public static Case Make(bool ta, bool tb, int m, int n, int k, bool accumulate, int pad, double alpha, ulong seed)
        {
            int lda = (ta ? m : k) + pad, ldb = (tb ? k : n) + pad, ldc = n + pad;
            int aRows = ta ? k : m, bRows = tb ? n : k;
            return new Case(ta, tb, m, n, k, alpha, lda, ldb, ldc,
                RandomMatrix(Math.Max(1, aRows * lda), seed), RandomMatrix(Math.Max(1, bRows * ldb), seed + 1),
                RandomMatrix(Math.Max(1, m * ldc), seed + 2), accumulate);
        }

        public double[] Expected() => Reference(TA, TB, M, N, K, Alpha, A, Lda, B, Ldb, C, Ldc, Accumulate);

        public double[] RunDouble()
        {
            var c = (double[])C.Clone();
            if (Alpha == 1)
            {
                Gemm.Multiply(TA, TB, M, N, K, A, Lda, B, Ldb, c, Ldc, Accumulate);
            }
            else
            {
                Gemm.Multiply(TA, TB, M, N, K, Alpha, A, Lda, B, Ldb, c, Ldc, Accumulate);
            }

            return c;
        }

        public float[] RunFloat()
        {
            float[] a = Array.ConvertAll(A, x => (float)x), b = Array.ConvertAll(B, x => (float)x), c = Array.ConvertAll(C, x => (float)x);
            Gemm.Multiply(TA, TB, M, N, K, (float)Alpha, a, Lda, b, Ldb, c, Ldc, Accumulate);
            return c;
        }

        /// <summary>Checks both precisions; padding columns of C (j ≥ n) must be untouched.</summary>
        public void Check()
        {
            double[] expected = Expected();
            double[] d = RunDouble();
            float[] f = RunFloat();
            double tolD = 1e-13 * (K + 1), tolF = 2e-6 * (K + 1);
            for (int i = 0; i < expected.Length; i++)
            {
                bool inside = i / Ldc < M && i % Ldc < N;
                if (!inside)
                {
                    d[i].Should().Be(C[i], "padding must not be written");
                    ((double)f[i]).Should().Be((float)C[i], "padding must not be written");
                    continue;
                }

                if (Math.Abs(d[i] - expected[i]) > tolD || Math.Abs(f[i] - expected[i]) > tolF)
                {
                    throw new Xunit.Sdk.XunitException(
                        $"{this with { A = [], B = [], C = [] }}: element {i / Ldc},{i % Ldc}: expected {expected[i]}, double {d[i]}, float {f[i]}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Matches_naive_loop_for_all_transposes(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                foreach (bool acc in new[] { false, true })
                {
                    Case.Make(ta, tb, m, n, k, acc, pad: 0, alpha: 1, seed: (ulong)(m * 1000 + n + k)).Check();
                    Case.Make(ta, tb, m, n, k, acc, pad: 3, alpha: -0.75, seed: (ulong)(m * 1000 + n + k + 7)).Check();
                }
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> with each micro-kernel this machine has (AVX-512, AVX2) and,
    /// when <paramref name="portable"/>, with the portable fallback of machines without AVX2/FMA.
    /// </summary>
    private static void ForEachKernel(Action action, bool portable = false)
    {
        bool saved = GemmCore<float>.UseVector512, savedD = GemmCore<double>.UseVector512;
        try
        {
            foreach (int mode in portable ? new[] { 0, 1, 2 } : new[] { 0, 1 })
            {
                GemmCore<float>.UseVector512 = mode == 0;
                GemmCore<double>.UseVector512 = mode == 0;
                GemmCore<float>.PortableOnly = mode == 2;
                GemmCore<double>.PortableOnly = mode == 2;
                action();
            }
        }
        finally
        {
            GemmCore<float>.UseVector512 = saved;
            GemmCore<double>.UseVector512 = savedD;
            GemmCore<float>.PortableOnly = false;
            GemmCore<double>.PortableOnly = false;
        }
    }

    [Fact]
    public void All_kernels_and_the_portable_fallback_match_naive_loop()
    {
        // Tile widths 16/32 (float) and 8/16 (double), MC = 144/72, KC = 256.
        int[][] shapes = [[7, 31, 19], [12, 33, 257], [145, 65, 40], [73, 17, 513], [6, 32, 16], [150, 100, 30]];
        ForEachKernel(() =>
        {
            foreach (int[] s in shapes)
            {
                foreach (bool ta in new[] { false, true })
                {
                    foreach (bool tb in new[] { false, true })
                    {
                        Case.Make(ta, tb, s[0], s[1], s[2], accumulate: tb, pad: 2, alpha: ta ? 1.0 : 1.5, seed: (ulong)s[0]).Check();
                    }
                }
            }
        }, portable: true);
    }

    [Fact]
    public void Matches_naive_loop_on_generated_shapes()
    {
        Gen<Case> cases =
            from ta in ArbMap.Default.GeneratorFor<bool>()
            from tb in ArbMap.Default.GeneratorFor<bool>()
            from acc in ArbMap.Default.GeneratorFor<bool>()
            from m in Gen.Choose(1, 160)
            from n in Gen.Choose(1, 160)
            from k in Gen.Choose(1, 300)
            from pad in Gen.Choose(0, 5)
            from alpha in Gen.Elements(1.0, 0.5, -2.0)
            from seed in Gen.Choose(0, 1_000_000)
            select Case.Make(ta, tb, m, n, k, acc, pad, alpha, (ulong)seed);
        Prop.ForAll(cases.ToArbitrary(), c => c.Check()).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Zero_depth_clears_or_keeps_the_output()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Multiply(false, false, 2, 2, 0, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 2, c, 2, accumulate: true);
        c.Should().Equal(1, 2, 3, 4);
        Gemm.Multiply(false, false, 2, 2, 0, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 2, c, 2, accumulate: false);
        c.Should().Equal(0, 0, 0, 0);
    }

    [Fact]
    public void Overwrite_ignores_previous_NaN_in_output()
    {
        foreach (int size in new[] { 4, 40 })
        {
            var a = new float[size * size];
            var b = new float[size * size];
            var c = new float[size * size];
            Array.Fill(a, 1f);
            Array.Fill(b, 2f);
            Array.Fill(c, float.NaN);
            Gemm.Multiply(false, false, size, size, size, a, size, b, size, c, size, accumulate: false);
            c.Should().AllSatisfy(x => x.Should().Be(2f * size));
        }
    }

    [Fact]
    public void Rejects_bad_arguments()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];
        FluentActions.Invoking(() => Gemm.Multiply(false, false, 2, 2, 3, a, 2, b, 2, c, 2, false))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("lda");
        FluentActions.Invoking(() => Gemm.Multiply(false, false, 2, 2, 3, a, 3, b, 2, new float[3], 2, false))
            .Should().Throw<ArgumentException>().WithParameterName("c");
        FluentActions.Invoking(() => Gemm.Multiply(false, true, 2, 2, 3, a, 3, b, 2, c, 2, false))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ldb");
        FluentActions.Invoking(() => Gemm.Multiply(false, false, 2, 2, 3, a, 3, new float[5], 2, c, 2, false))
            .Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Gemm.Multiply(false, false, 2, 2, 3, a, 3, a, 2, a.AsSpan(), 2, false))
            .Should().Throw<ArgumentException>().WithParameterName("c");
        FluentActions.Invoking(() => Gemm.Multiply(false, false, -1, 2, 3, a, 3, b, 2, c, 2, false))
            .Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Small_products_do_not_allocate()
    {
        var a = new float[64 * 64];
        var b = new float[64 * 64];
        var c = new float[64 * 64];
        int saved = EngineSettings.MaxDegreeOfParallelism;
        try
        {
            EngineSettings.MaxDegreeOfParallelism = 1;
            foreach ((int m, int n, int k) in new[] { (64, 64, 64), (4, 5, 5), (64, 5, 64), (64, 1, 64), (3, 40, 20) })
            {
                Gemm.Multiply(false, true, m, n, k, a, k, b, k, c, n, false); // warm up thread-local buffers
                Gemm.Multiply(true, false, m, n, k, a, m, b, n, c, n, false);
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 10; i++)
                {
                    Gemm.Multiply(false, true, m, n, k, a, k, b, k, c, n, false);
                    Gemm.Multiply(true, false, m, n, k, a, m, b, n, c, n, true);
                }

                (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0, $"{m}x{n}x{k} should not allocate");
            }
        }
        finally
        {
            EngineSettings.MaxDegreeOfParallelism = saved;
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Results_are_bitwise_identical_for_any_thread_count(bool ta, bool tb)
    {
        const int m = 389, n = 301, k = 517;
        var a = new float[m * k];
        var b = new float[k * n];
        var ad = new double[m * k];
        var bd = new double[k * n];
        var rng = new Philox(42);
        rng.FillNormal(a);
        rng.FillNormal(b);
        rng.FillNormal(ad);
        rng.FillNormal(bd);
        int lda = ta ? m : k, ldb = tb ? k : n;
        int saved = EngineSettings.MaxDegreeOfParallelism;
        long savedThreshold = EngineSettings.ParallelThreshold;
        try
        {
            EngineSettings.ParallelThreshold = 0;
            float[]? firstF = null;
            double[]? firstD = null;
            foreach (int threads in new[] { 1, 2, 3, 5 })
            {
                EngineSettings.MaxDegreeOfParallelism = threads;
                var cf = new float[m * n];
                var cd = new double[m * n];
                Array.Fill(cf, 0.25f);
                Array.Fill(cd, 0.25);
                Gemm.Multiply(ta, tb, m, n, k, 0.5f, a, lda, b, ldb, cf, n, accumulate: true);
                Gemm.Multiply(ta, tb, m, n, k, ad, lda, bd, ldb, cd, n, accumulate: false);
                firstF ??= cf;
                firstD ??= cd;
                cf.AsSpan().SequenceEqual(firstF).Should().BeTrue($"float with {threads} threads");
                cd.AsSpan().SequenceEqual(firstD).Should().BeTrue($"double with {threads} threads");
            }

            // The AVX2 kernel too.
            ForEachKernel(() =>
            {
                float[]? first = null;
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    EngineSettings.MaxDegreeOfParallelism = threads;
                    var cf = new float[m * n];
                    Gemm.Multiply(ta, tb, m, n, k, a, lda, b, ldb, cf, n, accumulate: false);
                    first ??= cf;
                    cf.AsSpan().SequenceEqual(first).Should().BeTrue($"float with {threads} threads");
                }
            });

            // Wide-and-short products are split over columns instead of rows.
            var a2 = new float[37 * 300];
            var b2 = new float[300 * 700];
            rng.FillUniform(a2);
            rng.FillUniform(b2);
            float[]? wide = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                EngineSettings.MaxDegreeOfParallelism = threads;
                var c = new float[37 * 700];
                Gemm.Multiply(false, false, 37, 700, 300, a2, 300, b2, 700, c, 700, accumulate: false);
                wide ??= c;
                c.AsSpan().SequenceEqual(wide).Should().BeTrue($"wide product with {threads} threads");
            }
        }
        finally
        {
            EngineSettings.MaxDegreeOfParallelism = saved;
            EngineSettings.ParallelThreshold = savedThreshold;
        }
    }

    /// <summary>
    /// A stored transposed (read in place by the micro-kernel, or packed), B stored transposed (packed by
    /// 4×4 register transposes) or not: the micro-kernel sees the same panels, so every layout must give
    /// the same bits. Shapes cover partial row slivers, partial column slivers, kc not a multiple of 4,
    /// several depth blocks (K &gt; 256) and several row blocks (M &gt; MC).
    /// </summary>
    [Fact]
    public void Operand_layouts_and_in_place_A_give_identical_bits()
    {
        int[][] shapes = [[64, 110, 100], [64, 100, 110], [110, 100, 64], [1024, 64, 64], [64, 64, 1024], [13, 37, 259], [150, 70, 7], [6, 16, 3]];
        ForEachKernel(() =>
        {
            foreach (int[] s in shapes)
            {
                LayoutsAgree<double>(s[0], s[1], s[2]);
                LayoutsAgree<float>(s[0], s[1], s[2]);
            }
        });
    }

    private static void LayoutsAgree<T>(int m, int n, int k)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Philox((ulong)((m * 7919) + (n * 31) + k));
        var ad = new double[m * k];
        var bd = new double[k * n];
        rng.FillNormal(ad);
        rng.FillNormal(bd);
        var a = Array.ConvertAll(ad, T.CreateTruncating);
        var b = Array.ConvertAll(bd, T.CreateTruncating);
        var at = new T[k * m];
        var bt = new T[n * k];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                at[(p * m) + i] = a[(i * k) + p];
            }
        }

        for (int p = 0; p < k; p++)
        {
            for (int j = 0; j < n; j++)
            {
                bt[(j * k) + p] = b[(p * n) + j];
            }
        }

        T[]? first = null;
        bool saved = GemmCore<T>.PackAlways;
        try
        {
            foreach (bool packAlways in new[] { true, false })
            {
                GemmCore<T>.PackAlways = packAlways;
                foreach (bool ta in new[] { false, true })
                {
                    foreach (bool tb in new[] { false, true })
                    {
                        var c = new T[m * n];
                        GemmCore<T>.Run(ta, tb, m, n, k, T.One, ta ? at : a, ta ? m : k, tb ? bt : b, tb ? k : n, c, n, accumulate: false);
                        first ??= c;
                        c.AsSpan().SequenceEqual(first).Should().BeTrue($"{typeof(T).Name} {m}x{n}x{k}, transA {ta}, transB {tb}, pack all of A {packAlways}");
                    }
                }
            }
        }
        finally
        {
            GemmCore<T>.PackAlways = saved;
        }
    }

    [Fact]
    public void Engine_settings_are_validated()
    {
        FluentActions.Invoking(() => EngineSettings.MaxDegreeOfParallelism = 0).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => EngineSettings.ParallelThreshold = -1).Should().Throw<ArgumentOutOfRangeException>();
        EngineSettings.MaxDegreeOfParallelism.Should().BeGreaterThanOrEqualTo(1);
    }
}
