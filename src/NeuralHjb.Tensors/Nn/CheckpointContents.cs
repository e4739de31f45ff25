using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>What <see cref="ModuleCheckpoint.Load(string, Module, bool)"/> returns besides the module's state.</summary>
public sealed class CheckpointContents
{
    internal CheckpointContents(IReadOnlyDictionary<string, string> metadata, IReadOnlyDictionary<string, Tensor> optimizerState, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected)
    {
        Metadata = metadata;
        OptimizerState = optimizerState;
        MissingNames = missing;
        UnexpectedNames = unexpected;
    }

    /// <summary>The file's string metadata (user keys and the <c>neuralhjb.*</c> keys written by <see cref="ModuleCheckpoint.Save"/>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The optimiser state saved with the module (names without the <c>optimizer/</c> prefix); empty when none.</summary>
    public IReadOnlyDictionary<string, Tensor> OptimizerState { get; }

    /// <summary>Module entries absent from the file (always empty for a strict load).</summary>
    public IReadOnlyList<string> MissingNames { get; }

    /// <summary>File entries that match nothing in the module (always empty for a strict load).</summary>
    public IReadOnlyList<string> UnexpectedNames { get; }
}
