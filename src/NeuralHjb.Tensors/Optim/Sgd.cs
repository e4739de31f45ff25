using System.Numerics;
using NeuralHjb.Tensors;

namespace NeuralHjb.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
/// decay, matching PyTorch's <c>torch.optim.SGD</c> (<c>maximize=False</c>).
/// </summary>
/// <remarks>
/// For each parameter θ with gradient g, learning rate γ and weight decay λ of its group, momentum μ
/// and dampening τ:
/// <code>
/// d ← g + λ·θ                          (only when λ ≠ 0)
/// if μ ≠ 0:
///     b ← d                            (the parameter's first step)
///     b ← μ·b + (1 − τ)·d              (later steps)
///     d ← d + μ·b   (Nesterov)   or   d ← b
/// θ ← θ + (−γ)·d
/// </code>
/// State buffer (only when μ ≠ 0): <c>momentum_buffer</c> (b). Parameters without a gradient are skipped.
/// </remarks>
public sealed class Sgd : Optimizer
{
    private static readonly string[] MomentumNames = ["momentum_buffer"];

    /// <summary>Creates SGD over one group of parameters.</summary>
    /// <param name="parameters">Leaf tensors requiring gradients (non-empty, no duplicates).</param>
    /// <param name="learningRate">γ, finite and &gt; 0.</param>
    /// <param name="momentum">μ ≥ 0 (0 disables momentum).</param>
    /// <param name="dampening">τ (finite; usually in [0, 1]), damping of the gradient's contribution to the momentum buffer.</param>
    /// <param name="weightDecay">λ ≥ 0, applied as L2 (added to the gradient).</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0 and τ = 0).</param>
    /// <exception cref="ArgumentException">Invalid parameter list, or Nesterov without momentum or with dampening.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public Sgd(IReadOnlyList<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, learningRate, weightDecay)
    {
        Validate(momentum, dampening, nesterov);
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>Creates SGD over parameter groups (each may set its own learning rate and weight decay).</summary>
    /// <param name="groups">The groups.</param>
    /// <param name="learningRate">Default γ, finite and &gt; 0.</param>
    /// <param name="momentum">μ ≥ 0.</param>
    /// <param name="dampening">τ (finite).</param>
    /// <param name="weightDecay">Default λ ≥ 0 (L2).</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0 and τ = 0).</param>
    /// <exception cref="ArgumentException">Invalid groups, or Nesterov without momentum or with dampening.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    public Sgd(IReadOnlyList<ParameterGroup> groups, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(groups, learningRate, weightDecay)
    {
        Validate(momentum, dampening, nesterov);
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
    }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>τ.</summary>
    public double Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    private protected override string[] BufferNames => Momentum != 0 ? MomentumNames : [];

    /// <inheritdoc />
    public override void Step()
    {
        var ps = Parameters;
        for (var i = 0; i < ps.Count; i++)
        {
            var p = ps[i];
            if (p.Grad is null)
            {
                continue;
            }

            var st = State(i);
            var group = GroupOf(i);
            var first = st.Step == 0;
            st.Step++;
            if (p.DType == DType.Float32)
            {
                Update(p, GradientSpan<float>(i, st), st, first, group);
            }
            else
            {
                Update(p, GradientSpan<double>(i, st), st, first, group);
            }
        }

        StepCount++;
    }

    private void Update<T>(Tensor p, ReadOnlySpan<T> g, ParameterState st, bool first, ParameterGroup group)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = new SgdScalars<T>
        {
            WeightDecay = T.CreateTruncating(group.WeightDecay),
            Momentum = T.CreateTruncating(Momentum),
            OneMinusDampening = T.CreateTruncating(1 - Dampening),
            NegLearningRate = T.CreateTruncating(-group.LearningRate),
        };
        var useMomentum = Momentum != 0;
        UpdateKernels.Sgd(p.Span<T>(), g, useMomentum ? st.Buffers[0].Span<T>() : default, useMomentum, first, Nesterov, s);
    }

    private static void Validate(double momentum, double dampening, bool nesterov)
    {
        OptimizerChecks.NonNegative(momentum, nameof(momentum));
        if (!double.IsFinite(dampening))
        {
            throw new ArgumentOutOfRangeException(nameof(dampening), dampening, "dampening must be finite.");
        }

        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum needs momentum > 0 and dampening = 0.", nameof(nesterov));
        }
    }
}
