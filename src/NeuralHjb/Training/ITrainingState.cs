namespace NeuralHjb.Training;

/// <summary>
/// Training state that lives outside the trained parameters and the optimiser — a loss balancer's moving
/// averages, an adaptive sampler's point pool, a dropout generator's position, a solver's validation record —
/// and that a resumed run needs to continue bit-identically. Give it to the <see cref="Trainer"/> under a name:
/// the trainer saves it into every checkpoint (entries <c>state.NAME.ENTRY</c>) and every in-memory rollback
/// snapshot, and restores it on <see cref="Trainer.Resume"/> and on rollback.
/// </summary>
/// <remarks>
/// Loading is two-phase so that a bad checkpoint changes nothing: <see cref="PrepareLoad"/> reads and
/// validates every entry (throwing <see cref="InvalidDataException"/> naming the entry) and returns the
/// change to make; the trainer calls it only after the parameters, the optimiser state, the history and every
/// other state have been validated too. The returned action must not fail.
/// </remarks>
public interface ITrainingState
{
    /// <summary>Writes the current state.</summary>
    /// <param name="writer">Receives the state's named entries.</param>
    void Save(TrainingStateWriter writer);

    /// <summary>Reads and validates a saved state without changing anything.</summary>
    /// <param name="reader">The saved entries of this state.</param>
    /// <returns>The action that installs the state read (it must not throw).</returns>
    /// <exception cref="InvalidDataException">An entry is missing or breaks a rule; the message names it.</exception>
    Action PrepareLoad(TrainingStateReader reader);
}
