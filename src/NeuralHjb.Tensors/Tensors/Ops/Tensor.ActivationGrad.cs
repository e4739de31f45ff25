using System.Numerics;
using NeuralHjb.Autodiff;

namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// g·(1 − y²), the gradient through y = tanh(x), as one differentiable op with a one-pass kernel.
    /// Its own rule (d/dg = 1 − y², d/dy = −2·g·y) makes second and third derivatives of tanh networks
    /// (PINN residuals under createGraph) cost one node per layer instead of four.
    /// </summary>
    internal static Tensor TanhBackward(Tensor g, Tensor y)
    {
        var result = PointwiseGrad(g, y, FusedActivation.Tanh);
        if (GradMode.ShouldRecord(g, y))
        {
            GradMode.Attach(result, "tanh_backward", [g, y], static (n, h) =>
            {
                var g = n.Inputs[0];
                var y = n.Inputs[1];
                return
                [
                    n.Needs[0] ? TanhBackward(h, y) : null,
                    n.Needs[1] ? TanhBackwardY(h, g, y) : null,
                ];
            });
        }

        return result;
    }

    /// <summary>−2·h·g·y: the y-adjoint of <see cref="TanhBackward"/>; composite ops when it is itself differentiated.</summary>
    private static Tensor TanhBackwardY(Tensor h, Tensor g, Tensor y)
    {
        if (GradMode.Enabled && (h.RequiresGrad || g.RequiresGrad || y.RequiresGrad))
        {
            return h * g * y * -2.0;
        }

        var result = UninitializedShared(y._shape, y.DType);
        var hd = h.Dense();
        var gd = g.Dense();
        var yd = y.Dense();
        if (y.DType == DType.Float32)
        {
            ActivationGradKernels.TanhSecond<float>(hd.Span<float>(), gd.Span<float>(), yd.Span<float>(), result.Span<float>());
        }
        else
        {
            ActivationGradKernels.TanhSecond<double>(hd.Span<double>(), gd.Span<double>(), yd.Span<double>(), result.Span<double>());
        }

        return result;
    }

    /// <summary>
    /// g·f'(x) for an activation f written through its output y = f(x) (tanh, sigmoid, relu), one pass,
    /// no graph. g and y have the same shape.
    /// </summary>
    internal static Tensor PointwiseGrad(Tensor g, Tensor y, FusedActivation act)
    {
        var result = UninitializedShared(y._shape, y.DType);
        var gd = g.Dense();
        var yd = y.Dense();
        if (y.DType == DType.Float32)
        {
            PointwiseGradKernel<float>(act, gd.Span<float>(), yd.Span<float>(), result.Span<float>());
        }
        else
        {
            PointwiseGradKernel<double>(act, gd.Span<double>(), yd.Span<double>(), result.Span<double>());
        }

        return result;
    }

    private static void PointwiseGradKernel<T>(FusedActivation act, ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (act)
        {
            case FusedActivation.Tanh: ActivationGradKernels.Tanh(g, y, d); break;
            case FusedActivation.Sigmoid: ActivationGradKernels.Sigmoid(g, y, d); break;
            case FusedActivation.Relu: ActivationGradKernels.Relu(g, y, d); break;
            default: g.CopyTo(d); break;
        }
    }
}
