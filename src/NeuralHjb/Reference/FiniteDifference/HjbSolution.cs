namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// The solver's result: values and optimal controls on the grid at the kept times, (bi)linear interpolation
/// between nodes and linear interpolation between kept times, and diagnostics.
/// </summary>
public sealed class HjbSolution
{
    private readonly double[] times;
    private readonly double[][] values;
    private readonly double[][] controls;

    internal HjbSolution(StateGrid grid, double[] times, double[][] values, double[][] controls, HjbDiagnostics diagnostics)
    {
        Grid = grid;
        this.times = times;
        this.values = values;
        this.controls = controls;
        Diagnostics = diagnostics;
    }

    /// <summary>The spatial grid (node k = i + nx·j).</summary>
    public StateGrid Grid { get; }

    /// <summary>Kept times, increasing, from 0 to T.</summary>
    public IReadOnlyList<double> Times => times;

    /// <summary>Diagnostics of the solve.</summary>
    public HjbDiagnostics Diagnostics { get; }

    /// <summary>Values on the grid at kept time <paramref name="timeIndex"/> (a copy).</summary>
    /// <param name="timeIndex">Index into <see cref="Times"/>.</param>
    public double[] ValuesAt(int timeIndex) => (double[])values[CheckTimeIndex(timeIndex)].Clone();

    /// <summary>Optimal controls on the grid at kept time <paramref name="timeIndex"/> (a copy). At the terminal time
    /// this is the maximiser of the Hamiltonian of the terminal condition.</summary>
    /// <param name="timeIndex">Index into <see cref="Times"/>.</param>
    public double[] ControlsAt(int timeIndex) => (double[])controls[CheckTimeIndex(timeIndex)].Clone();

    /// <summary>V(t, x, y) by linear interpolation in time between kept times and (bi)linear in space.</summary>
    /// <param name="t">Time in [0, T].</param>
    /// <param name="x">First coordinate within the grid.</param>
    /// <param name="y">Second coordinate within the grid (ignored in one dimension).</param>
    public double Value(double t, double x, double y = 0) => Interpolate(values, t, x, y);

    /// <summary>u*(t, x, y) by the same interpolation as <see cref="Value"/>.</summary>
    /// <param name="t">Time in [0, T].</param>
    /// <param name="x">First coordinate within the grid.</param>
    /// <param name="y">Second coordinate within the grid (ignored in one dimension).</param>
    public double Control(double t, double x, double y = 0) => Interpolate(controls, t, x, y);

    private int CheckTimeIndex(int timeIndex)
    {
        if ((uint)timeIndex >= (uint)times.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(timeIndex), timeIndex, $"time index must lie in [0, {times.Length}).");
        }

        return timeIndex;
    }

    private double Interpolate(double[][] field, double t, double x, double y)
    {
        double tol = 1e-12 * Math.Max(1, times[^1]);
        if (!(t >= times[0] - tol && t <= times[^1] + tol))
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"time must lie in [{times[0]}, {times[^1]}].");
        }

        int ix = Grid.X.Cell(x);
        if (ix < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, $"x must lie in [{Grid.X.Lower}, {Grid.X.Upper}].");
        }

        int iy = 0;
        double wy = 0;
        if (Grid.Y is not null)
        {
            iy = Grid.Y.Cell(y);
            if (iy < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(y), y, $"y must lie in [{Grid.Y.Lower}, {Grid.Y.Upper}].");
            }

            wy = (y - Grid.Y[iy]) / (Grid.Y[iy + 1] - Grid.Y[iy]);
        }

        double wx = (x - Grid.X[ix]) / (Grid.X[ix + 1] - Grid.X[ix]);
        t = Math.Clamp(t, times[0], times[^1]);
        int k = Array.BinarySearch(times, t);
        if (k >= 0)
        {
            return Spatial(field[k], ix, iy, wx, wy);
        }

        k = ~k - 1;
        double wt = (t - times[k]) / (times[k + 1] - times[k]);
        return ((1 - wt) * Spatial(field[k], ix, iy, wx, wy)) + (wt * Spatial(field[k + 1], ix, iy, wx, wy));
    }

    private double Spatial(double[] f, int ix, int iy, double wx, double wy)
    {
        int k = Grid.Index(ix, iy);
        double lower = ((1 - wx) * f[k]) + (wx * f[k + 1]);
        if (Grid.Y is null)
        {
            return lower;
        }

        int k2 = k + Grid.NX;
        double upper = ((1 - wx) * f[k2]) + (wx * f[k2 + 1]);
        return ((1 - wy) * lower) + (wy * upper);
    }
}
