namespace NeuralHjb;

/// <summary>
/// Process-wide settings of NeuralHjb's CPU tensor engine: how many cores large kernels may use
/// and how large a kernel must be before it is split across them.
/// </summary>
/// <remarks>
/// <para>
/// The settings are read at the start of every kernel call, so changing them takes effect for the
/// next operation. The property setters change process-wide values: set them once at start-up (for
/// example from a command-line option) rather than toggling them concurrently from several threads.
/// To give one computation its own settings without touching other threads (two solves side by side,
/// each on one core; a test comparing thread counts), use <see cref="Override"/>: it applies to the
/// calling thread only, until disposed.
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

    // Per-thread overrides (0 / -1: none). Kernels read the settings on the thread that calls them,
    // before handing work to other threads, so a scope on the caller governs the whole kernel.
    [ThreadStatic]
    private static int t_maxDegreeOfParallelism;

    [ThreadStatic]
    private static long t_parallelThresholdPlusOne;

    /// <summary>
    /// Gets or sets the largest number of threads a single kernel may use. Defaults to
    /// <see cref="Environment.ProcessorCount"/>; <c>1</c> keeps every kernel on the calling thread.
    /// The getter returns the value in effect on the calling thread (an <see cref="Override"/> if one
    /// is active); the setter changes the process-wide value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public static int MaxDegreeOfParallelism
    {
        get => t_maxDegreeOfParallelism > 0 ? t_maxDegreeOfParallelism : s_maxDegreeOfParallelism;
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
    /// <see cref="DefaultParallelThreshold"/>. The getter returns the value in effect on the calling
    /// thread (an <see cref="Override"/> if one is active); the setter changes the process-wide value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public static long ParallelThreshold
    {
        get => t_parallelThresholdPlusOne > 0 ? t_parallelThresholdPlusOne - 1 : Interlocked.Read(ref s_parallelThreshold);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Interlocked.Exchange(ref s_parallelThreshold, value);
        }
    }

    /// <summary>
    /// Overrides the settings on the calling thread until the returned scope is disposed (scopes nest;
    /// disposing restores what was in effect before). Other threads keep their own settings.
    /// </summary>
    /// <param name="maxDegreeOfParallelism">Threads a kernel may use (at least 1), or null to keep the current value.</param>
    /// <param name="parallelThreshold">Work below which kernels stay single-threaded (non-negative), or null to keep the current value.</param>
    /// <returns>A scope to dispose on the same thread.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is less than 1 or
    /// <paramref name="parallelThreshold"/> is negative or <see cref="long.MaxValue"/>.</exception>
    /// <example>
    /// <code>
    /// using (EngineSettings.Override(maxDegreeOfParallelism: 1))
    /// {
    ///     result = solver.Solve(problem, options); // single-threaded, whatever other threads do
    /// }
    /// </code>
    /// </example>
    public static EngineSettingsScope Override(int? maxDegreeOfParallelism = null, long? parallelThreshold = null)
    {
        if (maxDegreeOfParallelism is { } dop)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(dop, 1, nameof(maxDegreeOfParallelism));
        }

        if (parallelThreshold is { } threshold)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(threshold, nameof(parallelThreshold));
            ArgumentOutOfRangeException.ThrowIfEqual(threshold, long.MaxValue, nameof(parallelThreshold));
        }

        var scope = new EngineSettingsScope(t_maxDegreeOfParallelism, t_parallelThresholdPlusOne);
        if (maxDegreeOfParallelism is { } d)
        {
            t_maxDegreeOfParallelism = d;
        }

        if (parallelThreshold is { } t)
        {
            t_parallelThresholdPlusOne = t + 1;
        }

        return scope;
    }

    /// <summary>Restores the per-thread overrides saved by a scope.</summary>
    internal static void RestoreOverride(int maxDegreeOfParallelism, long parallelThresholdPlusOne)
    {
        t_maxDegreeOfParallelism = maxDegreeOfParallelism;
        t_parallelThresholdPlusOne = parallelThresholdPlusOne;
    }

    /// <summary>Cached <see cref="System.Threading.Tasks.ParallelOptions"/> matching <see cref="MaxDegreeOfParallelism"/> on the calling thread.</summary>
    internal static ParallelOptions ParallelOptions
    {
        get
        {
            int dop = MaxDegreeOfParallelism;
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
