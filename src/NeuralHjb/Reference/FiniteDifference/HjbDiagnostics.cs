namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// What happened while solving, per time step (index 0 is the step that ends at the terminal time, i.e. the
/// first one taken, so arrays run backward in calendar time).
/// </summary>
public sealed class HjbDiagnostics
{
    internal HjbDiagnostics(int steps)
    {
        PolicyIterations = new int[steps];
        LinearIterations = new int[steps];
        LinearResiduals = new double[steps];
        NonMonotoneRowsPerStep = new int[steps];
    }

    /// <summary>Policy iterations taken in each step.</summary>
    public int[] PolicyIterations { get; }

    /// <summary>Linear-solver iterations summed over the step's policy iterations (1 per solve for the direct 1-D solver).</summary>
    public int[] LinearIterations { get; }

    /// <summary>Largest relative residual <c>‖b − AV‖₂/‖b‖₂</c> of the step's linear solves.</summary>
    public double[] LinearResiduals { get; }

    /// <summary>Rows of the last matrix of each step without the M-matrix sign pattern (negative off-diagonal weight in the generator).</summary>
    public int[] NonMonotoneRowsPerStep { get; }

    /// <summary>Steps that used all <see cref="FdSolverOptions.MaxPolicyIterations"/> without meeting the tolerance.</summary>
    public int StepsAtPolicyLimit { get; internal set; }

    /// <summary>Total non-monotone rows over all steps; 0 means the scheme was monotone throughout.</summary>
    public long NonMonotoneRows => NonMonotoneRowsPerStep.Sum(static n => (long)n);

    /// <summary>Largest linear residual over all steps.</summary>
    public double MaxLinearResidual => LinearResiduals.Length == 0 ? 0 : LinearResiduals.Max();

    /// <summary>Largest number of policy iterations in any step.</summary>
    public int MaxPolicyIterationsUsed => PolicyIterations.Length == 0 ? 0 : PolicyIterations.Max();

    /// <summary>Wall-clock time of the solve.</summary>
    public TimeSpan Elapsed { get; internal set; }
}
