namespace NeuralHjb.Optim;

/// <summary>How <see cref="Lbfgs"/> chooses the step length along each search direction.</summary>
public enum LbfgsLineSearch
{
    /// <summary>A fixed step: the learning rate (on the very first iteration, min(1, 1/‖g‖₁)·lr).</summary>
    None,

    /// <summary>A line search satisfying the strong Wolfe conditions (c1 = 1e-4, c2 = 0.9, at most 25 evaluations), with cubic interpolation.</summary>
    StrongWolfe,
}
