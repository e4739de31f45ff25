namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>Whether the Hamiltonian is maximised (reward, e.g. expected utility) or minimised (cost).</summary>
/// <remarks>
/// The solver searches controls for the maximum of <c>s·H(u)</c> with <c>s = +1</c> for
/// <see cref="Maximize"/> and <c>s = −1</c> for <see cref="Minimize"/>; everything else (the scheme, the
/// linear solves) is the same for both senses.
/// </remarks>
public enum OptimizationSense
{
    /// <summary><c>V_t + max_u {…} = 0</c>: the value is a supremum of rewards.</summary>
    Maximize = 0,

    /// <summary><c>V_t + min_u {…} = 0</c>: the value is an infimum of costs.</summary>
    Minimize = 1,
}
