namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>Settings of the finite-difference HJB solver.</summary>
public sealed record FdSolverOptions
{
    /// <summary>Number of backward-Euler time steps, at least 1.</summary>
    public int TimeSteps { get; init; } = 100;

    /// <summary>
    /// Grading exponent q ≥ 1 of the time grid: the time to maturity of node m is <c>T·(m/N)^q</c>, so q &gt; 1
    /// packs steps near the terminal time where a non-smooth or steep terminal condition needs them. 1 is uniform.
    /// </summary>
    public double TimeStepGrading { get; init; } = 1.0;

    /// <summary>Most policy iterations per time step, at least 1.</summary>
    public int MaxPolicyIterations { get; init; } = 50;

    /// <summary>
    /// Policy iteration stops when the controls stop changing (see <see cref="ControlTolerance"/>) or when
    /// <c>max|ΔV| ≤ tol·max(1, max|V|)</c>. The default sits far below any discretisation error a first-order
    /// scheme can reach, and above the slow linear tail that a closed-form optimiser fed by central differences
    /// can show next to a non-monotone boundary.
    /// </summary>
    public double PolicyTolerance { get; init; } = 1e-8;

    /// <summary>
    /// A control that moves by less than <c>tol·(1 + |u|)</c> in an improvement counts as unchanged for the
    /// stopping test (the new value is still used).
    /// </summary>
    public double ControlTolerance { get; init; } = 1e-8;

    /// <summary>Relative residual <c>‖b − Ax‖/‖b‖</c> at which the 2-D iterative solver stops.</summary>
    public double LinearTolerance { get; init; } = 1e-11;

    /// <summary>Most BiCGSTAB iterations per linear solve, at least 1.</summary>
    public int MaxLinearIterations { get; init; } = 1000;

    /// <summary>
    /// Times at which to keep V and u (each snapped to the nearest time node; 0 and T are always kept).
    /// Null keeps every time step.
    /// </summary>
    public IReadOnlyList<double>? OutputTimes { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <param name="paramName">The caller's name for these options.</param>
    internal void Validate(string paramName)
    {
        FdGuard.Require(TimeSteps >= 1, $"FdSolverOptions.TimeSteps must be >= 1 (got {TimeSteps}).", paramName);
        FdGuard.Require(double.IsFinite(TimeStepGrading) && TimeStepGrading >= 1, $"FdSolverOptions.TimeStepGrading must be finite and >= 1 (got {TimeStepGrading}).", paramName);
        FdGuard.Require(MaxPolicyIterations >= 1, $"FdSolverOptions.MaxPolicyIterations must be >= 1 (got {MaxPolicyIterations}).", paramName);
        FdGuard.Positive(PolicyTolerance, "FdSolverOptions.PolicyTolerance", paramName);
        FdGuard.NonNegative(ControlTolerance, "FdSolverOptions.ControlTolerance", paramName);
        FdGuard.Positive(LinearTolerance, "FdSolverOptions.LinearTolerance", paramName);
        FdGuard.Require(MaxLinearIterations >= 1, $"FdSolverOptions.MaxLinearIterations must be >= 1 (got {MaxLinearIterations}).", paramName);
        if (OutputTimes is not null)
        {
            foreach (double t in OutputTimes)
            {
                FdGuard.Finite(t, "every FdSolverOptions.OutputTimes entry", paramName);
            }
        }
    }
}
