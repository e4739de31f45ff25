using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>Maps the interior states X₁ … X_{N−1} (K = N − 1 of them) to Z estimates, feature-major [K, d, B].</summary>
internal interface IZNetwork
{
    Module Module { get; }

    /// <summary>Whether <see cref="Forward"/> reads the feature-major copy of the states (else the row-major one).</summary>
    bool WantsFeatureMajor { get; }

    /// <param name="interiorStates">[K, B, d] row-major, or [K, d, B] feature-major per <see cref="WantsFeatureMajor"/>.</param>
    /// <returns>[K, d, B].</returns>
    Tensor Forward(Tensor interiorStates);

    /// <summary>Zₖ₊₁ alone at a batch of states [B, d] → [B, d] with fixed batch statistics (no graph unless asked).</summary>
    /// <param name="interiorIndex">k, 0 ≤ k &lt; K (time t_{k+1}).</param>
    /// <param name="states">[B, d].</param>
    /// <param name="calibrationPaths">Paths whose interior states [K, B', d] (row-major) fix any batch statistics.</param>
    /// <param name="keepGraph">Record the graph to the parameters (the control refinement trains this function).</param>
    Tensor EvaluateStep(int interiorIndex, Tensor states, Func<Tensor> calibrationPaths, bool keepGraph = false);
}

/// <summary>The published per-step BatchNorm subnets, all K evaluated in one pass.</summary>
internal sealed class PerStepZNetwork(StackedBsdeSubnets subnets, double outputScale) : IZNetwork
{
    public Module Module => subnets;

    public bool WantsFeatureMajor => true;

    private IReadOnlyList<(Tensor Mean, Tensor InverseStd)>? _statistics;

    public Tensor Forward(Tensor interiorStates) => subnets.ForwardFeatureMajor(interiorStates, outputScale);

    public Tensor EvaluateStep(int interiorIndex, Tensor states, Func<Tensor> calibrationPaths, bool keepGraph = false)
    {
        // Training-mode BatchNorm normalises by the batch it is given; a lone state needs fixed statistics, taken once
        // from a large batch of the paths it was trained on (the population statistics at the final weights).
        _statistics ??= subnets.Statistics(calibrationPaths().Transpose(1, 2).Contiguous());
        var input = states.Transpose(0, 1).Contiguous().Unsqueeze(0);
        return subnets.ForwardWithStatistics(interiorIndex, input, outputScale, _statistics, keepGraph).Squeeze(0).Transpose(0, 1).Contiguous();
    }
}

/// <summary>One time-conditioned MLP (t, x) ↦ Z shared by all steps, on a fixed normalisation of its inputs.</summary>
internal sealed class SharedZNetwork : IZNetwork
{
    private readonly Mlp _mlp;
    private readonly double _outputScale;
    private readonly double[] _times;
    private Tensor? _timeColumn;

    public SharedZNetwork(ISemilinearPde pde, int timeSteps, int hidden, int hiddenLayers, double outputScale, Philox generator, DType dtype, ulong seed)
    {
        var d = pde.Dimension;
        var widths = new List<int> { d + 1 };
        for (var i = 0; i < hiddenLayers; i++)
        {
            widths.Add(hidden);
        }

        widths.Add(d);
        _mlp = new Mlp(widths, Activation.Tanh, normalization: PilotNormalization.Create(pde, timeSteps, dtype, seed, includeTime: true), generator: generator, dtype: dtype);
        _outputScale = outputScale;
        var dt = pde.Horizon / timeSteps;
        _times = new double[timeSteps - 1];
        for (var k = 0; k < _times.Length; k++)
        {
            _times[k] = (k + 1) * dt;
        }
    }

    public Module Module => _mlp;

    public bool WantsFeatureMajor => false;

    public Tensor Forward(Tensor interiorStates)
    {
        var k = interiorStates.Shape[0];
        var b = interiorStates.Shape[1];
        var d = interiorStates.Shape[2];
        Tensor input;
        using (Autograd.NoGrad())
        {
            input = Tensor.Concat([TimeColumn(b, interiorStates.DType), interiorStates], 2).Reshape([k * b, d + 1]);
        }

        return (_mlp.Forward(input) * _outputScale).Reshape([k, b, d]).Transpose(1, 2).Contiguous();
    }

    public Tensor EvaluateStep(int interiorIndex, Tensor states, Func<Tensor> calibrationPaths, bool keepGraph = false)
    {
        using var _ = new OptionalNoGrad(!keepGraph);
        var time = Tensor.Full([states.Shape[0], 1], _times[interiorIndex], states.DType);
        return _mlp.Forward(Tensor.Concat([time, states], 1)) * _outputScale;
    }

    private Tensor TimeColumn(int batch, DType dtype)
    {
        if (_timeColumn is { } t && t.Shape[1] == batch && t.DType == dtype)
        {
            return t;
        }

        var values = new double[_times.Length * batch];
        for (var k = 0; k < _times.Length; k++)
        {
            Array.Fill(values, _times[k], k * batch, batch);
        }

        return _timeColumn = Tensor.FromSpan(values, [_times.Length, batch, 1], dtype);
    }
}

/// <summary>Philox stream numbers: training steps use their index; these sit far above any step count.</summary>
internal static class SolverStreams
{
    public const ulong Init = 1UL << 62;
    public const ulong Pilot = (1UL << 62) + 1;
    public const ulong Calibration = (1UL << 62) + 2;
    public const ulong Refinement = 1UL << 61;
}
