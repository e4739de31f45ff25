using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>What a <see cref="HyperplaneConstraint"/> asks of V on its hyperplane.</summary>
public enum ConstraintKind
{
    /// <summary>V = target: penalty (V − target)².</summary>
    Equal,

    /// <summary>V ≤ target: hinge penalty max(V − target, 0)².</summary>
    AtMost,
}

/// <summary>
/// A soft boundary condition on a hyperplane {x_c = a}: points (t, x) are drawn from the collocation
/// domain with coordinate c set to a, and V there is penalised toward a target (equality) or below
/// it (hinge). For Gatheral–Schied the zero-inventory boundary Γ(τ, 0, S) = 0 (λ = 0) or ≤ 0 (λ &gt; 0).
/// </summary>
public sealed class HyperplaneConstraint
{
    /// <summary>Creates the constraint.</summary>
    /// <param name="coordinate">c, the coordinate held fixed.</param>
    /// <param name="at">a, its value.</param>
    /// <param name="kind">Equality or upper bound.</param>
    /// <param name="target">The target value of V (finite).</param>
    public HyperplaneConstraint(int coordinate, double at, ConstraintKind kind, double target = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(coordinate);
        if (!double.IsFinite(at))
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, "at must be finite.");
        }

        if (!double.IsFinite(target))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "target must be finite.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown ConstraintKind.");
        }

        Coordinate = coordinate;
        At = at;
        Kind = kind;
        Target = target;
    }

    /// <summary>Gets the coordinate held fixed.</summary>
    public int Coordinate { get; }

    /// <summary>Gets its value on the hyperplane.</summary>
    public double At { get; }

    /// <summary>Gets the kind of condition.</summary>
    public ConstraintKind Kind { get; }

    /// <summary>Gets the target value of V.</summary>
    public double Target { get; }

    /// <summary>Moves states onto the hyperplane.</summary>
    /// <param name="x">States [batch, d].</param>
    /// <returns>States with coordinate c set to a.</returns>
    public Tensor Project(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var d = x.Size(1);
        if (Coordinate >= d)
        {
            throw new ArgumentException($"the constraint fixes coordinate {Coordinate} but the state has {d}.", nameof(x));
        }

        var parts = new List<Tensor>(3);
        if (Coordinate > 0)
        {
            parts.Add(x.Slice(1, 0, Coordinate));
        }

        parts.Add(Tensor.Full([x.Size(0), 1], At, x.DType));
        if (Coordinate < d - 1)
        {
            parts.Add(x.Slice(1, Coordinate + 1, d - Coordinate - 1));
        }

        return parts.Count == 1 ? parts[0] : Tensor.Concat(parts, 1);
    }

    /// <summary>The mean penalty of V values taken on the hyperplane.</summary>
    /// <param name="value">V [batch, 1] at projected points.</param>
    /// <returns>A one-element tensor.</returns>
    public Tensor Penalty(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var gap = Target == 0 ? value : value - Target;
        return Kind == ConstraintKind.Equal ? gap.Square().Mean() : gap.Relu().Square().Mean();
    }

    /// <inheritdoc />
    public override string ToString() => $"V {(Kind == ConstraintKind.Equal ? "=" : "≤")} {Target} on x[{Coordinate}] = {At}";
}
