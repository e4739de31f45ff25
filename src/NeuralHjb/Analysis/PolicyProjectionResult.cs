namespace NeuralHjb.Analysis;

/// <summary>
/// A policy projected on a basis, time by time: uₖ ≈ Σⱼ βⱼ(tₖ) φⱼ(tₖ, xₖ) with the OLS coefficients and the
/// share of the control's variance the projection explains (R²).
/// </summary>
public sealed class PolicyProjectionResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="basisNames">Feature names.</param>
    /// <param name="times">tₖ.</param>
    /// <param name="coefficients">βⱼ(tₖ), one array of p coefficients per time.</param>
    /// <param name="rSquared">R²(tₖ).</param>
    /// <param name="residualRms">Root-mean-square residual at each time (in control units).</param>
    public PolicyProjectionResult(IReadOnlyList<string> basisNames, IReadOnlyList<double> times, IReadOnlyList<double[]> coefficients, IReadOnlyList<double> rSquared, IReadOnlyList<double> residualRms)
    {
        ArgumentNullException.ThrowIfNull(basisNames);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(coefficients);
        ArgumentNullException.ThrowIfNull(rSquared);
        ArgumentNullException.ThrowIfNull(residualRms);
        if (coefficients.Count != times.Count || rSquared.Count != times.Count || residualRms.Count != times.Count)
        {
            throw new ArgumentException("times, coefficients, rSquared and residualRms must have one entry per time.", nameof(coefficients));
        }

        BasisNames = [.. basisNames];
        Times = [.. times];
        Coefficients = [.. coefficients];
        RSquared = [.. rSquared];
        ResidualRms = [.. residualRms];
    }

    /// <summary>Gets the feature names.</summary>
    public IReadOnlyList<string> BasisNames { get; }

    /// <summary>Gets the times tₖ.</summary>
    public IReadOnlyList<double> Times { get; }

    /// <summary>Gets βⱼ(tₖ): <c>Coefficients[k][j]</c>.</summary>
    public IReadOnlyList<double[]> Coefficients { get; }

    /// <summary>Gets R²(tₖ): 1 when the control lies exactly on the span of the basis.</summary>
    public IReadOnlyList<double> RSquared { get; }

    /// <summary>Gets the root-mean-square residual at each time.</summary>
    public IReadOnlyList<double> ResidualRms { get; }

    /// <summary>Gets the smallest R² over time.</summary>
    public double MinRSquared => RSquared.Min();

    /// <summary>The coefficient of one feature over time.</summary>
    /// <param name="index">The feature index.</param>
    /// <returns>βⱼ(tₖ) for every k.</returns>
    public double[] Coefficient(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BasisNames.Count);
        var c = new double[Times.Count];
        for (var k = 0; k < c.Length; k++)
        {
            c[k] = Coefficients[k][index];
        }

        return c;
    }
}
