namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>The record of one policy-iteration step: evaluate policy u_k, then (unless stopping) improve it.</summary>
/// <param name="Iteration">k, from 0.</param>
/// <param name="EvaluationLoss">The evaluation loss at the last step of the evaluation.</param>
/// <param name="ResidualRms">√mean(residual²) of V_k under u_k on the fixed evaluation points.</param>
/// <param name="ValueChange">‖V_k − V_{k−1}‖₂ / ‖V_{k−1}‖₂ on the fixed evaluation points (NaN for k = 0).</param>
/// <param name="MaxValueIncrease">max(V_k − V_{k−1}) / rms(V_{k−1}): the policy-improvement theorem says V_k ≤ V_{k−1} (cost), so this should be ≤ 0 up to learning error (NaN for k = 0).</param>
/// <param name="Monotone">Whether <paramref name="MaxValueIncrease"/> is within the options' slack (true for k = 0).</param>
/// <param name="ImprovementHamiltonian">The mean Hamiltonian after the improvement that followed (NaN when the run stopped here).</param>
/// <param name="Elapsed">Wall time since the solve started, at the end of this step.</param>
public sealed record PolicyIterationStep(
    int Iteration,
    double EvaluationLoss,
    double ResidualRms,
    double ValueChange,
    double MaxValueIncrease,
    bool Monotone,
    double ImprovementHamiltonian,
    TimeSpan Elapsed);
