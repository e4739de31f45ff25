namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>The terminal utility of a portfolio problem.</summary>
public enum UtilityKind
{
    /// <summary><c>U(x) = x^p/p</c>, p &lt; 1, p ≠ 0.</summary>
    Power = 0,

    /// <summary><c>U(x) = ln x</c>.</summary>
    Log = 1,

    /// <summary><c>U(x) = −e^{−a x}/a</c>, a &gt; 0.</summary>
    Exponential = 2,
}
