namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// One agent's grid of discretised controls: the product over assets of equally spaced points (asset 0 varies
/// slowest), and the linear search for the best control with an optional quadratic refinement off the grid.
/// </summary>
internal sealed class ControlGrid
{
    /// <summary>Refinement fits 3^N points; beyond this many assets the search stays on the grid.</summary>
    private const int MaxRefinedAssets = 3;

    private readonly ControlRange[] _ranges;
    /// <summary>Widest stencil half-width used by the refinement.</summary>
    private const int MaxHalfWidth = 2;

    private readonly QuadraticStencil?[][] _stencils;

    public ControlGrid(IReadOnlyList<ControlRange> ranges, int pointsPerAsset)
    {
        _ranges = [.. ranges];
        Assets = _ranges.Length;
        PointsPerAsset = pointsPerAsset;
        var count = 1;
        for (var i = 0; i < Assets; i++)
        {
            count = checked(count * pointsPerAsset);
        }

        Count = count;
        Controls = new double[count * Assets];
        Coordinates = new double[Assets * count];
        for (var k = 0; k < count; k++)
        {
            var rest = k;
            for (var i = Assets - 1; i >= 0; i--)
            {
                var index = rest % pointsPerAsset;
                rest /= pointsPerAsset;
                Controls[(k * Assets) + i] = _ranges[i].Point(index, pointsPerAsset);
                Coordinates[(i * count) + k] = (2.0 * index / (pointsPerAsset - 1)) - 1;
            }
        }

        _stencils = new QuadraticStencil?[MaxHalfWidth][];
        for (var h = 0; h < MaxHalfWidth; h++)
        {
            _stencils[h] = new QuadraticStencil?[1 << Assets];
        }
    }

    public int Assets { get; }

    public int PointsPerAsset { get; }

    /// <summary>Number of grid controls (PointsPerAsset^Assets).</summary>
    public int Count { get; }

    /// <summary>The controls, [Count, Assets].</summary>
    public double[] Controls { get; }

    /// <summary>Each grid point's position scaled to [−1, 1] per asset, [Assets, Count] (network inputs).</summary>
    public double[] Coordinates { get; }

    /// <summary>The grid's width (upper − lower) for an asset.</summary>
    public double Width(int asset) => _ranges[asset].Upper - _ranges[asset].Lower;

    /// <summary>The grid's range for an asset.</summary>
    public ControlRange Range(int asset) => _ranges[asset];

    /// <summary>
    /// Picks the control maximising <paramref name="criterion"/> over the grid (linear search); with
    /// <paramref name="refine"/>, moves off the grid by a Newton step on a quadratic fitted on the 3^f stencil around
    /// the best point (f the assets whose best index is interior), clamped to one spacing, and interpolates the
    /// moments there with the same fit.
    /// </summary>
    public void Choose(ReadOnlySpan<double> criterion, ReadOnlySpan<double> m1, ReadOnlySpan<double> m2, bool refine, Span<double> control, out double mean, out double second)
    {
        var best = 0;
        for (var k = 1; k < Count; k++)
        {
            if (criterion[k] > criterion[best])
            {
                best = k;
            }
        }

        for (var i = 0; i < Assets; i++)
        {
            control[i] = Controls[(best * Assets) + i];
        }

        mean = m1[best];
        second = m2[best];
        if (!refine || Assets > MaxRefinedAssets)
        {
            return;
        }

        // Axes where the best point is interior are refined; the stencil is as wide as the grid allows on all of them.
        var rest = best;
        var mask = 0;
        var half = MaxHalfWidth;
        for (var i = Assets - 1; i >= 0; i--)
        {
            var index = rest % PointsPerAsset;
            rest /= PointsPerAsset;
            var room = Math.Min(index, PointsPerAsset - 1 - index);
            if (room > 0)
            {
                mask |= 1 << i;
                half = Math.Min(half, room);
            }
        }

        if (mask == 0)
        {
            return;
        }

        var stencil = _stencils[half - 1][mask] ??= new QuadraticStencil(mask, Assets, PointsPerAsset, half);
        if (stencil.Maximise(criterion, best, out var offset))
        {
            for (var a = 0; a < stencil.Free.Length; a++)
            {
                var i = stencil.Free[a];
                control[i] += offset[a] * (Width(i) / (PointsPerAsset - 1));
            }

            mean = stencil.Interpolate(m1, best, offset);
            second = stencil.Interpolate(m2, best, offset);
        }
    }
}
