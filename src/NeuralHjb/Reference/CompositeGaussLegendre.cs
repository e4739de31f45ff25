using MathNet.Numerics.Integration;

namespace NeuralHjb.Reference;

/// <summary>Composite Gauss–Legendre quadrature on equal panels (MathNet supplies the nodes and weights).</summary>
internal static class CompositeGaussLegendre
{
    public static double Integrate(Func<double, double> f, double a, double b, int panels, int order)
    {
        if (!(b > a))
        {
            return 0;
        }

        var rule = new GaussLegendreRule(-1, 1, order);
        double width = (b - a) / panels;
        double half = width / 2;
        double sum = 0;
        for (int p = 0; p < panels; p++)
        {
            double mid = a + ((p + 0.5) * width);
            double panel = 0;
            for (int i = 0; i < order; i++)
            {
                panel += rule.Weights[i] * f(mid + (half * rule.Abscissas[i]));
            }

            sum += panel * half;
        }

        return sum;
    }
}
