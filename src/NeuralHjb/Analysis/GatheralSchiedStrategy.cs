using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Analysis;

/// <summary>
/// A Gatheral–Schied selling rule run on a trading day: at each decision the day's (t, q, S − S_arrival) is mapped
/// to the model state by a <see cref="GatheralSchiedScaling"/>, the rule gives the model selling rate
/// v = ½Γ_X(τ, X, S), and the rate is mapped back to dq/dt. The rule is any <see cref="IPolicy"/> over the model
/// state [X, S]: a trained MT-PINN (<see cref="Learned"/>: Γ_X by automatic differentiation of its value network) or
/// the closed form (<see cref="ClosedForm"/>).
/// </summary>
public sealed class GatheralSchiedStrategy : IExecutionStrategy
{
    private readonly IPolicy _sellingRate;
    private readonly GatheralSchiedScaling _scaling;
    private readonly DType _dtype;
    private double _arrivalPrice = double.NaN;

    /// <summary>Creates the strategy.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="sellingRate">The model selling rate v(t_m, [X, S]) (dX/dt_m = −v); called outside <c>Autograd.NoGrad()</c>.</param>
    /// <param name="scaling">The day-to-model mapping.</param>
    /// <param name="dtype">The element type the rule computes in.</param>
    public GatheralSchiedStrategy(string name, IPolicy sellingRate, GatheralSchiedScaling scaling, DType dtype = DType.Float64)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(scaling);
        scaling.Validate();
        Name = name;
        _sellingRate = sellingRate ?? throw new ArgumentNullException(nameof(sellingRate));
        _scaling = scaling;
        _dtype = dtype;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The learned policy of a Gatheral–Schied PINN (trained on <see cref="GatheralSchiedScaling.Problem"/>).</summary>
    /// <param name="name">Display name.</param>
    /// <param name="training">The PINN result.</param>
    /// <param name="scaling">The mapping the problem was built with.</param>
    /// <returns>The strategy.</returns>
    public static GatheralSchiedStrategy Learned(string name, PinnResult training, GatheralSchiedScaling scaling)
    {
        ArgumentNullException.ThrowIfNull(training);
        return new GatheralSchiedStrategy(name, training.Policy, scaling, training.Network.DType);
    }

    /// <summary>The closed-form rate v* = κ coth(κτ)X + (λS/(2κ)) tanh(κτ/2) of a model problem.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="problem">The model problem (from <see cref="GatheralSchiedScaling.Problem"/>).</param>
    /// <param name="scaling">The mapping the problem was built with.</param>
    /// <returns>The strategy.</returns>
    public static GatheralSchiedStrategy ClosedForm(string name, GatheralSchied problem, GatheralSchiedScaling scaling)
        => new(name, new GatheralSchiedClosedFormPolicy(problem), scaling);

    /// <inheritdoc />
    public void BeginDay(double arrivalPrice)
    {
        if (!(arrivalPrice > 0) || !double.IsFinite(arrivalPrice))
        {
            throw new ArgumentOutOfRangeException(nameof(arrivalPrice), arrivalPrice, "arrivalPrice must be positive and finite.");
        }

        _arrivalPrice = arrivalPrice;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException"><see cref="BeginDay"/> was not called first.</exception>
    public double Rate(int step, double time, double inventory, double priceChange)
    {
        if (double.IsNaN(_arrivalPrice))
        {
            throw new InvalidOperationException("BeginDay(arrivalPrice) must be called before the first decision of a day.");
        }

        var state = _scaling.ModelState(inventory, priceChange, _arrivalPrice);
        var v = _sellingRate.Control(Tensor.Scalar(_scaling.ModelTime(time), _dtype), Tensor.FromSpan(state, [1, 2], _dtype));
        return _scaling.DayRate(v.ToDoubleArray()[0]);
    }
}
