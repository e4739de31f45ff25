using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Nn;

/// <summary>
/// Inverted dropout: in training each element is kept with probability 1 − p and scaled by 1/(1 − p),
/// otherwise zeroed; in evaluation it is the identity. Masks come from a seeded <see cref="Philox"/>,
/// so a run is reproducible: the same seed gives the same sequence of masks.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Philox _generator;

    /// <summary>Creates the layer.</summary>
    /// <param name="p">Probability of zeroing an element, in [0, 1).</param>
    /// <param name="seed">Seed of the mask generator.</param>
    public Dropout(double p, ulong seed = 0)
        : this(p, new Philox(seed))
    {
    }

    /// <summary>Creates the layer drawing masks from <paramref name="generator"/> (which it advances).</summary>
    /// <param name="p">Probability of zeroing an element, in [0, 1).</param>
    /// <param name="generator">The mask generator.</param>
    public Dropout(double p, Philox generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (!(p >= 0 && p < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "p must lie in [0, 1).");
        }

        P = p;
        _generator = generator;
    }

    /// <summary>Probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>Applies dropout in training mode; returns the input unchanged in evaluation mode or when p = 0.</summary>
    /// <param name="input">Any tensor.</param>
    /// <returns>A tensor of the input's shape.</returns>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Training || P == 0 || input.Count == 0)
        {
            return input;
        }

        var u = Tensor.Uniform(input.Shape, _generator, 0.0, 1.0, input.DType);
        var mask = Tensor.Compare(u, Tensor.Scalar(P, input.DType), CompareOp.GreaterEqual) * (1.0 / (1.0 - P));
        return input * mask;
    }
}
