using NeuralHjb.Tensors;

namespace NeuralHjb.Optim;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay, matching PyTorch's
/// <c>torch.optim.AdamW</c> (non-foreach path, <c>maximize=False</c>).
/// </summary>
/// <remarks>
/// For each parameter θ with gradient g, at its own step t = 1, 2, … (parameters without a gradient are
/// skipped and their t does not advance), with learning rate γ and weight decay λ of its group:
/// <code>
/// θ  ← θ·(1 − γ·λ)                               (decoupled weight decay, first)
/// m  ← β1·m + (1 − β1)·g
/// v  ← β2·v + ((1 − β2)·g)·g
/// v̂  ← max(v̂, v)                                 (AMSGrad only; v̂ starts at 0; NaN propagates)
/// θ  ← θ + (−γ/(1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + ε)   (√v̂ instead of √v with AMSGrad)
/// </code>
/// with m = v = 0 before the first step. The bias corrections 1 − β1ᵗ, 1 − β2ᵗ, the step size and
/// √(1 − β2ᵗ) are computed in float64 and then converted to the parameter's dtype. State buffers:
/// <c>exp_avg</c> (m), <c>exp_avg_sq</c> (v) and, with AMSGrad, <c>max_exp_avg_sq</c> (v̂).
/// </remarks>
public sealed class AdamW : AdamBase
{

    /// <summary>Creates AdamW over one group of parameters.</summary>
    /// <param name="parameters">Leaf tensors requiring gradients (non-empty, no duplicates).</param>
    /// <param name="learningRate">γ, finite and &gt; 0.</param>
    /// <param name="beta1">β1 in [0, 1): decay of the first moment.</param>
    /// <param name="beta2">β2 in [0, 1): decay of the second moment.</param>
    /// <param name="epsilon">ε ≥ 0 added to the denominator.</param>
    /// <param name="weightDecay">λ ≥ 0, decoupled: the parameter is first multiplied by 1 − γ·λ.</param>
    /// <param name="amsgrad">Use the running maximum of the second moment (AMSGrad).</param>
    /// <exception cref="ArgumentException">Invalid parameter list.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public AdamW(IReadOnlyList<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, decoupled: true)
    {
    }

    /// <summary>Creates AdamW over parameter groups (each may set its own learning rate and weight decay).</summary>
    /// <param name="groups">The groups.</param>
    /// <param name="learningRate">Default γ, finite and &gt; 0.</param>
    /// <param name="beta1">β1 in [0, 1).</param>
    /// <param name="beta2">β2 in [0, 1).</param>
    /// <param name="epsilon">ε ≥ 0.</param>
    /// <param name="weightDecay">Default λ ≥ 0 (decoupled).</param>
    /// <param name="amsgrad">Use AMSGrad.</param>
    /// <exception cref="ArgumentException">Invalid groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public AdamW(IReadOnlyList<ParameterGroup> groups, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 1e-2, bool amsgrad = false)
        : base(groups, learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, decoupled: true)
    {
    }
}
