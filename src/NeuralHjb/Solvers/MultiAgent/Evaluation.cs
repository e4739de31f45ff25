namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>Statistics of the strategies on the evaluation paths (per agent [j], step [n], asset [i]).</summary>
internal sealed class Evaluation
{
    public required double[][][] MeanControls { get; init; }

    public required double[][][] ControlStd { get; init; }

    public required double[][][] MeanDollarHoldings { get; init; }

    public required double[][][]? MeanShareHoldings { get; init; }

    public required double[] TerminalWealth { get; init; }

    public required double[] TerminalRelative { get; init; }

    public required double[]? HoldWealth { get; init; }

    public required int Paths { get; init; }
}
