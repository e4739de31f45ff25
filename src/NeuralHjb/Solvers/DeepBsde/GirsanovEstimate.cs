namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>What <see cref="GirsanovValueEstimator"/> returns.</summary>
/// <param name="Value">The estimate of u(0, x₀) (extrapolated when the options ask for it).</param>
/// <param name="StandardError">The Monte Carlo standard error of <paramref name="Value"/>.</param>
/// <param name="FineValue">The estimate with 2M sub-steps alone (M when not extrapolating).</param>
/// <param name="CoarseValue">The estimate with M sub-steps (NaN when not extrapolating).</param>
/// <param name="Paths">The number of paths simulated.</param>
public sealed record GirsanovEstimate(double Value, double StandardError, double FineValue, double CoarseValue, int Paths);
