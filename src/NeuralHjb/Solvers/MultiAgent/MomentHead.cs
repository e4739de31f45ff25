using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// How a network's two output channels become the moments. Whole moments (no exact step part): channel 0 is the first
/// moment m₁, channel 1 the pre-activation of the variance, m₂ = m₁² + softplus(channel 1); the second moment is still
/// what is regressed, but it can never fall below m₁², so an estimation error cannot produce a negative variance that
/// the argmax would reward. Residual moments (what the later steps add to <see cref="StepMoments"/>): channel 1 is the
/// residual's variance term itself, m₂ = m₁² + channel 1, which may be negative (a continuation that hedges the step's
/// move); the estimator floors the total variance at zero instead.
/// </summary>
internal static class MomentHead
{
    /// <summary>[B, 2, K] raw → [B, 2, K] (m₁, m₂).</summary>
    public static Tensor Moments(Tensor raw, bool residual)
    {
        var b = raw.Size(0);
        var k = raw.Size(2);
        var m1 = raw.Slice(1, 0, 1);
        var variance = raw.Slice(1, 1, 1);
        var m2 = m1.Square() + (residual ? variance : variance.Softplus());
        return Tensor.Concat([m1, m2], 1).Reshape([b, 2, k]);
    }

    /// <summary>
    /// Raw outputs of one step re-expressed in the units of another whose gain scale is larger by 1/<paramref name="ratio"/>:
    /// m₁ ← ratio·m₁, variance ← ratio²·variance (through softplus and its inverse for whole moments).
    /// </summary>
    public static Tensor Rescale(Tensor raw, double ratio, bool residual)
    {
        var m1 = raw.Slice(1, 0, 1) * ratio;
        if (residual)
        {
            return Tensor.Concat([m1, raw.Slice(1, 1, 1) * (ratio * ratio)], 1);
        }

        var variance = (raw.Slice(1, 1, 1).Softplus() * (ratio * ratio)).Maximum(1e-6);

        // softplus⁻¹(y) = y + log(1 − e^{−y}); the floor keeps 1 − e^{−y} representable in float32.
        var pre = variance + (variance.Neg().Exp().RSub(1.0)).Log();
        return Tensor.Concat([m1, pre], 1);
    }
}
