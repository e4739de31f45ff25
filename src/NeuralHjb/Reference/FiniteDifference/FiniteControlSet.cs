namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>A finite list of admissible controls, searched exhaustively at every node.</summary>
public sealed class FiniteControlSet : ControlSet
{
    private readonly double[] controls;

    /// <summary>Creates the set.</summary>
    /// <param name="controls">At least one finite value.</param>
    public FiniteControlSet(IEnumerable<double> controls)
    {
        ArgumentNullException.ThrowIfNull(controls);
        this.controls = controls.ToArray();
        FdGuard.Require(this.controls.Length >= 1, "a finite control set needs at least one control.", nameof(controls));
        foreach (double u in this.controls)
        {
            FdGuard.Finite(u, "every control in a finite control set", nameof(controls));
        }
    }

    /// <summary>The admissible controls.</summary>
    public IReadOnlyList<double> Controls => controls;

    /// <inheritdoc/>
    public override double InitialGuess => controls[0];

    internal override double Improve(INodeHamiltonian hamiltonian, double current)
    {
        double best = current, bestH = hamiltonian.Evaluate(current);
        foreach (double u in controls)
        {
            double h = hamiltonian.Evaluate(u);
            if (Beats(h, bestH))
            {
                best = u;
                bestH = h;
            }
        }

        return best;
    }
}
