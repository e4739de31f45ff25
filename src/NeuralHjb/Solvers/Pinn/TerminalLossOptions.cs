using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// The soft terminal loss mean (V(T, x) − g(x))² over states drawn from the collocation domain, used
/// when the <see cref="ValueAnsatz"/> does not enforce the terminal condition.
/// </summary>
public sealed record TerminalLossOptions
{
    /// <summary>
    /// Gets the target g(x) ([batch, d] → [batch, 1]); null for the problem's terminal cost (for
    /// Gatheral–Schied 100 X², the vanilla PINN's soft target).
    /// </summary>
    public Func<Tensor, Tensor>? Target { get; init; }

    /// <summary>
    /// Gets coordinates held fixed at the terminal points (coordinate → value), e.g. {0 → 0} for the
    /// MT-PINN paper's Γ(0, 0, S)² term; empty to sample the whole domain.
    /// </summary>
    public IReadOnlyDictionary<int, double> Pinned { get; init; } = new Dictionary<int, double>();

    /// <summary>Gets the number of terminal points per step. Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Checks the options.</summary>
    public void Validate() => PinnGuard.PositiveCount(BatchSize, nameof(BatchSize));
}
