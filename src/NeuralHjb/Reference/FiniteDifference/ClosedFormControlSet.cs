namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// Controls chosen by a user optimiser of the Hamiltonian from derivative estimates, clipped to [lo, hi].
/// The fast option for 2-D problems whose Hamiltonian is quadratic in the control.
/// </summary>
public sealed class ClosedFormControlSet : ControlSet
{
    private readonly double initialGuess;

    /// <summary>Creates the set.</summary>
    /// <param name="optimizer">The user optimiser.</param>
    /// <param name="lower">Lower clip (may be −∞, not NaN).</param>
    /// <param name="upper">Upper clip (may be +∞, not NaN), ≥ <paramref name="lower"/>.</param>
    /// <param name="initialGuess">Finite control before the first improvement.</param>
    public ClosedFormControlSet(ControlOptimizer optimizer, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity, double initialGuess = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        FdGuard.Require(!double.IsNaN(lower), "the lower clip must not be NaN.", nameof(lower));
        FdGuard.Require(!double.IsNaN(upper) && upper >= lower, $"the clip interval needs lower <= upper, no NaN (got [{lower}, {upper}]).", nameof(upper));
        FdGuard.Finite(initialGuess, "the initial control", nameof(initialGuess));
        Optimizer = optimizer;
        Lower = lower;
        Upper = upper;
        this.initialGuess = Math.Clamp(initialGuess, lower, upper);
    }

    /// <summary>The user optimiser.</summary>
    public ControlOptimizer Optimizer { get; }

    /// <summary>Lower clip.</summary>
    public double Lower { get; }

    /// <summary>Upper clip.</summary>
    public double Upper { get; }

    /// <inheritdoc/>
    public override double InitialGuess => initialGuess;

    internal override double Improve(INodeHamiltonian hamiltonian, double current)
    {
        var context = hamiltonian.Context(current);
        double u = Optimizer(in context);
        if (!double.IsNaN(u))
        {
            return Math.Clamp(u, Lower, Upper);
        }

        // No interior optimum (e.g. a convex Hamiltonian): the best of the finite box ends and the incumbent.
        double best = current, bestH = hamiltonian.Evaluate(current);
        foreach (double end in (ReadOnlySpan<double>)[Lower, Upper])
        {
            if (double.IsFinite(end))
            {
                double h = hamiltonian.Evaluate(end);
                if (Beats(h, bestH))
                {
                    best = end;
                    bestH = h;
                }
            }
        }

        return best;
    }
}
