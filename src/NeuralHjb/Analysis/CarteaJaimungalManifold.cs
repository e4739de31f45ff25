namespace NeuralHjb.Analysis;

/// <summary>
/// The coordinates of a projected execution control on the Cartea–Jaimungal closed-form manifold
/// ν = (h₁(t) + (α + h₂(t)) q)/(2κ): from the affine fit ν ≈ β₁(t) + β₂(t) q,
/// h̃₁ = 2κβ₁ and h̃₂ = 2κβ₂ − α (REFERENCES §3). For the closed form itself h̃₁ = 0, h̃₂ = h₂ and R² = 1.
/// </summary>
/// <param name="Times">tₖ.</param>
/// <param name="H1">h̃₁(tₖ).</param>
/// <param name="H2">h̃₂(tₖ).</param>
/// <param name="RSquared">R²(tₖ) of the affine fit.</param>
public sealed record CarteaJaimungalManifold(IReadOnlyList<double> Times, IReadOnlyList<double> H1, IReadOnlyList<double> H2, IReadOnlyList<double> RSquared)
{
    /// <summary>Gets the smallest R² over time.</summary>
    public double MinRSquared => RSquared.Min();

    /// <summary>Maps an affine projection [1, q] to (h̃₁, h̃₂).</summary>
    /// <param name="projection">A projection on <see cref="ProjectionBasis.Affine(int, string)"/> of the inventory.</param>
    /// <param name="kappa">κ, the temporary impact (positive).</param>
    /// <param name="alpha">α, the permanent impact.</param>
    /// <returns>The manifold coordinates.</returns>
    public static CarteaJaimungalManifold FromProjection(PolicyProjectionResult projection, double kappa, double alpha)
    {
        ArgumentNullException.ThrowIfNull(projection);
        if (projection.BasisNames.Count != 2)
        {
            throw new ArgumentException($"the projection must be on an affine basis [1, q] (it has {projection.BasisNames.Count} functions).", nameof(projection));
        }

        if (!(kappa > 0) || !double.IsFinite(kappa))
        {
            throw new ArgumentOutOfRangeException(nameof(kappa), kappa, "kappa must be positive and finite.");
        }

        var n = projection.Times.Count;
        var h1 = new double[n];
        var h2 = new double[n];
        for (var k = 0; k < n; k++)
        {
            h1[k] = 2 * kappa * projection.Coefficients[k][0];
            h2[k] = (2 * kappa * projection.Coefficients[k][1]) - alpha;
        }

        return new CarteaJaimungalManifold(projection.Times, h1, h2, projection.RSquared);
    }
}
