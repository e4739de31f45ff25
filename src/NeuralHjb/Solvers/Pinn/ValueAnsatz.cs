using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// The output transform of a PINN value network: V(t, x) = A(t, x, n(t, x)) for the raw network
/// output n. It is how terminal conditions become hard constraints instead of soft losses: an ansatz
/// that satisfies the terminal condition for every n leaves the network only the remainder to learn.
/// </summary>
public abstract class ValueAnsatz
{
    /// <summary>Gets the transform in words (for docs and result summaries).</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Gets a value indicating whether the ansatz satisfies the terminal condition by construction
    /// (the solver then drops the soft terminal loss, and never evaluates V at t = T where the ansatz
    /// may be singular).
    /// </summary>
    public virtual bool EnforcesTerminalCondition => false;

    /// <summary>Applies the transform.</summary>
    /// <param name="t">Time [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="raw">The network output n(t, x), [batch, 1].</param>
    /// <param name="horizon">T.</param>
    /// <returns>V(t, x), [batch, 1].</returns>
    public abstract Tensor Apply(Tensor t, Tensor x, Tensor raw, double horizon);
}

/// <summary>V = s·n: no constraint; terminal conditions, if any, are soft losses (the vanilla PINN).</summary>
public sealed class ScaledAnsatz : ValueAnsatz
{
    /// <summary>Creates the ansatz.</summary>
    /// <param name="scale">Output scale s (positive, finite): the typical size of V, so that the network's output stays of order one.</param>
    public ScaledAnsatz(double scale = 1)
    {
        Scale = PinnGuard.Positive(scale, nameof(scale));
    }

    /// <summary>Gets the output scale.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override string Description => $"V = {Scale:G4}·n";

    /// <inheritdoc />
    public override Tensor Apply(Tensor t, Tensor x, Tensor raw, double horizon)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return Scale == 1 ? raw : raw * Scale;
    }
}

/// <summary>
/// V = g(x) + (T − t)·s·n: the terminal condition V(T, x) = g(x) holds exactly for every network
/// (the usual hard-constraint transform for a bounded terminal cost).
/// </summary>
public sealed class TerminalValueAnsatz : ValueAnsatz
{
    private readonly Func<Tensor, Tensor> _terminal;

    /// <summary>Creates the ansatz.</summary>
    /// <param name="terminal">g(x): [batch, d] → [batch, 1], e.g. the problem's terminal cost.</param>
    /// <param name="scale">Output scale s (positive, finite).</param>
    public TerminalValueAnsatz(Func<Tensor, Tensor> terminal, double scale = 1)
    {
        _terminal = terminal ?? throw new ArgumentNullException(nameof(terminal));
        Scale = PinnGuard.Positive(scale, nameof(scale));
    }

    /// <summary>Gets the output scale.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override string Description => $"V = g(x) + (T − t)·{Scale:G4}·n";

    /// <inheritdoc />
    public override bool EnforcesTerminalCondition => true;

    /// <summary>Gets g (for the forward-mode derivatives of <see cref="PinnValueNetwork"/>, which differentiate g and the network apart).</summary>
    internal Func<Tensor, Tensor> Terminal => _terminal;

    /// <inheritdoc />
    public override Tensor Apply(Tensor t, Tensor x, Tensor raw, double horizon)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(raw);
        return _terminal(x) + ((horizon - t) * raw * Scale);
    }
}

/// <summary>
/// V = Σᵢ ηᵢ xᵢ²/τ + τ·s·n with τ = T − t: the hard liquidation constraint x_i(T) = 0. As τ → 0 the
/// first term forces V → +∞ off the hyperplane {xᵢ = 0} and V → 0 on it, which is the terminal
/// condition of execution problems with a temporary-impact cost ηᵢ vᵢ² (their value behaves like
/// ηᵢ xᵢ²/τ near the close: selling the rest at the TWAP rate xᵢ/τ costs ηᵢ xᵢ²/τ). The feedback
/// control then contains the exact "sell what is left over the time that is left" term, so an Euler
/// rollout ends at zero inventory whatever the network; the network learns the bounded remainder.
/// </summary>
public sealed class LiquidationAnsatz : ValueAnsatz
{
    private readonly int[] _coordinates;
    private readonly double[] _impacts;

    /// <summary>Creates the ansatz.</summary>
    /// <param name="coordinates">The state coordinates that must vanish at T (e.g. [0] for the inventory).</param>
    /// <param name="impacts">ηᵢ, the temporary-impact coefficient of each (positive; 1 for Gatheral–Schied, where the cost of trading is v²).</param>
    /// <param name="scale">Output scale s of the remainder (positive, finite).</param>
    public LiquidationAnsatz(IReadOnlyList<int> coordinates, IReadOnlyList<double> impacts, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(coordinates);
        ArgumentNullException.ThrowIfNull(impacts);
        if (coordinates.Count == 0 || coordinates.Count != impacts.Count)
        {
            throw new ArgumentException($"coordinates and impacts must have the same, non-zero length (got {coordinates.Count} and {impacts.Count}).", nameof(impacts));
        }

        foreach (var c in coordinates)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(c, nameof(coordinates));
        }

        foreach (var eta in impacts)
        {
            PinnGuard.Positive(eta, nameof(impacts));
        }

        _coordinates = [.. coordinates];
        _impacts = [.. impacts];
        Scale = PinnGuard.Positive(scale, nameof(scale));
    }

    /// <summary>Gets the coordinates that vanish at T.</summary>
    public IReadOnlyList<int> Coordinates => _coordinates;

    /// <summary>Gets the impact coefficients ηᵢ.</summary>
    public IReadOnlyList<double> Impacts => _impacts;

    /// <summary>Gets the output scale of the remainder.</summary>
    public double Scale { get; }

    /// <inheritdoc />
    public override string Description => $"V = Σ η x²/(T − t) + (T − t)·{Scale:G4}·n over coordinates [{string.Join(", ", _coordinates)}]";

    /// <inheritdoc />
    public override bool EnforcesTerminalCondition => true;

    /// <inheritdoc />
    public override Tensor Apply(Tensor t, Tensor x, Tensor raw, double horizon)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(raw);
        var tau = horizon - t;
        Tensor? quadratic = null;
        for (var i = 0; i < _coordinates.Length; i++)
        {
            var term = x.Slice(1, _coordinates[i], 1).Square();
            term = _impacts[i] == 1 ? term : term * _impacts[i];
            quadratic = quadratic is null ? term : quadratic + term;
        }

        return (quadratic! / tau) + (tau * raw * Scale);
    }
}
