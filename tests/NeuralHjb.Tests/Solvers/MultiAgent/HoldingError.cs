namespace NeuralHjb.Tests.Solvers.MultiAgent;

/// <summary>Relative L2 distance between a learned holding path and a reference over the decision times.</summary>
internal static class HoldingError
{
    public static double RelativeL2(IReadOnlyList<IReadOnlyList<double>> learned, int asset, Func<int, double> reference)
    {
        var num = 0.0;
        var den = 0.0;
        for (var n = 0; n < learned.Count; n++)
        {
            var r = reference(n);
            var e = learned[n][asset] - r;
            num += e * e;
            den += r * r;
        }

        return Math.Sqrt(num / den);
    }
}
