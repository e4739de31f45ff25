namespace NeuralHjb.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Variance along <paramref name="axis"/>: <c>Σ (x − mean)² / (n − correction)</c>. The default
    /// correction 1 is the unbiased estimator (PyTorch's default); 0 gives the population variance.
    /// Composed of differentiable ops.
    /// </summary>
    /// <remarks>When <c>n − correction ≤ 0</c> the result is NaN or +inf (as in PyTorch). NaN propagates.</remarks>
    /// <param name="axis">The reduced axis; negative values count from the end.</param>
    /// <param name="keepDim">Keep the reduced axis with size 1.</param>
    /// <param name="correction">Subtracted from the count in the denominator (Bessel's correction); non-negative.</param>
    public Tensor Var(int axis, bool keepDim = false, int correction = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(correction);
        if (Rank == 0)
        {
            _ = ShapeMath.NormalizeAxis(axis, 1, nameof(axis));
            return Flatten().Var(0, keepDim: false, correction).Reshape([]);
        }

        var ax = ShapeMath.NormalizeAxis(axis, Rank, nameof(axis));
        var d = this - Mean(ax, keepDim: true);
        return d.Square().Sum(ax, keepDim) / (double)(_shape[ax] - correction);
    }

    /// <summary>
    /// Unbiased variance of all elements (correction 1); for another correction use
    /// <c>Flatten().Var(0, correction: c)</c>.
    /// </summary>
    public Tensor Var() => Flatten().Var(0);

    /// <summary>
    /// Standard deviation along <paramref name="axis"/>: the square root of <see cref="Var(int, bool, int)"/>.
    /// Its gradient is infinite or NaN where the deviation is exactly zero (as in PyTorch).
    /// </summary>
    /// <param name="axis">The reduced axis; negative values count from the end.</param>
    /// <param name="keepDim">Keep the reduced axis with size 1.</param>
    /// <param name="correction">Subtracted from the count in the denominator; non-negative.</param>
    public Tensor Std(int axis, bool keepDim = false, int correction = 1) => Var(axis, keepDim, correction).Sqrt();

    /// <summary>Unbiased standard deviation of all elements (see <see cref="Var()"/>).</summary>
    public Tensor Std() => Var().Sqrt();
}
