using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Analysis;

/// <summary>
/// A trading rule run on a price path, one decision per interval: given the time, the inventory and the price
/// move since arrival, the rate ν to trade at over the next interval (dq = ν dt; negative sells).
/// </summary>
public interface IExecutionStrategy
{
    /// <summary>Gets a short name (e.g. "twap", "policy φ=0.01").</summary>
    string Name { get; }

    /// <summary>The trading rate for interval k.</summary>
    /// <param name="step">k, in [0, N).</param>
    /// <param name="time">tₖ.</param>
    /// <param name="inventory">qₖ.</param>
    /// <param name="priceChange">Sₖ − S₀ (unaffected price move since arrival).</param>
    /// <returns>νₖ.</returns>
    double Rate(int step, double time, double inventory, double priceChange);

    /// <summary>
    /// Called by <see cref="Backtest.Run"/> before the first decision of each day, with the day's arrival price
    /// (strategies whose model works in relative prices need it; the others ignore it).
    /// </summary>
    /// <param name="arrivalPrice">S₀ of the day.</param>
    void BeginDay(double arrivalPrice)
    {
    }
}

/// <summary>A fixed inventory schedule (TWAP, VWAP…) given as fractions of q₀ at each decision time.</summary>
public sealed class ScheduleStrategy : IExecutionStrategy
{
    private readonly double[] _fractions;
    private readonly double _dt;
    private double _q0 = double.NaN;

    /// <summary>Creates the strategy.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="inventoryFractions">x₀ … x_N with x₀ = 1 (as <see cref="Reference.ReferenceStrategies"/> returns for X = 1).</param>
    /// <param name="dt">Interval length.</param>
    public ScheduleStrategy(string name, IReadOnlyList<double> inventoryFractions, double dt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(inventoryFractions);
        if (inventoryFractions.Count < 2 || Math.Abs(inventoryFractions[0] - 1) > 1e-12)
        {
            throw new ArgumentException("inventoryFractions needs at least two entries and must start at 1.", nameof(inventoryFractions));
        }

        if (!(dt > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "dt must be positive.");
        }

        Name = name;
        _fractions = [.. inventoryFractions];
        _dt = dt;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>TWAP over a day of N equal intervals (T = 1), named "twap".</summary>
    /// <param name="intervals">N ≥ 1.</param>
    /// <returns>The schedule xₖ = 1 − k/N.</returns>
    public static ScheduleStrategy Twap(int intervals)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intervals, 1);
        var dt = 1.0 / intervals;
        var times = Enumerable.Range(0, intervals + 1).Select(k => k * dt).ToArray();
        return new ScheduleStrategy("twap", Reference.ReferenceStrategies.Twap(1, times), dt);
    }

    /// <inheritdoc />
    /// <remarks>The schedule is scaled by the inventory seen at step 0.</remarks>
    public double Rate(int step, double time, double inventory, double priceChange)
    {
        if (step == 0)
        {
            _q0 = inventory;
        }

        if (step < 0 || step >= _fractions.Length - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"the schedule has {_fractions.Length - 1} intervals.");
        }

        return _q0 * (_fractions[step + 1] - _fractions[step]) / _dt;
    }
}

/// <summary>
/// A learned feedback control run as a strategy: the state handed to the policy is assembled by
/// <see cref="StateBuilder"/> from (t, q, price move); for the execution problems of this library the default
/// is [S − S₀, q, 0], the (price, inventory, cash) layout of <see cref="Problems.Execution.CarteaJaimungal"/>
/// with the price taken relative to arrival.
/// </summary>
public sealed class PolicyStrategy : IExecutionStrategy
{
    private readonly IPolicy _policy;
    private readonly PreferenceBatch? _preferences;
    private readonly DType _dtype;

    /// <summary>Creates the strategy.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="preferences">Preferences of a multi-preference policy (batch of one), or null.</param>
    /// <param name="dtype">The policy's element type.</param>
    public PolicyStrategy(string name, IPolicy policy, PreferenceBatch? preferences = null, DType dtype = DType.Float32)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _preferences = preferences;
        _dtype = dtype;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets or sets the map (t, q, S − S₀) ↦ state; null for [S − S₀, q, 0].</summary>
    public Func<double, double, double, double[]>? StateBuilder { get; init; }

    /// <inheritdoc />
    public double Rate(int step, double time, double inventory, double priceChange)
    {
        var state = StateBuilder is { } f ? f(time, inventory, priceChange) : [priceChange, inventory, 0];
        using var _ = Autodiff.Autograd.NoGrad();
        var u = _policy.Control(Tensor.Scalar(time, _dtype), Tensor.FromSpan(state, [1, state.Length], _dtype), _preferences);
        return u.ToDoubleArray()[0];
    }
}

/// <summary>A strategy given by a rate function (for closed-form feedback rules).</summary>
public sealed class RateStrategy : IExecutionStrategy
{
    private readonly Func<double, double, double> _rate;

    /// <summary>Creates the strategy.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="rate">(t, q) ↦ ν.</param>
    public RateStrategy(string name, Func<double, double, double> rate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _rate = rate ?? throw new ArgumentNullException(nameof(rate));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public double Rate(int step, double time, double inventory, double priceChange) => _rate(time, inventory);
}
