namespace NeuralHjb.Reference;

/// <summary>
/// The exact solution of the N-step θ-scheme of the HJB-LQ BSDE (<see cref="HjbLqEulerScheme.Solve"/>): Y₀ at x₀ = 0
/// and every Zᵢ(x) = ζᵢ(|x|) x/|x|, held on the scheme's radial grid. It is what a BSDE solver of this discretisation
/// converges to with perfect networks, so a trained Z can be measured against it step by step.
/// </summary>
public sealed class HjbLqSchemeSolution
{
    private readonly double _gridStep;
    private readonly double[][] _radialZ;

    internal HjbLqSchemeSolution(double value, double horizon, double gridStep, double[][] radialZ)
    {
        Value = value;
        Horizon = horizon;
        _gridStep = gridStep;
        _radialZ = radialZ;
    }

    /// <summary>Gets Y₀ of the scheme at x₀ = 0 (as <see cref="HjbLqEulerScheme.Value(int, double, double, int, double)"/>).</summary>
    public double Value { get; }

    /// <summary>Gets the horizon T.</summary>
    public double Horizon { get; }

    /// <summary>Gets N, the number of time steps.</summary>
    public int TimeSteps => _radialZ.Length;

    /// <summary>Writes Zᵢ(x) = σᵀ∇Yᵢ as the scheme defines it (E[Yᵢ₊₁ΔWᵢ | Xᵢ = x]/Δt, θ-weighted) into <paramref name="z"/>.</summary>
    /// <param name="timeIndex">i, 0 ≤ i &lt; N (Z₀ is only defined at x₀ = 0, where it is 0).</param>
    /// <param name="x">The state, length d.</param>
    /// <param name="z">Receives Zᵢ(x), length d.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time index is outside [0, N).</exception>
    /// <exception cref="ArgumentException">x and z differ in length.</exception>
    public void Z(int timeIndex, ReadOnlySpan<double> x, Span<double> z)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timeIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(timeIndex, TimeSteps);
        if (x.Length != z.Length)
        {
            throw new ArgumentException($"z must have the length of x ({x.Length}), got {z.Length}.", nameof(z));
        }

        double squared = 0;
        foreach (var v in x)
        {
            squared += v * v;
        }

        double r = Math.Sqrt(squared);
        double along = timeIndex == 0 || r == 0 ? 0 : HjbLqEulerScheme.Interpolate(_radialZ[timeIndex], _gridStep, Math.Log(1 + squared)) / r;
        for (int k = 0; k < x.Length; k++)
        {
            z[k] = along * x[k];
        }
    }
}
