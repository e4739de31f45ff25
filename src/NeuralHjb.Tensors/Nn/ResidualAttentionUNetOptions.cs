namespace NeuralHjb.Nn;

/// <summary>
/// Architecture of a <see cref="ResidualAttentionUNet"/>. The defaults are exactly workload W5
/// (perf/WORKLOADS.md): 8 input channels, widths [32, 64] (depth 1), 4 heads, GroupNorm with 8 groups,
/// input and middle kernels 3, one output channel.
/// </summary>
public sealed record ResidualAttentionUNetOptions
{
    /// <summary>Channels of the input grid (features per discretised control point).</summary>
    public int InputChannels { get; init; } = 8;

    /// <summary>Channels of the output grid (1 for a scalar control per grid point).</summary>
    public int OutputChannels { get; init; } = 1;

    /// <summary>
    /// Channel widths from the top level down: <c>Widths[0]</c> after the input conv and attention, then one
    /// entry per down-sampling level (so the depth is <c>Widths.Count − 1</c>, at least 1).
    /// </summary>
    public IReadOnlyList<int> Widths { get; init; } = [32, 64];

    /// <summary>Attention heads (divides <c>Widths[0]</c>).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>GroupNorm groups (divides every width).</summary>
    public int Groups { get; init; } = 8;

    /// <summary>Odd kernel width of the input convolution (same padding).</summary>
    public int InputKernel { get; init; } = 3;

    /// <summary>Odd kernel width of the residual convolution at each level (same padding).</summary>
    public int MidKernel { get; init; } = 3;

    /// <summary>The depth: number of down-sampling (and up-sampling) levels.</summary>
    public int Depth => Widths.Count - 1;

    /// <summary>The W5 configuration (the defaults).</summary>
    public static ResidualAttentionUNetOptions W5 { get; } = new();
}
