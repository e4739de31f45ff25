namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>Helpers for refinement studies: observed order of convergence and Richardson extrapolation.</summary>
public static class ConvergenceStudy
{
    /// <summary>
    /// Observed order <c>log(|e_coarse| / |e_fine|) / log(ratio)</c> from the errors of two runs whose mesh sizes
    /// differ by <paramref name="ratio"/>.
    /// </summary>
    /// <param name="coarseError">Error on the coarser grid (non-zero).</param>
    /// <param name="fineError">Error on the finer grid (non-zero).</param>
    /// <param name="ratio">Mesh-size ratio, &gt; 1 (2 when h and Δt are both halved).</param>
    public static double ObservedOrder(double coarseError, double fineError, double ratio = 2)
    {
        FdGuard.Require(double.IsFinite(coarseError) && coarseError != 0, $"the coarse error must be finite and non-zero (got {coarseError}).", nameof(coarseError));
        FdGuard.Require(double.IsFinite(fineError) && fineError != 0, $"the fine error must be finite and non-zero (got {fineError}).", nameof(fineError));
        FdGuard.Require(double.IsFinite(ratio) && ratio > 1, $"the refinement ratio must be finite and > 1 (got {ratio}).", nameof(ratio));
        return Math.Log(Math.Abs(coarseError) / Math.Abs(fineError)) / Math.Log(ratio);
    }

    /// <summary>
    /// Observed order from three runs without a known exact value:
    /// <c>log(|v_coarse − v_medium| / |v_medium − v_fine|) / log(ratio)</c>.
    /// </summary>
    /// <param name="coarse">Value on the coarsest grid.</param>
    /// <param name="medium">Value on the middle grid.</param>
    /// <param name="fine">Value on the finest grid.</param>
    /// <param name="ratio">Mesh-size ratio between consecutive grids, &gt; 1.</param>
    public static double ObservedOrder(double coarse, double medium, double fine, double ratio = 2)
        => ObservedOrder(coarse - medium, medium - fine, ratio);

    /// <summary>
    /// Richardson extrapolation <c>v_fine + (v_fine − v_coarse)/(ratio^order − 1)</c>: removes the leading error
    /// term of a scheme of the given order (1 for the upwind implicit scheme of this solver).
    /// </summary>
    /// <param name="coarse">Value on the coarser grid.</param>
    /// <param name="fine">Value on the finer grid.</param>
    /// <param name="ratio">Mesh-size ratio, &gt; 1.</param>
    /// <param name="order">Order of the leading error term, &gt; 0.</param>
    public static double Richardson(double coarse, double fine, double ratio = 2, double order = 1)
    {
        FdGuard.Finite(coarse, "the coarse value", nameof(coarse));
        FdGuard.Finite(fine, "the fine value", nameof(fine));
        FdGuard.Require(double.IsFinite(ratio) && ratio > 1, $"the refinement ratio must be finite and > 1 (got {ratio}).", nameof(ratio));
        FdGuard.Positive(order, "the order", nameof(order));
        return fine + ((fine - coarse) / (Math.Pow(ratio, order) - 1));
    }
}
