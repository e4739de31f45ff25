namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>The two phases of a policy-iteration step (the values are stored in checkpoints).</summary>
internal enum PhaseKind : long
{
    /// <summary>Fitting V to the current policy.</summary>
    Evaluation = 0,

    /// <summary>Fitting the policy to the argmin of the Hamiltonian under V.</summary>
    Improvement = 1,
}
