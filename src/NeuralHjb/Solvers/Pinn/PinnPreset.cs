namespace NeuralHjb.Solvers.Pinn;

/// <summary>Training budgets of the ready-made PINN set-ups.</summary>
public enum PinnPreset
{
    /// <summary>Seconds on a laptop core: for tests and smoke runs (looser accuracy).</summary>
    Quick,

    /// <summary>Minutes on two CPU cores: the accuracy figures of docs/results/pinn.md.</summary>
    Standard,
}
