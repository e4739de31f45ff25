namespace NeuralHjb.Tests.Reference;

/// <summary>Central finite differences used to plug closed forms back into their ODEs and HJBs.</summary>
internal static class CentralDifferences
{
    public static double First(Func<double, double> f, double x, double h) => (f(x + h) - f(x - h)) / (2 * h);

    public static double Second(Func<double, double> f, double x, double h) => (f(x + h) - (2 * f(x)) + f(x - h)) / (h * h);

    /// <summary>Richardson-extrapolated first derivative (error O(h⁴)).</summary>
    public static double FirstAccurate(Func<double, double> f, double x, double h)
        => ((4 * First(f, x, h / 2)) - First(f, x, h)) / 3;

    /// <summary>Richardson-extrapolated second derivative (error O(h⁴)).</summary>
    public static double SecondAccurate(Func<double, double> f, double x, double h)
        => ((4 * Second(f, x, h / 2)) - Second(f, x, h)) / 3;
}
