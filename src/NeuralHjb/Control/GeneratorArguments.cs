namespace NeuralHjb.Control;

/// <summary>
/// Which of y and z a generator f(t, x, y, z) reads (<see cref="ISemilinearPde.GeneratorArguments"/>).
/// Solvers use it to evaluate f over every time step in one call when it does not read y (the
/// recursion for Y then has no sequential dependence), and to skip slicing Z per step when f does not
/// read z. Declaring fewer arguments than f actually reads gives wrong results; declaring more is
/// always safe (only slower).
/// </summary>
[Flags]
public enum GeneratorArguments
{
    /// <summary>f depends on (t, x) only.</summary>
    None = 0,

    /// <summary>f reads y (the value u).</summary>
    Value = 1,

    /// <summary>f reads z (= σᵀ∇u).</summary>
    Gradient = 2,

    /// <summary>f reads both y and z (the safe default).</summary>
    ValueAndGradient = Value | Gradient,
}
