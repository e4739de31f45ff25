namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// An interval of controls. Each improvement evaluates the discrete Hamiltonian on a uniform grid, then
/// refines around the best grid point by golden section; the refinement assumes the Hamiltonian is
/// unimodal within one grid cell of the best point, which holds for the concave (or piecewise quadratic,
/// as upwinding makes it) Hamiltonians of the problems here.
/// </summary>
public sealed class BoxControlSet : ControlSet
{
    private static readonly double InvPhi = (Math.Sqrt(5) - 1) / 2;

    /// <summary>Creates the box.</summary>
    /// <param name="lower">Lower end, finite.</param>
    /// <param name="upper">Upper end, finite, ≥ <paramref name="lower"/>.</param>
    /// <param name="gridPoints">Points of the coarse search, at least 3.</param>
    /// <param name="tolerance">Relative width at which golden section stops, in (0, 0.1].</param>
    public BoxControlSet(double lower, double upper, int gridPoints = 21, double tolerance = 1e-9)
    {
        FdGuard.Finite(lower, "the lower end of the control box", nameof(lower));
        FdGuard.Finite(upper, "the upper end of the control box", nameof(upper));
        FdGuard.Require(upper >= lower, $"the control box needs upper >= lower (got [{lower}, {upper}]).", nameof(upper));
        FdGuard.Require(gridPoints >= 3, $"the control box search needs at least 3 grid points (got {gridPoints}).", nameof(gridPoints));
        FdGuard.Require(tolerance > 0 && tolerance <= 0.1, $"the golden-section tolerance must lie in (0, 0.1] (got {tolerance}).", nameof(tolerance));
        Lower = lower;
        Upper = upper;
        GridPoints = gridPoints;
        Tolerance = tolerance;
    }

    /// <summary>Lower end.</summary>
    public double Lower { get; }

    /// <summary>Upper end.</summary>
    public double Upper { get; }

    /// <summary>Points of the coarse grid search.</summary>
    public int GridPoints { get; }

    /// <summary>Relative width at which golden section stops.</summary>
    public double Tolerance { get; }

    /// <inheritdoc/>
    public override double InitialGuess => 0.5 * (Lower + Upper);

    internal override double Improve(INodeHamiltonian hamiltonian, double current)
    {
        if (Upper == Lower)
        {
            return Lower;
        }

        double step = (Upper - Lower) / (GridPoints - 1);
        int bestK = 0;
        double bestH = double.NegativeInfinity;
        for (int k = 0; k < GridPoints; k++)
        {
            double h = hamiltonian.Evaluate(Lower + (k * step));
            if (h > bestH)
            {
                bestH = h;
                bestK = k;
            }
        }

        double best = Lower + (bestK * step);
        double a = Math.Max(Lower, best - step), b = Math.Min(Upper, best + step);
        double g = Golden(hamiltonian, a, b, Tolerance * (Upper - Lower), out double gH);
        if (gH > bestH)
        {
            best = g;
            bestH = gH;
        }

        double currentH = hamiltonian.Evaluate(current);
        return Beats(bestH, currentH) ? best : current;
    }

    /// <summary>Golden-section search for the maximum of a unimodal function on [a, b].</summary>
    private static double Golden(INodeHamiltonian h, double a, double b, double width, out double value)
    {
        double c = b - (InvPhi * (b - a)), d = a + (InvPhi * (b - a));
        double fc = h.Evaluate(c), fd = h.Evaluate(d);
        while (b - a > width)
        {
            if (fc >= fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - (InvPhi * (b - a));
                fc = h.Evaluate(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + (InvPhi * (b - a));
                fd = h.Evaluate(d);
            }
        }

        if (fc >= fd)
        {
            value = fc;
            return c;
        }

        value = fd;
        return d;
    }
}
