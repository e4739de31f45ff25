using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// Residual-based adaptive sampling of collocation points (in the spirit of RAR): at each refresh a
/// batch of uniform candidates is scored by |residual| and the largest are kept in a pool; training
/// batches then mix fresh uniform points with draws from the pool, so the optimiser keeps seeing the
/// places where the PDE is worst satisfied. Independent of the solver: any residual-based method
/// gives it candidate points and a residual function.
/// </summary>
/// <remarks>
/// As an <see cref="ITrainingState"/> it saves its pool (and the last refresh's diagnostics), so a run resumed
/// between two refreshes draws from the same points as the uninterrupted run.
/// </remarks>
public sealed class ResidualAdaptiveSampler : ITrainingState
{
    private Tensor? _t;
    private Tensor? _x;

    /// <summary>Creates an empty sampler.</summary>
    /// <param name="options">The options (validated).</param>
    /// <param name="stateWidth">The number of state columns the pool holds, checked on every refresh and when a
    /// checkpoint is loaded; null to take the first refresh's (a checkpoint loaded before any refresh is then only
    /// checked for consistency with itself).</param>
    public ResidualAdaptiveSampler(AdaptiveSamplingOptions options, int? stateWidth = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (stateWidth is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(stateWidth), stateWidth, $"stateWidth must be at least 1 (got {stateWidth}).");
        }

        Options = options;
        StateWidth = stateWidth;
    }

    /// <summary>Gets the number of state columns of the pool, or null when it is taken from the first refresh.</summary>
    public int? StateWidth { get; }

    /// <summary>Gets the options.</summary>
    public AdaptiveSamplingOptions Options { get; }

    /// <summary>Gets the number of points in the pool (0 before the first refresh).</summary>
    public int PoolCount => _t?.Size(0) ?? 0;

    /// <summary>Gets the largest |residual| seen at the last refresh.</summary>
    public double LastMaximum { get; private set; }

    /// <summary>Gets the mean |residual| of the candidates at the last refresh.</summary>
    public double LastCandidateMean { get; private set; }

    /// <summary>Gets the pooled times [pool, 1], or null before the first refresh.</summary>
    public Tensor? PoolTimes => _t;

    /// <summary>Gets the pooled states [pool, d], or null before the first refresh.</summary>
    public Tensor? PoolStates => _x;

    /// <summary>Scores candidates and keeps the <see cref="AdaptiveSamplingOptions.PoolSize"/> with the largest |residual|.</summary>
    /// <param name="t">Candidate times [n, 1].</param>
    /// <param name="x">Candidate states [n, d].</param>
    /// <param name="residual">The residual at a chunk of points, [chunk, 1] (evaluated in chunks of 2048; its graph is discarded).</param>
    public void Refresh(Tensor t, Tensor x, Func<Tensor, Tensor, Tensor> residual)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(residual);
        var n = t.Size(0);
        if (x.Size(0) != n)
        {
            throw new ArgumentException($"t has {n} rows but x has {x.Size(0)}.", nameof(x));
        }

        if (StateWidth is { } width && (x.Rank != 2 || x.Size(1) != width))
        {
            throw new ArgumentException($"x must have {width} state columns (got shape [{string.Join(", ", x.ShapeArray())}]).", nameof(x));
        }

        const int chunk = 2048;
        var scores = new double[n];
        for (var start = 0; start < n; start += chunk)
        {
            var len = Math.Min(chunk, n - start);
            var r = residual(t.Slice(0, start, len), x.Slice(0, start, len)).Detach().ToDoubleArray();
            for (var i = 0; i < len; i++)
            {
                // NaN scores sort last: a broken point is the trainer's business, not the pool's.
                scores[start + i] = double.IsNaN(r[i]) ? double.NegativeInfinity : Math.Abs(r[i]);
            }
        }

        var order = Enumerable.Range(0, n).ToArray();
        var keys = (double[])scores.Clone();
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = -keys[i];
        }

        Array.Sort(keys, order);
        var keep = Math.Min(Options.PoolSize, n);
        var chosen = new int[keep];
        Array.Copy(order, chosen, keep);
        Array.Sort(chosen);
        _t = t.Detach().IndexSelect(0, chosen);
        _x = x.Detach().IndexSelect(0, chosen);
        LastMaximum = n > 0 ? -keys[0] : 0;
        LastCandidateMean = n > 0 ? scores.Where(double.IsFinite).DefaultIfEmpty(0).Average() : 0;
    }

    /// <summary>Draws <paramref name="count"/> pool points uniformly with replacement.</summary>
    /// <param name="count">Number of points (≥ 1).</param>
    /// <param name="generator">Random source.</param>
    /// <returns>Times [count, 1] and states [count, d].</returns>
    /// <exception cref="InvalidOperationException">Before the first <see cref="Refresh"/>.</exception>
    public (Tensor Times, Tensor States) Draw(int count, Philox generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        PinnGuard.PositiveCount(count, nameof(count));
        if (_t is null || _x is null)
        {
            throw new InvalidOperationException("the pool is empty: call Refresh first.");
        }

        var pool = _t.Size(0);
        var u = Tensor.Uniform([count], generator, 0, 1, DType.Float64).ToDoubleArray();
        var index = new int[count];
        for (var i = 0; i < count; i++)
        {
            index[i] = Math.Min((int)(u[i] * pool), pool - 1);
        }

        return (_t.IndexSelect(0, index), _x.IndexSelect(0, index));
    }

    /// <inheritdoc />
    public void Save(TrainingStateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteDoubles("diagnostics", [LastMaximum, LastCandidateMean]);
        if (_t is not null && _x is not null)
        {
            writer.WriteTensor("times", _t);
            writer.WriteTensor("states", _x);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The pool must have 1 to <see cref="AdaptiveSamplingOptions.PoolSize"/> rows, times [pool, 1] and states
    /// [pool, d] of one dtype — the dtype and d of the current pool, when there is one.
    /// </remarks>
    public Action PrepareLoad(TrainingStateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var diagnostics = reader.ReadDoubles("diagnostics", 2, allowNonFinite: true);
        Tensor? t = null, x = null;
        if (reader.Contains("times") || reader.Contains("states"))
        {
            t = reader.ReadTensor("times", _t?.DType);
            x = reader.ReadTensor("states", t.DType);
            var rows = t.Rank == 2 ? t.Size(0) : 0;
            if (rows < 1 || rows > Options.PoolSize || t.Size(1) != 1)
            {
                throw reader.Invalid("times", $"has shape [{string.Join(", ", t.ShapeArray())}], not [pool, 1] with 1 ≤ pool ≤ {Options.PoolSize}");
            }

            var width = StateWidth ?? _x?.Size(1);
            if (x.Rank != 2 || x.Size(0) != rows || x.Size(1) < 1 || (width is { } w && x.Size(1) != w))
            {
                throw reader.Invalid("states", $"has shape [{string.Join(", ", x.ShapeArray())}], not [{rows}, {(width is null ? "d" : width)}]");
            }
        }

        return () =>
        {
            _t = t;
            _x = x;
            LastMaximum = diagnostics[0];
            LastCandidateMean = diagnostics[1];
        };
    }
}
