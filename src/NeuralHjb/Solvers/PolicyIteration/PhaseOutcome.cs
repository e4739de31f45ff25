using NeuralHjb.Training;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>What one phase (an evaluation or an improvement) hands back to the outer loop.</summary>
/// <param name="History">The phase's trainer history (phase-local steps).</param>
/// <param name="Steps">The optimiser steps the phase takes in total.</param>
/// <param name="FinalLoss">The loss at the phase's last step (its last history record).</param>
/// <param name="Restored">
/// Whether the phase was restored, finished, from its checkpoint and ran no step. Once a phase runs steps, later
/// phases start afresh: a later file in the folder can only be another run's.
/// </param>
internal sealed record PhaseOutcome(TrainingHistory History, int Steps, double FinalLoss, bool Restored)
{
    /// <summary>Resumes <paramref name="trainer"/> from <paramref name="checkpoint"/> when asked and present, then runs it.</summary>
    public static PhaseOutcome Train(Trainer trainer, int steps, string? checkpoint, bool resume, Func<int, LossEvaluation> objective, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        if (resume && checkpoint is not null && File.Exists(checkpoint))
        {
            trainer.Resume(checkpoint);
        }

        var restored = trainer.CompletedSteps == steps;
        var history = trainer.Run(objective, progress, cancellationToken);

        // The last step is always recorded, so this is the final loss also when no step ran in this solve.
        return new PhaseOutcome(history, steps, history[TrainingHistory.TotalLoss][^1], restored);
    }
}
