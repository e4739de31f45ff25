namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>How the value is closed at one end of one grid axis.</summary>
/// <remarks>
/// <para><b>Linear extrapolation</b> (the default) introduces a ghost node <c>V_ghost = 2V_b − V_inner</c>
/// at the mirrored spacing: the second derivative normal to the boundary vanishes and the normal first
/// derivative becomes the one-sided difference into the domain. This is monotone when the drift at the
/// boundary points into the domain (or vanishes, as for wealth at x = 0); with outward drift the row loses
/// the M-matrix sign pattern and is counted in <see cref="HjbDiagnostics.NonMonotoneRows"/>. Place such
/// boundaries far from the region of interest.</para>
/// <para><b>Dirichlet</b> prescribes <c>V(t, x, y)</c> from a user function on the whole boundary line.</para>
/// </remarks>
public sealed class BoundaryCondition
{
    private BoundaryCondition(BoundaryValueFunction? value) => DirichletValue = value;

    /// <summary>Zero second derivative normal to the boundary (ghost node by linear extrapolation).</summary>
    public static BoundaryCondition LinearExtrapolation { get; } = new(null);

    /// <summary>True for a Dirichlet condition.</summary>
    public bool IsDirichlet => DirichletValue is not null;

    /// <summary>The prescribed value for a Dirichlet condition; null otherwise.</summary>
    public BoundaryValueFunction? DirichletValue { get; }

    /// <summary>A Dirichlet condition <c>V = value(t, x, y)</c>.</summary>
    /// <param name="value">The prescribed boundary value.</param>
    public static BoundaryCondition Dirichlet(BoundaryValueFunction value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new BoundaryCondition(value);
    }
}
