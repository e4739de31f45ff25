using System.Collections.ObjectModel;

namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// The nodes of one state coordinate: a strictly increasing sequence of at least three finite numbers.
/// Spacing may be non-uniform; the scheme uses the three-point non-uniform stencils, which are first-order
/// consistent on an arbitrary grid and second-order on a smoothly stretched one.
/// </summary>
public sealed class GridAxis
{
    private readonly double[] nodes;

    /// <summary>Creates an axis from explicit nodes (copied).</summary>
    /// <param name="nodes">Strictly increasing, finite, at least three values.</param>
    /// <exception cref="ArgumentException">Fewer than three nodes, a non-finite node, or nodes not strictly increasing.</exception>
    public GridAxis(IEnumerable<double> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        this.nodes = nodes.ToArray();
        FdGuard.Require(this.nodes.Length >= 3, $"a grid axis needs at least 3 nodes (got {this.nodes.Length}).", nameof(nodes));
        for (int i = 0; i < this.nodes.Length; i++)
        {
            FdGuard.Finite(this.nodes[i], $"grid node {i}", nameof(nodes));
            if (i > 0 && !(this.nodes[i] > this.nodes[i - 1]))
            {
                throw new ArgumentException(
                    $"grid nodes must be strictly increasing (node {i} = {this.nodes[i]} <= node {i - 1} = {this.nodes[i - 1]}).",
                    nameof(nodes));
            }
        }

        Nodes = new ReadOnlyCollection<double>(this.nodes);
    }

    /// <summary>The nodes, increasing.</summary>
    public IReadOnlyList<double> Nodes { get; }

    /// <summary>Number of nodes.</summary>
    public int Count => nodes.Length;

    /// <summary>The first node.</summary>
    public double Lower => nodes[0];

    /// <summary>The last node.</summary>
    public double Upper => nodes[^1];

    /// <summary>The largest cell width.</summary>
    public double MaxSpacing
    {
        get
        {
            double h = 0;
            for (int i = 1; i < nodes.Length; i++)
            {
                h = Math.Max(h, nodes[i] - nodes[i - 1]);
            }

            return h;
        }
    }

    /// <summary>Node <paramref name="i"/>.</summary>
    /// <param name="i">Index in [0, Count).</param>
    public double this[int i] => nodes[i];

    internal double[] Array => nodes;

    /// <summary>Equally spaced nodes <c>lower + (upper − lower)·i/(count − 1)</c>.</summary>
    /// <param name="lower">First node.</param>
    /// <param name="upper">Last node, &gt; <paramref name="lower"/>.</param>
    /// <param name="count">Number of nodes, at least 3.</param>
    public static GridAxis Uniform(double lower, double upper, int count)
    {
        CheckEnds(lower, upper, count);
        var x = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = lower + ((upper - lower) * i / (count - 1));
        }

        x[^1] = upper;
        return new GridAxis(x);
    }

    /// <summary>
    /// Geometrically spaced nodes (uniform in <c>ln x</c>): the natural grid for wealth, where dynamics are
    /// proportional to <c>x</c> and relative accuracy should be the same at every scale.
    /// </summary>
    /// <param name="lower">First node, &gt; 0.</param>
    /// <param name="upper">Last node, &gt; <paramref name="lower"/>.</param>
    /// <param name="count">Number of nodes, at least 3.</param>
    public static GridAxis Geometric(double lower, double upper, int count)
    {
        CheckEnds(lower, upper, count);
        FdGuard.Positive(lower, "the lower end of a geometric grid", nameof(lower));
        double a = Math.Log(lower), b = Math.Log(upper);
        var x = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = Math.Exp(a + ((b - a) * i / (count - 1)));
        }

        x[0] = lower;
        x[^1] = upper;
        return new GridAxis(x);
    }

    /// <summary>
    /// Nodes clustered around <paramref name="center"/>: <c>x = center + w·sinh(ξ)</c> with ξ uniform and
    /// <c>w = (upper − lower)/intensity</c>, so a larger <paramref name="intensity"/> packs more nodes near the
    /// center while the spacing still varies smoothly (the stencils stay second-order consistent).
    /// </summary>
    /// <param name="lower">First node.</param>
    /// <param name="upper">Last node, &gt; <paramref name="lower"/>.</param>
    /// <param name="count">Number of nodes, at least 3.</param>
    /// <param name="center">Where nodes concentrate, in [lower, upper].</param>
    /// <param name="intensity">Clustering strength, &gt; 0 (about 1: mild, 10: strong).</param>
    public static GridAxis Clustered(double lower, double upper, int count, double center, double intensity)
    {
        CheckEnds(lower, upper, count);
        FdGuard.InRange(center, lower, upper, "the cluster center", nameof(center));
        FdGuard.Positive(intensity, "the clustering intensity", nameof(intensity));
        double w = (upper - lower) / intensity;
        double a = Math.Asinh((lower - center) / w), b = Math.Asinh((upper - center) / w);
        var x = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = center + (w * Math.Sinh(a + ((b - a) * i / (count - 1))));
        }

        x[0] = lower;
        x[^1] = upper;
        return new GridAxis(x);
    }

    /// <summary>
    /// Splits every cell into <paramref name="factor"/> equal parts, keeping the existing nodes: the grid of a
    /// refinement study (nodes of the coarse grid are nodes of the fine one, so errors compare point for point).
    /// </summary>
    /// <param name="factor">Number of sub-cells per cell, at least 1.</param>
    public GridAxis Refine(int factor)
    {
        FdGuard.Require(factor >= 1, $"the refinement factor must be >= 1 (got {factor}).", nameof(factor));
        var x = new double[((nodes.Length - 1) * factor) + 1];
        for (int i = 0; i < nodes.Length - 1; i++)
        {
            for (int s = 0; s < factor; s++)
            {
                x[(i * factor) + s] = nodes[i] + ((nodes[i + 1] - nodes[i]) * s / factor);
            }
        }

        x[^1] = nodes[^1];
        return new GridAxis(x);
    }

    /// <summary>Index of the node equal to <paramref name="x"/> within a relative 1e-12, or −1.</summary>
    /// <param name="x">A coordinate.</param>
    public int IndexOf(double x)
    {
        int c = Cell(x);
        if (c < 0)
        {
            return -1;
        }

        double tol = 1e-12 * Math.Max(1, Math.Abs(x));
        if (Math.Abs(nodes[c] - x) <= tol)
        {
            return c;
        }

        return Math.Abs(nodes[c + 1] - x) <= tol ? c + 1 : -1;
    }

    /// <summary>Index c of the cell [x_c, x_{c+1}] containing <paramref name="x"/>, or −1 outside the axis.</summary>
    internal int Cell(double x)
    {
        if (!(x >= nodes[0] && x <= nodes[^1]))
        {
            return -1;
        }

        int k = System.Array.BinarySearch(nodes, x);
        if (k < 0)
        {
            k = ~k - 1;
        }

        return Math.Min(k, nodes.Length - 2);
    }

    private static void CheckEnds(double lower, double upper, int count)
    {
        FdGuard.Finite(lower, "the lower end", nameof(lower));
        FdGuard.Finite(upper, "the upper end", nameof(upper));
        FdGuard.Require(upper > lower, $"the upper end must exceed the lower end (got [{lower}, {upper}]).", nameof(upper));
        FdGuard.Require(count >= 3, $"a grid axis needs at least 3 nodes (got {count}).", nameof(count));
    }
}
