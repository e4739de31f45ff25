using System.Numerics;
using System.Numerics.Tensors;
using NeuralHjb.Tensors;
using Tensor = NeuralHjb.Tensors.Tensor;

namespace NeuralHjb.Optim;

/// <summary>Gradient clipping over a set of parameters (PyTorch's <c>clip_grad_norm_</c> and <c>clip_grad_value_</c>).</summary>
/// <remarks>
/// Gradients are modified in place. A gradient that is a non-contiguous view, or that shares its storage
/// with another gradient in the list (the engine may hand the same buffer to two parameters), is replaced
/// by a clipped dense copy instead, so that shared storage is never clipped twice.
/// </remarks>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients by one factor so that their joint norm is at most <paramref name="maxNorm"/>.
    /// </summary>
    /// <remarks>
    /// total = (Σᵢ ‖gᵢ‖_p^p)^(1/p) over the parameters with a gradient (max |g| for p = ∞); when
    /// c = maxNorm / (total + 1e-6) &lt; 1, every gradient is multiplied by c, otherwise nothing changes.
    /// When the total is NaN or infinite it is returned and the gradients are left untouched (so the
    /// non-finite values stay visible), or <see cref="ArithmeticException"/> is thrown when
    /// <paramref name="errorIfNonFinite"/> is set. Per-tensor norms are computed in the gradient's dtype
    /// and combined in float64.
    /// </remarks>
    /// <param name="parameters">The parameters whose <see cref="Tensor.Grad"/> to clip (null gradients are skipped).</param>
    /// <param name="maxNorm">The largest allowed total norm (finite, ≥ 0).</param>
    /// <param name="normType">p &gt; 0, or <see cref="double.PositiveInfinity"/>.</param>
    /// <param name="errorIfNonFinite">Throw when the total norm is NaN or infinite.</param>
    /// <returns>The total norm before clipping (0 when no parameter has a gradient).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> or <paramref name="normType"/> is out of range.</exception>
    /// <exception cref="ArithmeticException">The total norm is not finite and <paramref name="errorIfNonFinite"/> is set.</exception>
    public static double ClipByNorm(IReadOnlyList<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonFinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        OptimizerChecks.NonNegative(maxNorm, nameof(maxNorm));
        if (!(normType > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(normType), normType, "normType must be positive (or +infinity).");
        }

        var total = TotalNorm(parameters, normType);
        if (!double.IsFinite(total))
        {
            if (errorIfNonFinite)
            {
                throw new ArithmeticException($"The total {normType}-norm of the gradients is {total}: clipping is undefined.");
            }

            return total;
        }

        var coef = maxNorm / (total + 1e-6);
        if (coef < 1)
        {
            Transform(parameters, coef, 0, scale: true);
        }

        return total;
    }

    /// <summary>
    /// Clamps every gradient element to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>]; NaN stays NaN.
    /// </summary>
    /// <param name="parameters">The parameters whose <see cref="Tensor.Grad"/> to clip (null gradients are skipped).</param>
    /// <param name="clipValue">The bound (finite, ≥ 0).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> is negative or not finite.</exception>
    public static void ClipByValue(IReadOnlyList<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        OptimizerChecks.NonNegative(clipValue, nameof(clipValue));
        Transform(parameters, 0, clipValue, scale: false);
    }

    /// <summary>The total p-norm of the gradients (see <see cref="ClipByNorm"/>).</summary>
    /// <param name="parameters">The parameters (null gradients are skipped).</param>
    /// <param name="normType">p &gt; 0, or <see cref="double.PositiveInfinity"/>.</param>
    /// <returns>The norm; NaN or infinity when a gradient is not finite.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public static double TotalNorm(IReadOnlyList<Tensor> parameters, double normType = 2)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var isInf = double.IsPositiveInfinity(normType);
        var acc = 0.0;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i]?.Grad is not { } g)
            {
                continue;
            }

            var d = g.Dense();
            var n = d.DType == DType.Float32 ? TensorNorm<float>(d.Span<float>(), normType) : TensorNorm<double>(d.Span<double>(), normType);
            if (isInf)
            {
                acc = double.IsNaN(n) || double.IsNaN(acc) ? double.NaN : Math.Max(acc, n);
            }
            else
            {
                acc += normType == 1 ? n : (normType == 2 ? n * n : Math.Pow(n, normType));
            }
        }

        return isInf || normType == 1 ? acc : (normType == 2 ? Math.Sqrt(acc) : Math.Pow(acc, 1 / normType));
    }

    private static double TensorNorm<T>(ReadOnlySpan<T> x, double p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.IsEmpty)
        {
            return 0;
        }

        if (double.IsPositiveInfinity(p))
        {
            return double.CreateTruncating(T.Abs(TensorPrimitives.MaxMagnitude(x)));
        }

        if (p == 1)
        {
            return double.CreateTruncating(TensorPrimitives.SumOfMagnitudes(x));
        }

        if (p == 2)
        {
            return double.CreateTruncating(TensorPrimitives.Norm(x));
        }

        var sum = 0.0;
        foreach (var v in x)
        {
            sum += Math.Pow(Math.Abs(double.CreateTruncating(v)), p);
        }

        return Math.Pow(sum, 1 / p);
    }

    /// <summary>Scales by <paramref name="coef"/> or clamps to ±<paramref name="bound"/>, in place where safe.</summary>
    private static void Transform(IReadOnlyList<Tensor> parameters, double coef, double bound, bool scale)
    {
        // Classify first: a gradient that is a view or shares storage with another gets a transformed
        // copy (computed from the original data); the others are changed in place. In-place storages are
        // referenced by no other gradient, so the order of the two passes cannot matter.
        var n = parameters.Count;
        Span<bool> copy = n <= 512 ? stackalloc bool[n] : new bool[n];
        for (var i = 0; i < n; i++)
        {
            copy[i] = parameters[i]?.Grad is { } g && (!g.IsContiguous || SharesStorage(parameters, i));
        }

        for (var i = 0; i < n; i++)
        {
            var p = parameters[i];
            if (p?.Grad is not { } g)
            {
                continue;
            }

            if (copy[i])
            {
                var c = g.Clone();
                Apply(c, coef, bound, scale);
                p.Grad = c;
            }
            else
            {
                Apply(g, coef, bound, scale);
            }
        }
    }

    private static bool SharesStorage(IReadOnlyList<Tensor> parameters, int index)
    {
        var storage = parameters[index].Grad!.Storage;
        for (var j = 0; j < parameters.Count; j++)
        {
            if (j != index && parameters[j]?.Grad is { } other && ReferenceEquals(other.Storage, storage) && !ReferenceEquals(parameters[j], parameters[index]))
            {
                return true;
            }
        }

        return false;
    }

    private static void Apply(Tensor g, double coef, double bound, bool scale)
    {
        if (g.DType == DType.Float32)
        {
            Apply(g.Span<float>(), (float)coef, (float)bound, scale);
        }
        else
        {
            Apply(g.Span<double>(), coef, bound, scale);
        }
    }

    private static void Apply<T>(Span<T> x, T coef, T bound, bool scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (scale)
        {
            TensorPrimitives.Multiply(x, coef, x);
        }
        else
        {
            TensorPrimitives.Max(x, -bound, x);
            TensorPrimitives.Min(x, bound, x);
        }
    }
}
