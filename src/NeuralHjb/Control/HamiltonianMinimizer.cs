using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>
/// A closed-form minimiser of the Hamiltonian over the control:
/// u*(t, x, ∇V, ∇²V) = argmin_u { b(t, x, u)·∇V + ½ tr(σσᵀ(t, x, u) ∇²V) + f(t, x, u) }.
/// </summary>
/// <param name="t">Time: zero-dimensional or [batch, 1].</param>
/// <param name="x">State [batch, d].</param>
/// <param name="gradient">∇V [batch, d].</param>
/// <param name="hessian">∇²V [batch, d, d], or null when the minimiser does not need it.</param>
/// <param name="preferences">Per-sample parameter values, or null.</param>
/// <returns>u* [batch, c].</returns>
public delegate Tensor HamiltonianMinimizerFunction(Tensor t, Tensor x, Tensor gradient, Tensor? hessian, PreferenceBatch? preferences);

/// <summary>A closed-form Hamiltonian minimiser and whether it reads the Hessian.</summary>
public sealed class HamiltonianMinimizer
{
    private readonly HamiltonianMinimizerFunction _function;

    /// <summary>Wraps a minimiser.</summary>
    /// <param name="function">The minimiser.</param>
    /// <param name="needsHessian">True when the minimiser reads ∇²V (solvers then compute it).</param>
    /// <param name="description">The formula, for docs and diagnostics.</param>
    public HamiltonianMinimizer(HamiltonianMinimizerFunction function, bool needsHessian, string description)
    {
        _function = function ?? throw new ArgumentNullException(nameof(function));
        NeedsHessian = needsHessian;
        Description = description ?? string.Empty;
    }

    /// <summary>Gets a value indicating whether the minimiser reads ∇²V.</summary>
    public bool NeedsHessian { get; }

    /// <summary>Gets the formula in words.</summary>
    public string Description { get; }

    /// <summary>Evaluates u*.</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="gradient">∇V [batch, d].</param>
    /// <param name="hessian">∇²V [batch, d, d]; required when <see cref="NeedsHessian"/>.</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>u* [batch, c].</returns>
    public Tensor Minimize(Tensor t, Tensor x, Tensor gradient, Tensor? hessian = null, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gradient);
        if (NeedsHessian && hessian is null)
        {
            throw new ArgumentNullException(nameof(hessian), "this minimiser needs the Hessian ∇²V.");
        }

        return _function(t, x, gradient, hessian, preferences);
    }
}

/// <summary>
/// A symmetry of the value function: V(t, x) = V(t, T(x)) for a map T of the state (PINN solvers
/// add the penalty [V(t, x) − V(t, T(x))]²).
/// </summary>
public interface IValueSymmetry
{
    /// <summary>Gets the symmetry in words, e.g. "Γ(τ, X, S) = Γ(τ, −X, −S)".</summary>
    string Description { get; }

    /// <summary>Maps states to their images.</summary>
    /// <param name="x">State [batch, d].</param>
    /// <returns>T(x), [batch, d].</returns>
    Tensor Apply(Tensor x);
}

/// <summary>A reflection symmetry: T(x)ᵢ = sᵢ xᵢ with every sᵢ ∈ {−1, 1}.</summary>
public sealed class ReflectionSymmetry : IValueSymmetry
{
    private readonly ConstantTensor _signs;

    /// <summary>Creates the reflection.</summary>
    /// <param name="signs">One sign (−1 or 1) per state coordinate.</param>
    /// <param name="description">The symmetry in words.</param>
    public ReflectionSymmetry(IReadOnlyList<double> signs, string description)
    {
        ArgumentNullException.ThrowIfNull(signs);
        foreach (var s in signs)
        {
            if (s is not (1.0 or -1.0))
            {
                throw new ArgumentOutOfRangeException(nameof(signs), "every sign must be -1 or 1.");
            }
        }

        Signs = [.. signs];
        _signs = new ConstantTensor([.. signs], signs.Count);
        Description = description ?? string.Empty;
    }

    /// <summary>Gets the sign of each coordinate.</summary>
    public IReadOnlyList<double> Signs { get; }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public Tensor Apply(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x * _signs.For(x.DType);
    }
}
