namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// The cubature rule that replaces one step's Brownian increment N(0, dt·I_m): 3-point Gauss–Hermite for m = 1
/// (exact to degree 5), the symmetric 2m-point rule ±√(m dt) eᵢ otherwise (exact to degree 3).
/// </summary>
internal static class CubatureRule
{
    /// <summary>The nodes: each a weight and one increment of width m.</summary>
    public static IReadOnlyList<(double Weight, double[] Point)> Nodes(int width, double dt)
    {
        var nodes = new List<(double, double[])>();
        if (width == 1)
        {
            // 0 and ±√(3 dt) with weights 2/3, 1/6, 1/6.
            var a = Math.Sqrt(3 * dt);
            nodes.Add((2.0 / 3, [0.0]));
            nodes.Add((1.0 / 6, [a]));
            nodes.Add((1.0 / 6, [-a]));
            return nodes;
        }

        var b = Math.Sqrt(width * dt);
        for (var i = 0; i < width; i++)
        {
            var plus = new double[width];
            var minus = new double[width];
            plus[i] = b;
            minus[i] = -b;
            nodes.Add((0.5 / width, plus));
            nodes.Add((0.5 / width, minus));
        }

        return nodes;
    }

    /// <summary>A node's increment repeated for <paramref name="rows"/> rows, [rows, m].</summary>
    public static double[] Repeat(double[] point, int rows)
    {
        var width = point.Length;
        var a = new double[rows * width];
        for (var r = 0; r < rows; r++)
        {
            Array.Copy(point, 0, a, r * width, width);
        }

        return a;
    }
}
