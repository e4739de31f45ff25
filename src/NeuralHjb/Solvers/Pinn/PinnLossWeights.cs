namespace NeuralHjb.Solvers.Pinn;

/// <summary>Initial (or fixed) weights of the PINN loss terms; the defaults are the MT-PINN paper's.</summary>
public sealed record PinnLossWeights
{
    /// <summary>Gets the weight of the PDE residual (mean r²). Default 1.</summary>
    public double Pde { get; init; } = 1;

    /// <summary>Gets the weight of the boundary constraints (<see cref="PinnOptions.Constraints"/>). Default 0.1.</summary>
    public double Boundary { get; init; } = 0.1;

    /// <summary>Gets the weight of the soft terminal loss. Default 0.1.</summary>
    public double Terminal { get; init; } = 0.1;

    /// <summary>Gets the weight of the symmetry penalty. Default 0.5.</summary>
    public double Symmetry { get; init; } = 0.5;

    /// <summary>Gets the weight of the trajectory (terminal-state) loss. Default 1.</summary>
    public double Trajectory { get; init; } = 1;

    /// <summary>Checks that every weight is non-negative and finite.</summary>
    public void Validate()
    {
        PinnGuard.NonNegative(Pde, nameof(Pde));
        PinnGuard.NonNegative(Boundary, nameof(Boundary));
        PinnGuard.NonNegative(Terminal, nameof(Terminal));
        PinnGuard.NonNegative(Symmetry, nameof(Symmetry));
        PinnGuard.NonNegative(Trajectory, nameof(Trajectory));
    }
}

/// <summary>Settings of the adaptive loss weights of one stage (see <see cref="EmaRatioLossBalancer"/>).</summary>
/// <param name="Beta">EMA factor β in [0, 1).</param>
/// <param name="Power">Damping exponent p ≥ 0.</param>
public sealed record AdaptiveWeights(double Beta, double Power)
{
    /// <summary>Gets the paper's 2-D-stage setting (β 0.9, p 0.1).</summary>
    public static AdaptiveWeights Reduced { get; } = new(0.9, 0.1);

    /// <summary>Gets the paper's 3-D-stage setting (β 0.95, p 0.3).</summary>
    public static AdaptiveWeights Full { get; } = new(0.95, 0.3);

    /// <summary>Builds the balancer.</summary>
    /// <returns>A fresh <see cref="EmaRatioLossBalancer"/>.</returns>
    public EmaRatioLossBalancer Create() => new(Beta, Power);
}
