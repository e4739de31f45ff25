namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>Statistics of the strategies on the evaluation paths (per agent [j], step [n], asset [i]).</summary>
internal sealed class Evaluation
{
    /// <summary>Mean controls in the grid's units (what the iteration's convergence test compares).</summary>
    public required double[][][] GridMeans { get; init; }

    /// <summary>Mean controls as reported (trade rates for execution).</summary>
    public required double[][][] MeanControls { get; init; }

    public required double[][][] ControlStd { get; init; }

    public required double[][][] MeanDollarHoldings { get; init; }

    public required double[][][]? MeanShareHoldings { get; init; }

    public required double[] TerminalWealth { get; init; }

    public required double[] TerminalRelative { get; init; }

    public required double[]? HoldWealth { get; init; }

    public required int Paths { get; init; }
}
