using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralHjb.Kernels;

/// <summary>
/// The GEMM engine behind <see cref="Gemm"/>, generic over <c>float</c>/<c>double</c> (the JIT
/// specialises each instantiation, so the type tests below are free).
/// </summary>
/// <remarks>
/// Blocked algorithm (Goto/BLIS loop order): for each column panel <c>jc</c> (NC wide) and depth
/// block <c>pc</c> (KC deep), pack <c>op(B)[pc.., jc..]</c> into NR-wide slivers; for each row block
/// <c>ic</c> (MC tall) pack <c>op(A)[ic.., pc..]</c> into MR-tall slivers; then run the MR×NR
/// micro-kernel over every sliver pair. Each micro-kernel call starts from zero, sums its KC
/// products with FMA in increasing <c>p</c>, and then adds <c>alpha·acc</c> to C (or stores it for
/// the first depth block when not accumulating). The depth blocking and the tile grid are fixed by
/// the sizes, and threads only take whole MR-row (or NR-column) tiles, so every element's summation
/// order is independent of the thread count.
/// <para>
/// Shapes the blocked algorithm would waste lanes on take row-independent paths instead (chosen
/// from the sizes alone): <c>n = 1</c> without transposed A → one FMA dot product per row;
/// <c>n</c> ≤ one <see cref="Vector256{T}"/> → B packed into one zero-padded vector per <c>p</c>,
/// A read in place, four rows at a time, masked stores; at most <see cref="DirectWork"/>
/// multiply-adds, or <c>m = 1</c> → the unpacked direct loop (also the portable fallback).
/// </para>
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal static unsafe class GemmCore<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows of the Vector256 micro-tile.</summary>
    internal const int MR256 = 6;

    /// <summary>Rows of the Vector512 micro-tile.</summary>
    internal const int MR512 = 6;

    /// <summary>Depth of a packed block.</summary>
    internal const int KC = 256;

    /// <summary>Products with at most this many multiply-adds use the direct (unpacked) loop.</summary>
    internal const long DirectWork = 512;

    /// <summary>Chunks of the blocked product per thread (load balancing on shared cores).</summary>
    internal const int ChunksPerThread = 3;

    /// <summary>Lanes in one <see cref="Vector256{T}"/>.</summary>
    private static int W => Vector256<T>.Count;

    /// <summary>Rows of the micro-tile in use.</summary>
    internal static int MR => UseVector512 ? MR512 : MR256;

    /// <summary>Columns of the micro-tile in use: two vectors.</summary>
    internal static int NR => UseVector512 ? 2 * Vector512<T>.Count : 2 * Vector256<T>.Count;

    /// <summary>Height of a packed A block (a multiple of the micro-tile height).</summary>
    private static int MC(bool v512) => v512 ? 144 : (typeof(T) == typeof(float) ? 144 : 72);

    /// <summary>Width of a packed B panel (a multiple of the micro-tile width).</summary>
    internal static int NC => typeof(T) == typeof(float) ? 2048 : 1024;

    /// <summary>Whether the blocked FMA path is available on this machine.</summary>
    internal static bool BlockedSupported => Fma.IsSupported && Avx2.IsSupported && !PortableOnly;

    /// <summary>
    /// Gets or sets whether to use only the portable direct loop, as on machines without AVX2/FMA.
    /// Internal, for tests of that fallback.
    /// </summary>
    internal static bool PortableOnly { get; set; }

    /// <summary>
    /// Gets or sets whether the blocked path uses the AVX-512 micro-kernel (default: when AVX-512F
    /// is present). Internal, for tests and benchmarks that compare the two kernels.
    /// </summary>
    internal static bool UseVector512
    {
        get => s_use512;
        set => s_use512 = value && Avx512F.IsSupported;
    }

    private static bool s_use512 = Avx512F.IsSupported;

    /// <summary>
    /// Gets or sets whether the blocked path packs every sliver of A and B instead of reading full
    /// slivers in place; internal, for tests that compare the two layouts bit for bit.
    /// </summary>
    internal static bool PackAlways { get; set; }

    [ThreadStatic] private static T[]? t_packA;
    [ThreadStatic] private static T[]? t_packB;
    [ThreadStatic] private static T[]? t_column;

    /// <summary>Everything one worker needs; pointers stay valid because the caller keeps the spans pinned.</summary>
    private struct Args
    {
        public T* A;
        public T* B;
        public T* C;
        public int Lda, Ldb, Ldc, M, N, K;
        public T Alpha;
        public bool TransA, TransB, Accumulate;
        public bool V512;
        public int Mr, Nr;
        public T* Packed;
    }

    /// <summary>Validates the arguments and computes the product; see <see cref="Gemm"/>.</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        CheckMatrix(a.Length, transA ? k : m, transA ? m : k, lda, nameof(a), nameof(lda));
        CheckMatrix(b.Length, transB ? n : k, transB ? k : n, ldb, nameof(b), nameof(ldb));
        CheckMatrix(c.Length, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }

            return;
        }

        Span<T> cUsed = c.Slice(0, ((m - 1) * ldc) + n);
        if (cUsed.Overlaps(a) || cUsed.Overlaps(b))
        {
            throw new ArgumentException("The output matrix must not overlap the inputs.", nameof(c));
        }

        fixed (T* pa = a, pb = b, pc = c)
        {
            var args = new Args
            {
                A = pa, B = pb, C = pc, Lda = lda, Ldb = ldb, Ldc = ldc, M = m, N = n, K = k,
                Alpha = alpha, TransA = transA, TransB = transB, Accumulate = accumulate,
            };
            args.V512 = UseVector512;
            args.Mr = args.V512 ? MR512 : MR256;
            args.Nr = args.V512 ? 2 * Vector512<T>.Count : 2 * Vector256<T>.Count;
            long work = (long)m * n * k;
            int threads = work >= EngineSettings.ParallelThreshold ? EngineSettings.MaxDegreeOfParallelism : 1;
            RowPath path = !BlockedSupported ? RowPath.Direct
                : n == 1 && !transA ? RowPath.Gemv
                : n <= Vector256<T>.Count ? RowPath.Narrow
                : m == 1 || work <= DirectWork ? RowPath.Direct
                : RowPath.None;
            if (path != RowPath.None)
            {
                // Row-independent paths: B (a column or a narrow panel) is prepared once here.
                T[]? keep = PrepareRows(ref args, path);
                threads = Math.Min(threads, (m + 15) / 16);
                if (threads <= 1)
                {
                    Rows(in args, path, 0, m);
                }
                else
                {
                    RowsParallel(args, path, threads);
                }

                GC.KeepAlive(keep);
                return;
            }

            bool splitRows = m >= n;
            int tiles = splitRows ? (m + args.Mr - 1) / args.Mr : (n + args.Nr - 1) / args.Nr;
            threads = Math.Min(threads, tiles);
            if (threads <= 1)
            {
                Blocked(in args, 0, m, 0, n);
            }
            else
            {
                // A few chunks per thread, handed out dynamically, so that a core taken by another
                // process does not leave the other waiting; each chunk keeps at least 8 tiles so the
                // B panel it packs for itself stays a small part of its work.
                int chunks = Math.Max(threads, Math.Min(threads * ChunksPerThread, tiles / 8));
                BlockedParallel(args, chunks, splitRows);
            }
        }
    }

    // The lambdas live in their own methods so that the closure is allocated only on the parallel path.
    private static void RowsParallel(Args args, RowPath path, int threads)
        => Parallel.For(0, threads, EngineSettings.ParallelOptions, t =>
        {
            (int r0, int r1) = Range(args.M, 1, threads, t);
            Rows(in args, path, r0, r1);
        });

    /// <summary>Algorithms that compute each row of C independently of the others.</summary>
    private enum RowPath
    {
        /// <summary>Not a row path: use the blocked algorithm.</summary>
        None,

        /// <summary>Unpacked loops (tiny products, single rows, machines without AVX2/FMA).</summary>
        Direct,

        /// <summary>n = 1 with A not transposed: one dot product per row.</summary>
        Gemv,

        /// <summary>n at most one <see cref="Vector256{T}"/>: B packed into one zero-padded vector per p.</summary>
        Narrow,
    }

    private static void Rows(in Args g, RowPath path, int r0, int r1)
    {
        switch (path)
        {
            case RowPath.Gemv:
                Gemv(in g, r0, r1);
                break;
            case RowPath.Narrow:
                Narrow(in g, r0, r1);
                break;
            default:
                Direct(in g, r0, r1);
                break;
        }
    }

    /// <summary>Packs what the row paths share (into <see cref="Args.Packed"/>); returns the array to keep alive.</summary>
    private static T[]? PrepareRows(ref Args g, RowPath path)
    {
        if (path == RowPath.Gemv)
        {
            // op(B)[p, 0] = b[p] (transposed, or stride 1) or b[p·ldb].
            if (g.TransB || g.Ldb == 1)
            {
                g.Packed = g.B;
                return null;
            }

            T[]? array = t_column;
            T* column = Buffer(ref array, g.K);
            t_column = array;
            for (int p = 0; p < g.K; p++)
            {
                column[p] = g.B[(nint)p * g.Ldb];
            }

            g.Packed = column;
            return array;
        }

        if (path == RowPath.Narrow)
        {
            int w = Vector256<T>.Count;
            T[]? array = t_packB;
            T* panel = Buffer(ref array, g.K * w);
            t_packB = array;
            for (int p = 0; p < g.K; p++)
            {
                T* d = panel + ((nint)p * w);
                for (int j = 0; j < w; j++)
                {
                    d[j] = j >= g.N ? T.Zero : g.TransB ? g.B[((nint)j * g.Ldb) + p] : g.B[((nint)p * g.Ldb) + j];
                }
            }

            g.Packed = panel;
            return array;
        }

        return null;
    }

    /// <summary>C[i, 0] (+)= alpha·dot(A[i, :], column) for rows [r0, r1): four FMA accumulators, then a fixed-order reduction.</summary>
    private static void Gemv(in Args g, int r0, int r1)
    {
        int k = g.K, w = Vector256<T>.Count;
        T* x = g.Packed;
        for (int i = r0; i < r1; i++)
        {
            T* a = g.A + ((nint)i * g.Lda);
            Vector256<T> s0 = default, s1 = default, s2 = default, s3 = default;
            int p = 0;
            for (; p <= k - (4 * w); p += 4 * w)
            {
                s0 = MulAdd(Vector256.Load(a + p), Vector256.Load(x + p), s0);
                s1 = MulAdd(Vector256.Load(a + p + w), Vector256.Load(x + p + w), s1);
                s2 = MulAdd(Vector256.Load(a + p + (2 * w)), Vector256.Load(x + p + (2 * w)), s2);
                s3 = MulAdd(Vector256.Load(a + p + (3 * w)), Vector256.Load(x + p + (3 * w)), s3);
            }

            for (; p <= k - w; p += w)
            {
                s0 = MulAdd(Vector256.Load(a + p), Vector256.Load(x + p), s0);
            }

            T sum = Vector256.Sum((s0 + s1) + (s2 + s3));
            for (; p < k; p++)
            {
                sum += a[p] * x[p];
            }

            T* c = g.C + ((nint)i * g.Ldc);
            T v = g.Alpha == T.One ? sum : g.Alpha * sum;
            *c = g.Accumulate ? *c + v : v;
        }
    }

    /// <summary>
    /// n ≤ one vector: acc_i = Σ_p broadcast(op(A)[i, p])·panel[p] (FMA, increasing p), four rows at a
    /// time, A read in place; the last partial vector of C is read and written with masks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow(in Args g, int r0, int r1)
    {
        int k = g.K, w = Vector256<T>.Count;
        T* panel = g.Packed;
        nint lda = g.Lda, ldc = g.Ldc;
        Vector256<T> mask = Vector256.LessThan(Vector256<T>.Indices, Vector256.Create(T.CreateTruncating(g.N)));
        Vector256<T> alpha = Vector256.Create(g.Alpha);
        bool scale = g.Alpha != T.One, overwrite = !g.Accumulate, full = g.N == w;
        int i = r0;
        for (; i <= r1 - 4; i += 4)
        {
            Vector256<T> c0 = default, c1 = default, c2 = default, c3 = default;
            T* bp = panel;
            if (g.TransA)
            {
                T* a = g.A + i;
                for (int p = 0; p < k; p++)
                {
                    Vector256<T> bv = Vector256.Load(bp);
                    c0 = MulAdd(Vector256.Create(a[0]), bv, c0);
                    c1 = MulAdd(Vector256.Create(a[1]), bv, c1);
                    c2 = MulAdd(Vector256.Create(a[2]), bv, c2);
                    c3 = MulAdd(Vector256.Create(a[3]), bv, c3);
                    a += lda;
                    bp += w;
                }
            }
            else
            {
                T* a = g.A + ((nint)i * lda);
                for (int p = 0; p < k; p++)
                {
                    Vector256<T> bv = Vector256.Load(bp);
                    c0 = MulAdd(Vector256.Create(a[p]), bv, c0);
                    c1 = MulAdd(Vector256.Create(a[lda + p]), bv, c1);
                    c2 = MulAdd(Vector256.Create(a[(2 * lda) + p]), bv, c2);
                    c3 = MulAdd(Vector256.Create(a[(3 * lda) + p]), bv, c3);
                    bp += w;
                }
            }

            T* c = g.C + ((nint)i * ldc);
            StoreNarrow(c, c0, mask, alpha, scale, overwrite, full);
            StoreNarrow(c + ldc, c1, mask, alpha, scale, overwrite, full);
            StoreNarrow(c + (2 * ldc), c2, mask, alpha, scale, overwrite, full);
            StoreNarrow(c + (3 * ldc), c3, mask, alpha, scale, overwrite, full);
        }

        for (; i < r1; i++)
        {
            Vector256<T> c0 = default;
            T* bp = panel;
            T* a = g.TransA ? g.A + i : g.A + ((nint)i * lda);
            nint step = g.TransA ? lda : 1;
            for (int p = 0; p < k; p++)
            {
                c0 = MulAdd(Vector256.Create(*a), Vector256.Load(bp), c0);
                a += step;
                bp += w;
            }

            StoreNarrow(g.C + ((nint)i * ldc), c0, mask, alpha, scale, overwrite, full);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreNarrow(T* c, Vector256<T> acc, Vector256<T> mask, Vector256<T> alpha, bool scale, bool overwrite, bool full)
    {
        if (scale)
        {
            acc *= alpha;
        }

        if (full)
        {
            if (!overwrite)
            {
                acc += Vector256.Load(c);
            }

            Vector256.Store(acc, c);
        }
        else if (typeof(T) == typeof(float))
        {
            float* f = (float*)c;
            Vector256<float> v = acc.AsSingle(), mk = mask.AsSingle();
            if (!overwrite)
            {
                v += Avx.MaskLoad(f, mk);
            }

            Avx.MaskStore(f, mk, v);
        }
        else
        {
            double* d = (double*)c;
            Vector256<double> v = acc.AsDouble(), mk = mask.AsDouble();
            if (!overwrite)
            {
                v += Avx.MaskLoad(d, mk);
            }

            Avx.MaskStore(d, mk, v);
        }
    }

    private static void BlockedParallel(Args args, int chunks, bool splitRows)
        => Parallel.For(0, chunks, EngineSettings.ParallelOptions, t =>
        {
            if (splitRows)
            {
                (int r0, int r1) = Range(args.M, args.Mr, chunks, t);
                Blocked(in args, r0, r1, 0, args.N);
            }
            else
            {
                (int c0, int c1) = Range(args.N, args.Nr, chunks, t);
                Blocked(in args, 0, args.M, c0, c1);
            }
        });

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of [0, length), cut at multiples of <paramref name="grain"/>.</summary>
    private static (int Start, int End) Range(int length, int grain, int parts, int part)
    {
        int units = (length + grain - 1) / grain;
        int u0 = (int)((long)units * part / parts);
        int u1 = (int)((long)units * (part + 1) / parts);
        return (Math.Min(length, u0 * grain), Math.Min(length, u1 * grain));
    }

    private static void CheckMatrix(int length, int rows, int cols, int ld, string name, string ldName)
    {
        if (ld < Math.Max(1, cols))
        {
            throw new ArgumentOutOfRangeException(ldName, ld, $"The leading dimension must be at least max(1, {cols}).");
        }

        if (rows > 0 && cols > 0 && length < ((long)(rows - 1) * ld) + cols)
        {
            throw new ArgumentException($"The span holds {length} elements; a {rows}×{cols} matrix with leading dimension {ld} needs {((long)(rows - 1) * ld) + cols}.", name);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Direct path: tiny products, and the portable fallback when AVX2/FMA are absent.
    // ------------------------------------------------------------------------------------------

    /// <summary>Computes rows [r0, r1) of C without packing.</summary>
    private static void Direct(in Args g, int r0, int r1)
    {
        int n = g.N, k = g.K;
        T alpha = g.Alpha;
        if (!g.TransB)
        {
            // C[i,:] (+)= sum_p (alpha·A[i,p]) · B[p,:]  — an axpy per p over contiguous rows.
            for (int i = r0; i < r1; i++)
            {
                T* crow = g.C + ((nint)i * g.Ldc);
                if (!g.Accumulate)
                {
                    new Span<T>(crow, n).Clear();
                }

                for (int p = 0; p < k; p++)
                {
                    T s = alpha * (g.TransA ? g.A[((nint)p * g.Lda) + i] : g.A[((nint)i * g.Lda) + p]);
                    Axpy(crow, g.B + ((nint)p * g.Ldb), s, n);
                }
            }

            return;
        }

        // C[i,j] (+)= alpha · dot(op(A)[i,:], B[j,:]) with B's rows contiguous.
        T* column = null;
        T[]? columnArray = null;
        if (g.TransA)
        {
            columnArray = t_column;
            if (columnArray is null || columnArray.Length < k)
            {
                columnArray = GC.AllocateUninitializedArray<T>(Math.Max(k, 256), pinned: true);
                t_column = columnArray;
            }

            column = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(columnArray));
        }

        for (int i = r0; i < r1; i++)
        {
            T* arow;
            if (g.TransA)
            {
                for (int p = 0; p < k; p++)
                {
                    column[p] = g.A[((nint)p * g.Lda) + i];
                }

                arow = column;
            }
            else
            {
                arow = g.A + ((nint)i * g.Lda);
            }

            T* crow = g.C + ((nint)i * g.Ldc);
            for (int j = 0; j < n; j++)
            {
                T d = alpha * Dot(arow, g.B + ((nint)j * g.Ldb), k);
                crow[j] = g.Accumulate ? crow[j] + d : d;
            }
        }

        GC.KeepAlive(columnArray);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(T* y, T* x, T s, int n)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            var sv = new Vector<T>(s);
            for (; j <= n - Vector<T>.Count; j += Vector<T>.Count)
            {
                Vector.Store(Vector.Load(y + j) + (sv * Vector.Load(x + j)), y + j);
            }
        }

        for (; j < n; j++)
        {
            y[j] += s * x[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Dot(T* x, T* y, int n)
    {
        int j = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && n >= Vector<T>.Count)
        {
            Vector<T> acc = Vector<T>.Zero;
            for (; j <= n - Vector<T>.Count; j += Vector<T>.Count)
            {
                acc += Vector.Load(x + j) * Vector.Load(y + j);
            }

            sum = Vector.Sum(acc);
        }

        for (; j < n; j++)
        {
            sum += x[j] * y[j];
        }

        return sum;
    }

    // ------------------------------------------------------------------------------------------
    // Blocked path.
    // ------------------------------------------------------------------------------------------

    private static T* Buffer(ref T[]? array, int count)
    {
        int pad = 64 / sizeof(T);
        if (array is null || array.Length < count + pad)
        {
            array = GC.AllocateUninitializedArray<T>(count + pad, pinned: true);
        }

        nint p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (T*)((p + 63) & ~(nint)63);
    }

    /// <summary>Computes the block C[m0..m1, n0..n1) (m0 a multiple of MR, n0 of NR).</summary>
    /// <remarks>
    /// Full MR-row slivers of A, and full NR-column slivers of a B that is not transposed, are read in
    /// place by the micro-kernel (a row offset and per-p steps say where op(A)[r, p] and B[p, j] live)
    /// unless <see cref="PackAlways"/>; only partial slivers at the edges are packed (zeros past the
    /// edge), and a transposed B is always packed. The kernel does the same FMAs in the same order
    /// either way, so the results are bitwise identical. Skipping the copies matters for the small
    /// products of small networks: with B 64–110 wide each packed A sliver served only a few
    /// micro-kernel calls, and with A 64 rows tall each packed B sliver only about ten.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked(in Args g, int m0, int m1, int n0, int n1)
    {
        int nr = g.Nr, mr = g.Mr, mcBlock = MC(g.V512);
        int ncMax = Math.Min(NC, ((n1 - n0 + nr - 1) / nr) * nr);
        int kcMax = Math.Min(KC, g.K);
        int mcMax = Math.Min(mcBlock, ((m1 - m0 + mr - 1) / mr) * mr);
        T* packB = Buffer(ref t_packB, kcMax * ncMax);
        T* packA = Buffer(ref t_packA, kcMax * mcMax);
        T* tile = stackalloc T[MaxTile];
        bool scale = g.Alpha != T.One;
        bool inPlace = !PackAlways;
        bool inPlaceB = inPlace && !g.TransB;

        // op(A)[r, p] of a sliver read in place is at a + r·aRow + p·aStep (a: its first element).
        nint aRow = g.TransA ? 1 : g.Lda;
        nint aStep = g.TransA ? g.Lda : 1;

        for (int jc = n0; jc < n1; jc += NC)
        {
            int nc = Math.Min(NC, n1 - jc);
            for (int pc = 0; pc < g.K; pc += KC)
            {
                int kc = Math.Min(KC, g.K - pc);
                bool overwrite = pc == 0 && !g.Accumulate;
                PackB(in g, pc, kc, jc, nc, packB, inPlaceB);
                for (int ic = m0; ic < m1; ic += mcBlock)
                {
                    int mc = Math.Min(mcBlock, m1 - ic);
                    if (inPlace)
                    {
                        // Only the partial sliver at the bottom edge (if any) is packed.
                        int fullRows = mc / mr * mr;
                        if (fullRows < mc)
                        {
                            PackA(in g, ic + fullRows, mc - fullRows, pc, kc, packA + ((nint)fullRows * kc));
                        }
                    }
                    else
                    {
                        PackA(in g, ic, mc, pc, kc, packA);
                    }

                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int ncols = Math.Min(nr, nc - jr);
                        bool bInPlace = inPlaceB && ncols == nr;
                        T* bs = bInPlace ? g.B + ((nint)pc * g.Ldb) + jc + jr : packB + ((nint)jr * kc);
                        nint bStep = bInPlace ? g.Ldb : nr;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            int nrows = Math.Min(mr, mc - ir);
                            T* a;
                            nint row, step;
                            if (inPlace && nrows == mr)
                            {
                                a = g.TransA ? g.A + ((nint)pc * g.Lda) + ic + ir : g.A + ((nint)(ic + ir) * g.Lda) + pc;
                                row = aRow;
                                step = aStep;
                            }
                            else
                            {
                                a = packA + ((nint)ir * kc);
                                row = 1;
                                step = mr;
                            }

                            T* c = g.C + ((nint)(ic + ir) * g.Ldc) + jc + jr;
                            if (nrows == mr && ncols == nr)
                            {
                                if (g.V512)
                                {
                                    Kernel512(kc, a, row, step, bs, bStep, c, g.Ldc, g.Alpha, scale, overwrite);
                                }
                                else
                                {
                                    Kernel256(kc, a, row, step, bs, bStep, c, g.Ldc, g.Alpha, scale, overwrite);
                                }
                            }
                            else
                            {
                                if (g.V512)
                                {
                                    Kernel512(kc, a, row, step, bs, bStep, tile, nr, T.One, false, true);
                                }
                                else
                                {
                                    Kernel256(kc, a, row, step, bs, bStep, tile, nr, T.One, false, true);
                                }

                                for (int r = 0; r < nrows; r++)
                                {
                                    T* crow = c + ((nint)r * g.Ldc);
                                    T* trow = tile + (r * nr);
                                    for (int j = 0; j < ncols; j++)
                                    {
                                        T v = scale ? g.Alpha * trow[j] : trow[j];
                                        crow[j] = overwrite ? v : crow[j] + v;
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Elements of the largest micro-tile.</summary>
    private static int MaxTile => Math.Max(MR256 * 2 * Vector256<T>.Count, MR512 * 2 * Vector512<T>.Count);

    /// <summary>
    /// Packs op(B)[pc..pc+kc, jc..jc+nc) into NR-wide slivers: sliver s holds, for each p, the NR
    /// values op(B)[pc+p, jc+s·NR ..] contiguously; columns past the edge are zero. With
    /// <paramref name="skipFull"/> (B not transposed, read in place) only a partial sliver is packed.
    /// </summary>
    private static void PackB(in Args g, int pc, int kc, int jc, int nc, T* dst, bool skipFull)
    {
        int nr = g.Nr;
        for (int js = 0; js < nc; js += nr)
        {
            int cols = Math.Min(nr, nc - js);
            T* d = dst + ((nint)js * kc);
            if (!g.TransB)
            {
                if (skipFull && cols == nr)
                {
                    continue;
                }

                // Whole vectors while they fit in the sliver's columns, then element by element, then zeros.
                T* src = g.B + ((nint)pc * g.Ldb) + jc + js;
                int vec = cols / W * W;
                for (int p = 0; p < kc; p++)
                {
                    int j = 0;
                    for (; j < vec; j += W)
                    {
                        Vector256.Store(Vector256.Load(src + j), d + j);
                    }

                    for (; j < cols; j++)
                    {
                        d[j] = src[j];
                    }

                    for (; j < nr && (j & (W - 1)) != 0; j++)
                    {
                        d[j] = T.Zero;
                    }

                    for (; j < nr; j += W)
                    {
                        Vector256.Store(Vector256<T>.Zero, d + j);
                    }

                    src += g.Ldb;
                    d += nr;
                }
            }
            else
            {
                // op(B)[p, j] = b[j·ldb + p]: groups of four stored rows (contiguous in p) as 4×4 blocks
                // transposed in registers (the last p < 4 one by one), remaining columns one by one, then zeros.
                int p4 = kc & ~3;
                int j = 0;
                for (; j + 4 <= cols; j += 4)
                {
                    T* src = g.B + ((nint)(jc + js + j) * g.Ldb) + pc;

                    // The next four stored rows, a cache line at a time: each row is only a few lines long, too
                    // short for the hardware prefetcher to pick up (weights come from far caches in a forward pass).
                    T* next = src + (4 * g.Ldb);
                    int lineStep = 64 / sizeof(T);
                    for (int p = 0; p < p4; p += 4)
                    {
                        if ((p & (lineStep - 1)) == 0)
                        {
                            Sse.Prefetch0(next + p);
                            Sse.Prefetch0(next + g.Ldb + p);
                            Sse.Prefetch0(next + (2 * g.Ldb) + p);
                            Sse.Prefetch0(next + (3 * g.Ldb) + p);
                        }

                        Transpose4(src + p, g.Ldb, d + ((nint)p * nr) + j, nr);
                    }

                    for (int p = p4; p < kc; p++)
                    {
                        T* o = d + ((nint)p * nr) + j;
                        o[0] = src[p];
                        o[1] = src[g.Ldb + p];
                        o[2] = src[(2 * g.Ldb) + p];
                        o[3] = src[(3 * g.Ldb) + p];
                    }
                }

                for (; j < cols; j++)
                {
                    T* src = g.B + ((nint)(jc + js + j) * g.Ldb) + pc;
                    for (int p = 0; p < kc; p++)
                    {
                        d[((nint)p * nr) + j] = src[p];
                    }
                }

                if (cols < nr)
                {
                    // Zero columns past the edge, row by row (contiguous stores).
                    int z = Math.Min(nr, (cols + W - 1) / W * W);
                    for (int p = 0; p < kc; p++)
                    {
                        T* o = d + ((nint)p * nr);
                        for (int jz = cols; jz < z; jz++)
                        {
                            o[jz] = T.Zero;
                        }

                        for (int jz = z; jz < nr; jz += W)
                        {
                            Vector256.Store(Vector256<T>.Zero, o + jz);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes the transpose of the 4×4 block whose rows start at <paramref name="src"/> (stride
    /// <paramref name="ld"/>): dst[q·<paramref name="ldd"/> + t] = src[t·ld + q]. Pure data movement.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(T* src, nint ld, T* dst, nint ldd)
    {
        if (typeof(T) == typeof(double))
        {
            double* s = (double*)src, o = (double*)dst;
            Vector256<double> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + ld);
            Vector256<double> r2 = Avx.LoadVector256(s + (2 * ld)), r3 = Avx.LoadVector256(s + (3 * ld));
            Vector256<double> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<double> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Avx.Store(o, Avx.Permute2x128(t0, t2, 0x20));
            Avx.Store(o + ldd, Avx.Permute2x128(t1, t3, 0x20));
            Avx.Store(o + (2 * ldd), Avx.Permute2x128(t0, t2, 0x31));
            Avx.Store(o + (3 * ldd), Avx.Permute2x128(t1, t3, 0x31));
        }
        else
        {
            float* s = (float*)src, o = (float*)dst;
            Vector128<float> r0 = Sse.LoadVector128(s), r1 = Sse.LoadVector128(s + ld);
            Vector128<float> r2 = Sse.LoadVector128(s + (2 * ld)), r3 = Sse.LoadVector128(s + (3 * ld));
            Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackHigh(r0, r1);
            Vector128<float> t2 = Sse.UnpackLow(r2, r3), t3 = Sse.UnpackHigh(r2, r3);
            Sse.Store(o, Sse.MoveLowToHigh(t0, t2));
            Sse.Store(o + ldd, Sse.MoveHighToLow(t2, t0));
            Sse.Store(o + (2 * ldd), Sse.MoveLowToHigh(t1, t3));
            Sse.Store(o + (3 * ldd), Sse.MoveHighToLow(t3, t1));
        }
    }

    /// <summary>
    /// Packs op(A)[ic..ic+mc, pc..pc+kc) into MR-tall slivers: sliver s holds, for each p, the MR
    /// values op(A)[ic+s·MR .., pc+p] contiguously; rows past the edge are zero.
    /// </summary>
    private static void PackA(in Args g, int ic, int mc, int pc, int kc, T* dst)
    {
        int mr = g.Mr;
        for (int is_ = 0; is_ < mc; is_ += mr)
        {
            int rows = Math.Min(mr, mc - is_);
            T* d = dst + ((nint)is_ * kc);
            if (g.TransA)
            {
                // op(A)[i, p] = a[p·lda + i]: mr contiguous values per p.
                T* src = g.A + ((nint)pc * g.Lda) + ic + is_;
                for (int p = 0; p < kc; p++)
                {
                    int r = 0;
                    for (; r < rows; r++)
                    {
                        d[r] = src[r];
                    }

                    for (; r < mr; r++)
                    {
                        d[r] = T.Zero;
                    }

                    src += g.Lda;
                    d += mr;
                }
            }
            else
            {
                for (int r = 0; r < mr; r++)
                {
                    if (r < rows)
                    {
                        T* src = g.A + ((nint)(ic + is_ + r) * g.Lda) + pc;
                        for (int p = 0; p < kc; p++)
                        {
                            d[((nint)p * mr) + r] = src[p];
                        }
                    }
                    else
                    {
                        for (int p = 0; p < kc; p++)
                        {
                            d[((nint)p * mr) + r] = T.Zero;
                        }
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MulAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MulAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        if (typeof(T) == typeof(float))
        {
            return Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }

        return Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, Vector512<T> x0, Vector512<T> x1, Vector512<T> alpha, bool scale, bool overwrite)
    {
        if (scale)
        {
            x0 *= alpha;
            x1 *= alpha;
        }

        if (!overwrite)
        {
            x0 += Vector512.Load(c);
            x1 += Vector512.Load(c + Vector512<T>.Count);
        }

        Vector512.Store(x0, c);
        Vector512.Store(x1, c + Vector512<T>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T* c, Vector256<T> x0, Vector256<T> x1, Vector256<T> alpha, bool scale, bool overwrite)
    {
        if (scale)
        {
            x0 *= alpha;
            x1 *= alpha;
        }

        if (!overwrite)
        {
            x0 += Vector256.Load(c);
            x1 += Vector256.Load(c + Vector256<T>.Count);
        }

        Vector256.Store(x0, c);
        Vector256.Store(x1, c + Vector256<T>.Count);
    }

    /// <summary>
    /// The MR×NR micro-kernel: acc = Σ_p a[p·step + r·row]·b[p·bStep + j] (FMA, increasing p), then
    /// C[r, j] = alpha·acc (overwrite) or C[r, j] + alpha·acc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, T* a, nint row, nint step, T* b, nint bStep, T* c, nint ldc, T alpha, bool scale, bool overwrite)
    {
        int w = Vector256<T>.Count;
        nint r2 = 2 * row, r3 = 3 * row, r4 = 4 * row, r5 = 5 * row;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.Load(b);
            Vector256<T> b1 = Vector256.Load(b + w);
            Vector256<T> av = Vector256.Create(a[0]);
            c00 = MulAdd(av, b0, c00);
            c01 = MulAdd(av, b1, c01);
            av = Vector256.Create(a[row]);
            c10 = MulAdd(av, b0, c10);
            c11 = MulAdd(av, b1, c11);
            av = Vector256.Create(a[r2]);
            c20 = MulAdd(av, b0, c20);
            c21 = MulAdd(av, b1, c21);
            av = Vector256.Create(a[r3]);
            c30 = MulAdd(av, b0, c30);
            c31 = MulAdd(av, b1, c31);
            av = Vector256.Create(a[r4]);
            c40 = MulAdd(av, b0, c40);
            c41 = MulAdd(av, b1, c41);
            av = Vector256.Create(a[r5]);
            c50 = MulAdd(av, b0, c50);
            c51 = MulAdd(av, b1, c51);
            a += step;
            b += bStep;
        }

        Vector256<T> al = Vector256.Create(alpha);
        StoreRow(c, c00, c01, al, scale, overwrite);
        StoreRow(c + ldc, c10, c11, al, scale, overwrite);
        StoreRow(c + (2 * ldc), c20, c21, al, scale, overwrite);
        StoreRow(c + (3 * ldc), c30, c31, al, scale, overwrite);
        StoreRow(c + (4 * ldc), c40, c41, al, scale, overwrite);
        StoreRow(c + (5 * ldc), c50, c51, al, scale, overwrite);
    }

    /// <summary>
    /// The 6×(2·<see cref="Vector512{T}"/>) AVX-512 micro-kernel: acc = Σ_p a[p·step + r·row]·b[p·bStep + j]
    /// (FMA, increasing p), then C[r, j] = alpha·acc (overwrite) or C[r, j] + alpha·acc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, T* a, nint row, nint step, T* b, nint bStep, T* c, nint ldc, T alpha, bool scale, bool overwrite)
    {
        int w = Vector512<T>.Count;
        nint r2 = 2 * row, r3 = 3 * row, r4 = 4 * row, r5 = 5 * row;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<T> b0 = Vector512.Load(b);
            Vector512<T> b1 = Vector512.Load(b + w);
            Vector512<T> av = Vector512.Create(a[0]);
            c00 = MulAdd(av, b0, c00);
            c01 = MulAdd(av, b1, c01);
            av = Vector512.Create(a[row]);
            c10 = MulAdd(av, b0, c10);
            c11 = MulAdd(av, b1, c11);
            av = Vector512.Create(a[r2]);
            c20 = MulAdd(av, b0, c20);
            c21 = MulAdd(av, b1, c21);
            av = Vector512.Create(a[r3]);
            c30 = MulAdd(av, b0, c30);
            c31 = MulAdd(av, b1, c31);
            av = Vector512.Create(a[r4]);
            c40 = MulAdd(av, b0, c40);
            c41 = MulAdd(av, b1, c41);
            av = Vector512.Create(a[r5]);
            c50 = MulAdd(av, b0, c50);
            c51 = MulAdd(av, b1, c51);
            a += step;
            b += bStep;
        }

        Vector512<T> al = Vector512.Create(alpha);
        StoreRow(c, c00, c01, al, scale, overwrite);
        StoreRow(c + ldc, c10, c11, al, scale, overwrite);
        StoreRow(c + (2 * ldc), c20, c21, al, scale, overwrite);
        StoreRow(c + (3 * ldc), c30, c31, al, scale, overwrite);
        StoreRow(c + (4 * ldc), c40, c41, al, scale, overwrite);
        StoreRow(c + (5 * ldc), c50, c51, al, scale, overwrite);
    }
}
