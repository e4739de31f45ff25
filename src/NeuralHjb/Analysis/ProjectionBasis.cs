namespace NeuralHjb.Analysis;

/// <summary>
/// The functions a policy is projected on: features φⱼ(t, x) such that the projected control is
/// u ≈ Σⱼ βⱼ(t) φⱼ(t, x), one regression per time. The closed-form manifold of a linear-quadratic execution
/// problem is <see cref="Affine(int, string)"/> in the inventory: u = β₁(t) + β₂(t) q.
/// </summary>
public abstract class ProjectionBasis
{
    /// <summary>Initialises the feature names.</summary>
    /// <param name="names">One name per feature (at least one).</param>
    protected ProjectionBasis(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            throw new ArgumentException("a basis needs at least one function.", nameof(names));
        }

        Names = [.. names];
    }

    /// <summary>Gets the feature names, in coefficient order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Gets the number of features p.</summary>
    public int Count => Names.Count;

    /// <summary>Gets whether the first feature is the constant 1 (then R² is the centred one).</summary>
    public virtual bool HasIntercept => false;

    /// <summary>Evaluates the features at one point.</summary>
    /// <param name="t">Time.</param>
    /// <param name="state">The full state.</param>
    /// <param name="features">Destination of length <see cref="Count"/>.</param>
    public abstract void Evaluate(double t, ReadOnlySpan<double> state, Span<double> features);

    /// <summary>The affine basis [1, x_i]: the closed-form manifold of linear feedback in one coordinate.</summary>
    /// <param name="stateIndex">The coordinate (e.g. 1 for the inventory of Cartea–Jaimungal).</param>
    /// <param name="name">Display name of the coordinate.</param>
    /// <returns>The basis.</returns>
    public static ProjectionBasis Affine(int stateIndex, string name = "x") => Polynomial(stateIndex, 1, name);

    /// <summary>The polynomial basis [1, x_i, …, x_i^degree].</summary>
    /// <param name="stateIndex">The coordinate (non-negative).</param>
    /// <param name="degree">The degree (at least 1).</param>
    /// <param name="name">Display name of the coordinate.</param>
    /// <returns>The basis.</returns>
    public static ProjectionBasis Polynomial(int stateIndex, int degree, string name = "x")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stateIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(degree, 1);
        var names = new string[degree + 1];
        names[0] = "1";
        for (var j = 1; j <= degree; j++)
        {
            names[j] = j == 1 ? name : $"{name}^{j}";
        }

        return new PolynomialBasis(names, stateIndex, degree);
    }

    /// <summary>A user-given basis.</summary>
    /// <param name="names">Feature names.</param>
    /// <param name="evaluate">Fills the features for (t, state).</param>
    /// <param name="hasIntercept">Whether the first feature is the constant 1.</param>
    /// <returns>The basis.</returns>
    public static ProjectionBasis Custom(IReadOnlyList<string> names, FeatureFunction evaluate, bool hasIntercept = false)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        return new CustomBasis(names, evaluate, hasIntercept);
    }

    /// <summary>Fills <paramref name="features"/> for one point.</summary>
    /// <param name="t">Time.</param>
    /// <param name="state">The full state.</param>
    /// <param name="features">Destination.</param>
    public delegate void FeatureFunction(double t, ReadOnlySpan<double> state, Span<double> features);

    private sealed class PolynomialBasis(IReadOnlyList<string> names, int index, int degree) : ProjectionBasis(names)
    {
        public override bool HasIntercept => true;

        public override void Evaluate(double t, ReadOnlySpan<double> state, Span<double> features)
        {
            if (index >= state.Length)
            {
                throw new ArgumentException($"the basis reads state coordinate {index} but the state has {state.Length}.", nameof(state));
            }

            var x = state[index];
            var power = 1.0;
            for (var j = 0; j <= degree; j++)
            {
                features[j] = power;
                power *= x;
            }
        }
    }

    private sealed class CustomBasis(IReadOnlyList<string> names, FeatureFunction evaluate, bool hasIntercept) : ProjectionBasis(names)
    {
        public override bool HasIntercept => hasIntercept;

        public override void Evaluate(double t, ReadOnlySpan<double> state, Span<double> features) => evaluate(t, state, features);
    }
}
