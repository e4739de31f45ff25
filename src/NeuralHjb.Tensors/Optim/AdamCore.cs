using System.Numerics;
using NeuralHjb.Tensors;

namespace NeuralHjb.Optim;

/// <summary>The step loop shared by <see cref="Adam"/> and <see cref="AdamW"/>.</summary>
internal static class AdamCore
{
    public static readonly string[] Names = ["exp_avg", "exp_avg_sq"];

    public static readonly string[] AmsgradNames = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];

    public static void Validate(double beta1, double beta2, double epsilon)
    {
        OptimizerChecks.Beta(beta1, nameof(beta1));
        OptimizerChecks.Beta(beta2, nameof(beta2));
        OptimizerChecks.NonNegative(epsilon, nameof(epsilon));
    }

    /// <summary>Per-step, per-parameter scalars computed in float64, as PyTorch computes them in Python.</summary>
    public readonly record struct Config(double Beta1, double Beta2, double Epsilon, bool Amsgrad, bool Decoupled);

    public static void Update<T>(Tensor p, ReadOnlySpan<T> g, ParameterState st, double lr, double weightDecay, in Config c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var step = (double)st.Step;
        var bc1 = 1 - Math.Pow(c.Beta1, step);
        var bc2 = 1 - Math.Pow(c.Beta2, step);
        var stepSize = lr / bc1;
        var s = new AdamScalars<T>
        {
            Decay = T.CreateTruncating(c.Decoupled ? 1 - (lr * weightDecay) : 1.0),
            L2 = T.CreateTruncating(c.Decoupled ? 0.0 : weightDecay),
            Beta1 = T.CreateTruncating(c.Beta1),
            OneMinusBeta1 = T.CreateTruncating(1 - c.Beta1),
            Beta2 = T.CreateTruncating(c.Beta2),
            OneMinusBeta2 = T.CreateTruncating(1 - c.Beta2),
            NegStepSize = T.CreateTruncating(-stepSize),
            Bc2Sqrt = T.CreateTruncating(Math.Sqrt(bc2)),
            Eps = T.CreateTruncating(c.Epsilon),
        };
        var b = st.Buffers;
        UpdateKernels.Adam(p.Span<T>(), g, b[0].Span<T>(), b[1].Span<T>(), c.Amsgrad ? b[2].Span<T>() : default, c.Amsgrad, s);
    }
}
