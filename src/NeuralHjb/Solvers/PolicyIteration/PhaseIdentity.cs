using NeuralHjb.Training;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Which phase a checkpoint belongs to (iteration k, evaluation or improvement), saved as training state so that
/// a file of another phase — copied or renamed, or one whose networks happen to have the same shapes — is refused
/// on resume instead of silently loaded.
/// </summary>
internal sealed class PhaseIdentity(int iteration, PhaseKind kind) : ITrainingState
{
    /// <summary>The name the trainer stores this state under (entries <c>state.phase.*</c>).</summary>
    public const string Name = "phase";

    /// <inheritdoc />
    public void Save(TrainingStateWriter writer)
    {
        writer.WriteInt64("iteration", iteration);
        writer.WriteInt64("kind", (long)kind);
    }

    /// <inheritdoc />
    public Action PrepareLoad(TrainingStateReader reader)
    {
        var savedIteration = reader.ReadInt64("iteration");
        if (savedIteration != iteration)
        {
            throw reader.Invalid("iteration", $"is {savedIteration}, but this is the {Describe()}");
        }

        var savedKind = reader.ReadInt64("kind");
        if (savedKind != (long)kind)
        {
            throw reader.Invalid("kind", $"is {savedKind} ({(Enum.IsDefined((PhaseKind)savedKind) ? ((PhaseKind)savedKind).ToString().ToLowerInvariant() : "unknown")}), but this is the {Describe()}");
        }

        // Nothing to install: the check is the point.
        return static () => { };
    }

    private string Describe() => $"{kind.ToString().ToLowerInvariant()} of iteration {iteration}";
}
