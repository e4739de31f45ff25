using NeuralHjb.Random;

namespace NeuralHjb.Training;

/// <summary>
/// The position of a <see cref="Philox"/> generator that advances across training steps (a dropout layer's mask
/// generator, say), as an <see cref="ITrainingState"/>: a resumed run continues the same random sequence instead
/// of replaying it from the start. The seed and stream are saved too and must match on load, so a checkpoint of
/// another run's generator is refused.
/// </summary>
/// <remarks>
/// Generators created per step (<c>new Philox(seed, step)</c>) need no state; this is for the ones that live as
/// long as the model.
/// </remarks>
public sealed class GeneratorPositionState : ITrainingState
{
    private readonly Philox _generator;

    /// <summary>Tracks <paramref name="generator"/>.</summary>
    /// <param name="generator">The generator whose position is saved and restored.</param>
    public GeneratorPositionState(Philox generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
    }

    /// <inheritdoc />
    public void Save(TrainingStateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteUInt64("seed", _generator.Seed);
        writer.WriteUInt64("stream", _generator.Stream);
        writer.WriteUInt64("position", _generator.Position);
    }

    /// <inheritdoc />
    public Action PrepareLoad(TrainingStateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var seed = reader.ReadUInt64("seed");
        if (seed != _generator.Seed)
        {
            throw reader.Invalid("seed", $"is {seed}, but this generator's seed is {_generator.Seed}");
        }

        var stream = reader.ReadUInt64("stream");
        if (stream != _generator.Stream)
        {
            throw reader.Invalid("stream", $"is {stream}, but this generator's stream is {_generator.Stream}");
        }

        var position = reader.ReadUInt64("position");
        return () => _generator.Position = position;
    }
}
