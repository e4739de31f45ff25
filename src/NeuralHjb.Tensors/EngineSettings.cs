namespace NeuralHjb;

/// <summary>
/// Process-wide settings of NeuralHjb's CPU tensor engine: how many cores large kernels may use
/// and how large a kernel must be before it is split across them.
/// </summary>
/// <remarks>
/// <para>
/// The settings are read at the start of every kernel call, so changing them takes effect for the
/// next operation. They are plain static values: set them once at start-up (for example from a
/// command-line option) rather than toggling them concurrently from several threads.
/// </para>
/// <para>
/// Results do not depend on these settings for the matrix multiply (<c>Gemm</c>) and for the
/// random-number fills: every output element is computed by the same sequence of floating-point
/// operations whatever the number of threads, so a computation is bitwise reproducible on a given
/// machine whether it runs on one core or many.
/// </para>
/// </remarks>
public static class EngineSettings
{
    /// <summary>The default of <see cref="ParallelThreshold"/>: 2^20 multiply-adds.</summary>
    public const long DefaultParallelThreshold = 1L << 20;

    private static volatile int s_maxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount);
    private static long s_parallelThreshold = DefaultParallelThreshold;
    private static ParallelOptions? s_options;

    /// <summary>
    /// Gets or sets the largest number of threads a single kernel may use. Defaults to
    /// <see cref="Environment.ProcessorCount"/>; <c>1</c> keeps every kernel on the calling thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegreeOfParallelism
    {
        get => s_maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_maxDegreeOfParallelism = value;
        }
    }

    /// <summary>
    /// Gets or sets the amount of work (in multiply-adds for the matrix multiply, in elements for
    /// element-wise kernels and random fills) below which a kernel stays single-threaded, because
    /// handing work to other cores would cost more than it saves. Defaults to
    /// <see cref="DefaultParallelThreshold"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static long ParallelThreshold
    {
        get => Interlocked.Read(ref s_parallelThreshold);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Interlocked.Exchange(ref s_parallelThreshold, value);
        }
    }

    /// <summary>Cached <see cref="System.Threading.Tasks.ParallelOptions"/> matching <see cref="MaxDegreeOfParallelism"/>.</summary>
    internal static ParallelOptions ParallelOptions
    {
        get
        {
            int dop = s_maxDegreeOfParallelism;
            ParallelOptions? options = s_options;
            if (options is null || options.MaxDegreeOfParallelism != dop)
            {
                options = new ParallelOptions { MaxDegreeOfParallelism = dop };
                s_options = options;
            }

            return options;
        }
    }
}
