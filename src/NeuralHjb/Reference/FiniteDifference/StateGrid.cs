namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// A rectangular (tensor-product) grid in one or two state dimensions. Nodes are numbered
/// <c>k = i + nx·j</c> (x fastest), the layout of every value and control array the solver returns.
/// </summary>
public sealed class StateGrid
{
    /// <summary>Creates a 1-D grid (<paramref name="y"/> null) or a 2-D grid.</summary>
    /// <param name="x">The first state coordinate.</param>
    /// <param name="y">The second state coordinate, or null for a one-dimensional problem.</param>
    public StateGrid(GridAxis x, GridAxis? y = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        X = x;
        Y = y;
    }

    /// <summary>The first coordinate.</summary>
    public GridAxis X { get; }

    /// <summary>The second coordinate; null in one dimension.</summary>
    public GridAxis? Y { get; }

    /// <summary>1 or 2.</summary>
    public int Dimension => Y is null ? 1 : 2;

    /// <summary>Nodes along x.</summary>
    public int NX => X.Count;

    /// <summary>Nodes along y (1 in one dimension).</summary>
    public int NY => Y?.Count ?? 1;

    /// <summary>Total number of nodes.</summary>
    public int NodeCount => NX * NY;

    /// <summary>Flat index of node (i, j).</summary>
    /// <param name="i">x index.</param>
    /// <param name="j">y index (0 in one dimension).</param>
    public int Index(int i, int j = 0) => i + (NX * j);

    /// <summary>The y coordinate of row <paramref name="j"/> (0 in one dimension).</summary>
    internal double YAt(int j) => Y is null ? 0.0 : Y[j];
}
