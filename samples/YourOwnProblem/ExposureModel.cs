using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace YourOwnProblem;

/// <summary>
/// A model that is not in the library: a trader's risk exposure X drifts with the hedge rate u and
/// is hit by order-flow noise, dX = u dt + σ dW. Holding exposure costs ½ q X² per unit time,
/// hedging costs ½ r u² (temporary impact), and what is left at T costs ½ p X².
/// One class is both the dynamics (<see cref="DynamicsBase"/>) and the cost (<see cref="ICost"/>).
/// </summary>
public sealed class ExposureModel : DynamicsBase, ICost
{
    /// <summary>Creates the model with a training box |x| ≤ <paramref name="range"/> and start x₀.</summary>
    public ExposureModel(double sigma, double q, double r, double p, double initialExposure, double range)
        : base(
            stateDimension: 1,
            controlDimension: 1,
            noiseDimension: 1,
            new StateDomain([new DomainAxis("X", "units of exposure", -range, range)]),
            [initialExposure])
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sigma);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(r);
        (Sigma, Q, R, P) = (sigma, q, r, p);
    }

    /// <summary>Noise level σ.</summary>
    public double Sigma { get; }

    /// <summary>Running exposure penalty q.</summary>
    public double Q { get; }

    /// <summary>Hedging cost r.</summary>
    public double R { get; }

    /// <summary>Terminal penalty p.</summary>
    public double P { get; }

    /// <inheritdoc />
    public override DiffusionForm DiffusionForm => DiffusionForm.Diagonal;

    /// <inheritdoc />
    public override Tensor Drift(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
    {
        CheckBatch(x, u);
        return u;
    }

    /// <inheritdoc />
    public override Tensor Diffusion(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
    {
        CheckBatch(x, u);
        return Tensor.Full([x.Size(0), 1], Sigma, x.DType);
    }

    /// <inheritdoc />
    public Tensor RunningCost(Tensor t, Tensor x, Tensor u, PreferenceBatch? preferences = null)
    {
        CheckBatch(x, u);
        return (x.Square() * (0.5 * Q)) + (u.Square() * (0.5 * R));
    }

    /// <inheritdoc />
    public Tensor TerminalCost(Tensor x, PreferenceBatch? preferences = null) => x.Square() * (0.5 * P);

    /// <summary>
    /// The control problem, with the closed-form Hamiltonian minimiser: H = u V_x + ½σ² V_xx + ½(q x² + r u²)
    /// is minimised by u* = −V_x / r (the PINN needs this; direct control does not).
    /// </summary>
    public ControlProblem ToProblem(double horizon) => new(
        "exposure-hedging",
        this,
        this,
        horizon,
        new HamiltonianMinimizer((t, x, gradient, hessian, preferences) => gradient * (-1.0 / R), needsHessian: false, "u* = −V_x / r"));
}
