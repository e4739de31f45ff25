using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// A network from the (normalised) state features and the previous step's estimate to the two conditional
/// moments over an agent's control grid: features [B, F], previous [B, 2, K] → [B, 2, K] (channel 0 the first
/// moment of the centred gain, channel 1 the second).
/// </summary>
internal abstract class GridNetwork : Module
{
    protected GridNetwork(int features, int gridSize, bool usePrevious)
    {
        Features = features;
        GridSize = gridSize;
        UsePrevious = usePrevious;
    }

    public int Features { get; }

    public int GridSize { get; }

    public bool UsePrevious { get; }

    /// <summary>Builds the network the options ask for.</summary>
    public static GridNetwork Create(MultiAgentBsdeOptions options, int features, ControlGrid grid, Philox generator)
        => options.Regressor == GridRegressorKind.Mlp
            ? new MlpGridNetwork(options, features, grid.Count, generator)
            : new UNetGridNetwork(options, features, grid, generator);

    /// <summary>The moments over the grid.</summary>
    public abstract Tensor Predict(Tensor features, Tensor previous);

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Predict(input, Tensor.Zeros([input.Size(0), 2, GridSize], input.DType));
    }
}

/// <summary>The residual attention U-net over the control grid (the published network).</summary>
internal sealed class UNetGridNetwork : GridNetwork
{
    private readonly ResidualAttentionUNet _net;
    private readonly Tensor _coordinates;

    public UNetGridNetwork(MultiAgentBsdeOptions options, int features, ControlGrid grid, Philox generator)
        : base(features, grid.Count, options.UsePreviousEstimate)
    {
        var factor = 1 << (options.UNetWidths.Count - 1);
        if (grid.Count % factor != 0)
        {
            throw new ArgumentException(
                $"the U-net halves the grid {options.UNetWidths.Count - 1} time(s): GridPoints^assets = {grid.Count} must be divisible by {factor}.",
                nameof(options));
        }

        var channels = features + grid.Assets + (UsePrevious ? 2 : 0);
        var unet = new ResidualAttentionUNetOptions
        {
            InputChannels = channels,
            OutputChannels = 2,
            Widths = [.. options.UNetWidths],
            Heads = options.UNetHeads,
            Groups = options.UNetGroups,
        };
        _net = RegisterModule("unet", new ResidualAttentionUNet(unet, generator, options.DType));

        // The residual path starts by passing the previous step's estimate through whole, so the network begins as
        // that estimate and learns the step's correction (a random start made it unlearn it first).
        _net.PreviousEstimateWeight.CopyFrom(Tensor.Ones([1, 1], options.DType));
        _coordinates = Tensor.FromArray(grid.Coordinates, [1, grid.Assets, grid.Count]).To(options.DType);
        Assets = grid.Assets;
    }

    private int Assets { get; }

    public override Tensor Predict(Tensor features, Tensor previous)
    {
        var b = features.Size(0);
        var k = GridSize;
        var parts = new List<Tensor>(3)
        {
            features.Unsqueeze(2).Expand([b, Features, k]),
            _coordinates.Expand([b, Assets, k]),
        };
        if (UsePrevious)
        {
            parts.Add(previous);
        }

        var input = Tensor.Concat(parts, 1);
        return UsePrevious ? _net.Forward(input, previous) : _net.Forward(input);
    }
}

/// <summary>A plain MLP from the features to all 2K outputs, plus s·previous (the residual path).</summary>
internal sealed class MlpGridNetwork : GridNetwork
{
    private readonly Mlp _net;
    private readonly Tensor _skip;

    public MlpGridNetwork(MultiAgentBsdeOptions options, int features, int gridSize, Philox generator)
        : base(features, gridSize, options.UsePreviousEstimate)
    {
        // The previous estimate enters through the residual path only: as 2K extra inputs it let each step's network
        // build on the previous one's extrapolation, which compounded backwards (the no-impact check went from about
        // 1 % to 3–6 % when the networks were trained longer).
        var widths = new List<int> { features };
        widths.AddRange(options.MlpHiddenWidths);
        widths.Add(2 * gridSize);
        _net = RegisterModule("mlp", new Mlp(widths, Activation.Silu, generator: generator, dtype: options.DType));

        // Starts at zero: the network first learns the moments itself, then how much of the previous estimate to keep.
        _skip = RegisterParameter("skip", Tensor.Zeros([1], options.DType));
    }

    public override Tensor Predict(Tensor features, Tensor previous)
    {
        var b = features.Size(0);
        if (!UsePrevious)
        {
            return _net.Forward(features).Reshape([b, 2, GridSize]);
        }

        return _net.Forward(features).Reshape([b, 2, GridSize]) + (previous * _skip);
    }
}
