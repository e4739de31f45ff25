namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// What a closed-form control optimiser sees at one node: time, state, value, the current control and
/// finite-difference derivative estimates (central in the interior; one-sided first and nearest-interior
/// second derivatives on the boundary). One-dimensional problems have zeros in the y entries.
/// </summary>
public readonly record struct ControlContext
{
    /// <summary>Calendar time.</summary>
    public double T { get; init; }

    /// <summary>First state coordinate.</summary>
    public double X { get; init; }

    /// <summary>Second state coordinate (0 in one dimension).</summary>
    public double Y { get; init; }

    /// <summary>The value at the node.</summary>
    public double V { get; init; }

    /// <summary><c>∂V/∂x</c>.</summary>
    public double Vx { get; init; }

    /// <summary><c>∂V/∂y</c>.</summary>
    public double Vy { get; init; }

    /// <summary><c>∂²V/∂x²</c>.</summary>
    public double Vxx { get; init; }

    /// <summary><c>∂²V/∂y²</c>.</summary>
    public double Vyy { get; init; }

    /// <summary><c>∂²V/∂x∂y</c>.</summary>
    public double Vxy { get; init; }

    /// <summary>The control currently used at this node.</summary>
    public double CurrentControl { get; init; }
}
