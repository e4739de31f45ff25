namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// The interval a control grid spans for one asset: trade rates (shares per unit time) for execution problems,
/// dollar amounts for portfolio problems.
/// </summary>
/// <param name="Lower">The smallest grid control.</param>
/// <param name="Upper">The largest grid control (greater than <paramref name="Lower"/>).</param>
public sealed record ControlRange(double Lower, double Upper)
{
    /// <summary>Grid point <paramref name="index"/> of <paramref name="count"/> equally spaced points, both ends included.</summary>
    /// <param name="index">0-based index.</param>
    /// <param name="count">Number of points (at least 2).</param>
    /// <returns>The control.</returns>
    public double Point(int index, int count) => Lower + ((Upper - Lower) * index / (count - 1));
}
