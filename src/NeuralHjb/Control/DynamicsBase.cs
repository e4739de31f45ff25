using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>
/// Shared plumbing for <see cref="IDynamics"/>: shape checks, a generic Euler–Maruyama step,
/// products with σ from the full or diagonal matrix, and sampling of increments, initial states
/// and the domain. Models override <see cref="DiffusionTimes"/> and
/// <see cref="DiffusionTransposeTimes"/> when σ is sparse.
/// </summary>
public abstract class DynamicsBase : IDynamics
{
    private readonly ConstantTensor _initial;

    /// <summary>Initialises the dimensions, the domain and the initial condition.</summary>
    /// <param name="stateDimension">d.</param>
    /// <param name="controlDimension">c.</param>
    /// <param name="noiseDimension">m.</param>
    /// <param name="domain">The training box (d coordinates).</param>
    /// <param name="initialState">The starting point x₀ (d values).</param>
    /// <param name="initialDomain">When given, initial states are drawn uniformly from this box instead of repeating x₀.</param>
    protected DynamicsBase(int stateDimension, int controlDimension, int noiseDimension, StateDomain domain, IReadOnlyList<double> initialState, StateDomain? initialDomain = null)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(initialState);
        StateDimension = Guard.PositiveCount(stateDimension, nameof(stateDimension));
        ControlDimension = Guard.PositiveCount(controlDimension, nameof(controlDimension));
        NoiseDimension = Guard.PositiveCount(noiseDimension, nameof(noiseDimension));
        if (domain.Dimension != stateDimension)
        {
            throw new ArgumentException($"domain has {domain.Dimension} axes but the state has {stateDimension} coordinates.", nameof(domain));
        }

        if (initialState.Count != stateDimension)
        {
            throw new ArgumentException($"initialState has {initialState.Count} values but the state has {stateDimension} coordinates.", nameof(initialState));
        }

        for (var i = 0; i < initialState.Count; i++)
        {
            Guard.Finite(initialState[i], nameof(initialState));
        }

        if (initialDomain is not null && initialDomain.Dimension != stateDimension)
        {
            throw new ArgumentException($"initialDomain has {initialDomain.Dimension} axes but the state has {stateDimension} coordinates.", nameof(initialDomain));
        }

        Domain = domain;
        InitialState = [.. initialState];
        InitialDomain = initialDomain;
        _initial = new ConstantTensor([.. initialState], 1, stateDimension);
    }

    /// <inheritdoc />
    public int StateDimension { get; }

    /// <inheritdoc />
    public int ControlDimension { get; }

    /// <inheritdoc />
    public int NoiseDimension { get; }

    /// <inheritdoc />
    public virtual DiffusionForm DiffusionForm => DiffusionForm.Full;

    /// <inheritdoc />
    public StateDomain Domain { get; }

    /// <summary>Gets the starting point x₀.</summary>
    public IReadOnlyList<double> InitialState { get; }

    /// <summary>Gets the box initial states are drawn from, or null to start every path at <see cref="InitialState"/>.</summary>
    public StateDomain? InitialDomain { get; }

    /// <inheritdoc />
    public abstract Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null);

    /// <inheritdoc />
    public abstract Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null);

    /// <inheritdoc />
    public virtual Tensor DiffusionTimes(Tensor t, Tensor x, Tensor u, Tensor w, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        var sigma = Diffusion(t, x, u, preferences);
        return DiffusionForm == DiffusionForm.Diagonal
            ? sigma * w
            : sigma.MatMul(w.Unsqueeze(-1)).Squeeze(-1);
    }

    /// <inheritdoc />
    public virtual Tensor DiffusionTransposeTimes(Tensor t, Tensor x, Tensor u, Tensor y, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        var sigma = Diffusion(t, x, u, preferences);
        return DiffusionForm == DiffusionForm.Diagonal
            ? sigma * y
            : y.Unsqueeze(1).MatMul(sigma).Squeeze(1);
    }

    /// <inheritdoc />
    public virtual Tensor Step(Tensor t, Tensor x, Tensor u, double dt, Tensor dW, PreferenceBatch? preferences = null)
    {
        CheckBatch(x, u);
        ArgumentNullException.ThrowIfNull(dW);
        if (!(dt > 0) || !double.IsFinite(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "dt must be positive and finite.");
        }

        if (dW.Rank != 2 || dW.Size(1) != NoiseDimension)
        {
            throw new ArgumentException($"dW must be [batch, {NoiseDimension}] (got rank {dW.Rank}).", nameof(dW));
        }

        return x + (Drift(t, x, u, preferences) * dt) + DiffusionTimes(t, x, u, dW, preferences);
    }

    /// <inheritdoc />
    public Tensor SampleIncrements(int count, double dt, Philox generator, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!(dt > 0) || !double.IsFinite(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "dt must be positive and finite.");
        }

        return Tensor.Normal([Guard.PositiveCount(count, nameof(count)), NoiseDimension], generator, 0, Math.Sqrt(dt), dtype);
    }

    /// <inheritdoc />
    public Tensor SampleInitialState(int count, Philox generator, DType dtype = DType.Float32)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Guard.PositiveCount(count, nameof(count));
        return InitialDomain is not null
            ? InitialDomain.Sample(count, generator, dtype)
            : _initial.For(dtype).Expand([count, StateDimension]).Contiguous();
    }

    /// <inheritdoc />
    public Tensor SampleDomain(int count, Philox generator, DType dtype = DType.Float32) => Domain.Sample(count, generator, dtype);

    /// <summary>Checks x is [batch, d] and u is [batch, c].</summary>
    /// <param name="x">State.</param>
    /// <param name="u">Control.</param>
    protected void CheckBatch(Tensor x, Tensor u)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(u);
        if (x.Rank != 2 || x.Size(1) != StateDimension)
        {
            throw new ArgumentException($"x must be [batch, {StateDimension}] (got {x}).", nameof(x));
        }

        if (u.Rank != 2 || u.Size(1) != ControlDimension || u.Size(0) != x.Size(0))
        {
            throw new ArgumentException($"u must be [{x.Size(0)}, {ControlDimension}] (got {u}).", nameof(u));
        }
    }

    /// <summary>Column <paramref name="index"/> of a [batch, k] tensor as [batch, 1] (a view).</summary>
    /// <param name="x">The tensor.</param>
    /// <param name="index">The column.</param>
    /// <returns>[batch, 1].</returns>
    protected static Tensor Column(Tensor x, int index)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Slice(1, index, 1);
    }
}
