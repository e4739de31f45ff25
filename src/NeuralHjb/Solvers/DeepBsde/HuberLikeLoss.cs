using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// The terminal loss of the published deep BSDE code: the mean of δ² where |δ| &lt; c and of the
/// continuation 2c|δ| − c² beyond (quadratic near zero, linear in the tails, C¹ at |δ| = c).
/// </summary>
public static class HuberLikeLoss
{
    /// <summary>Computes mean(ℓ(δ)) with ℓ(δ) = m² + 2c(|δ| − m), m = min(|δ|, c), which equals δ² for |δ| ≤ c and 2c|δ| − c² beyond.</summary>
    /// <param name="delta">Residuals (any shape).</param>
    /// <param name="clip">c &gt; 0.</param>
    /// <returns>A scalar tensor.</returns>
    public static Tensor Mean(Tensor delta, double clip)
    {
        ArgumentNullException.ThrowIfNull(delta);
        OptionChecks.Positive(clip, nameof(clip));
        var a = delta.Abs();
        var m = a.Minimum(clip);
        return (m.Square() + ((a - m) * (2 * clip))).Mean();
    }
}
