using NeuralHjb.Tensors;

namespace NeuralHjb.Training;

/// <summary>
/// One evaluation of a training objective: the total loss to differentiate (a one-element tensor
/// carrying the graph) and named terms for reporting and the divergence guard.
/// </summary>
public sealed class LossEvaluation
{
    /// <summary>Creates an evaluation.</summary>
    /// <param name="total">The scalar loss that is back-propagated.</param>
    /// <param name="terms">Named loss terms (each a one-element tensor), reported in progress and history.</param>
    public LossEvaluation(Tensor total, IReadOnlyList<KeyValuePair<string, Tensor>>? terms = null)
    {
        ArgumentNullException.ThrowIfNull(total);
        if (total.Count != 1)
        {
            throw new ArgumentException($"the total loss must have one element; it has shape [{string.Join(", ", total.ShapeArray())}].", nameof(total));
        }

        Total = total;
        Terms = terms ?? [];
    }

    /// <summary>The loss that is back-propagated.</summary>
    public Tensor Total { get; }

    /// <summary>Named terms of the loss (for reporting; not back-propagated separately).</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Terms { get; }
}
