using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

// The exceptions of Validate name the option (the contract of every options record), not its parameter.
#pragma warning disable CA2208

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Options of <see cref="PolicyIterationSolver"/>. The defaults are the generic path (free value network,
/// terminal condition through a loss term, tanh networks); <see cref="Quick"/> and <see cref="Standard"/> are
/// presets, and <see cref="PortfolioPolicyIteration"/> builds tuned options for the portfolio problems.
/// </summary>
public sealed record PolicyIterationOptions
{
    /// <summary>Gets a small configuration for smoke tests and examples (seconds on a laptop core).</summary>
    public static PolicyIterationOptions Quick { get; } = new()
    {
        ValueHiddenWidths = [24, 24],
        ControlHiddenWidths = [16, 16],
        MaxIterations = 4,
        InitialEvaluationSteps = 300,
        EvaluationSteps = 150,
        ImprovementSteps = 150,
        BatchSize = 256,
        ImprovementPoints = 512,
        AdaptiveSampling = new() { RefreshEvery = 50, Candidates = 1024, PoolSize = 256, BatchFraction = 0.25 },
        EvaluationPoints = 256,
    };

    /// <summary>Gets the paper-sized configuration (width-128 value network).</summary>
    public static PolicyIterationOptions Standard { get; } = new()
    {
        ValueHiddenWidths = [128, 128, 128],
        ControlHiddenWidths = [64, 64],
        InitialEvaluationSteps = 3000,
        EvaluationSteps = 1500,
        ImprovementSteps = 800,
        BatchSize = 1024,
    };

    /// <summary>Gets the hidden widths of the value network. Default [64, 64, 64].</summary>
    public IReadOnlyList<int> ValueHiddenWidths { get; init; } = [64, 64, 64];

    /// <summary>Gets the hidden widths of the control network. Default [32, 32].</summary>
    public IReadOnlyList<int> ControlHiddenWidths { get; init; } = [32, 32];

    /// <summary>Gets the hidden activation of both networks. Default tanh (the residual needs smooth second derivatives).</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>
    /// Gets how the value network's output n becomes V (an output transform shared with the PINN solver, e.g.
    /// <see cref="TerminalValueAnsatz"/>, <see cref="MultiplicativeTerminalAnsatz"/>); null is V = n with the terminal
    /// mismatch in the loss (the generic, paper-style path). An ansatz that enforces V(T) = g drops that term.
    /// </summary>
    public ValueAnsatz? Ansatz { get; init; }

    /// <summary>Gets the state coordinates the networks see as their logarithm (they must have a positive domain), e.g. [0] for wealth. Default none.</summary>
    public IReadOnlyList<int> LogStateCoordinates { get; init; } = [];

    /// <summary>Gets the admissible box of the control; null uses the problem's <see cref="ControlProblem.ControlBounds"/> (unconstrained when that is null too).</summary>
    public ControlBounds? ControlBounds { get; init; }

    /// <summary>Gets the initial constant control u₀ (one value per coordinate, strictly inside the box); null starts at the box centre (0 when unconstrained).</summary>
    public IReadOnlyList<double>? InitialControl { get; init; }

    /// <summary>Gets the names of the problem's preferences to train over (sampled per point and fed to both networks); empty keeps the problem's own values. Default empty.</summary>
    public IReadOnlyList<string> TrainPreferences { get; init; } = [];

    /// <summary>Gets the most evaluation–improvement iterations (≥ 1). Default 8.</summary>
    public int MaxIterations { get; init; } = 8;

    /// <summary>Gets the stopping tolerance on the relative change ‖V_k − V_{k−1}‖₂ / ‖V_{k−1}‖₂ over the fixed evaluation points (&gt; 0). Default 1e-4.</summary>
    public double Tolerance { get; init; } = 1e-4;

    /// <summary>Gets the slack of the monotone-improvement check: iteration k counts as monotone when max(V_k − V_{k−1}) ≤ slack·rms(V_{k−1}) (≥ 0). Default 1e-3.</summary>
    public double MonotoneSlack { get; init; } = 1e-3;

    /// <summary>Gets the optimiser steps of the first policy evaluation (from scratch, ≥ 1). Default 2000.</summary>
    public int InitialEvaluationSteps { get; init; } = 2000;

    /// <summary>Gets the optimiser steps of later evaluations (warm-started, ≥ 1). Default 1000.</summary>
    public int EvaluationSteps { get; init; } = 1000;

    /// <summary>Gets the optimiser steps of each policy improvement (≥ 1). Default 500.</summary>
    public int ImprovementSteps { get; init; } = 500;

    /// <summary>Gets the collocation points per evaluation step (≥ 8). Default 512.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Gets the terminal points per evaluation step when the ansatz does not impose V(T) = g (≥ 1). Default 256.</summary>
    public int TerminalBatchSize { get; init; } = 256;

    /// <summary>Gets the weight of the terminal mismatch mean (V(T, x) − g(x))² (≥ 0). Default 1.</summary>
    public double TerminalWeight { get; init; } = 1;

    /// <summary>Gets the points (t, x) on which each improvement maximises the Hamiltonian, full batch (≥ 8). Default 2048.</summary>
    public int ImprovementPoints { get; init; } = 2048;

    /// <summary>Gets a value indicating whether each point's Hamiltonian is divided by |V| + 0.1·mean|V| in the improvement objective (same pointwise argmin, better balanced fit). Default true.</summary>
    public bool NormalizeHamiltonian { get; init; } = true;

    /// <summary>Gets the initial learning rate of the value network (Adam, cosine-annealed to 1% within each evaluation). Default 1e-3.</summary>
    public double ValueLearningRate { get; init; } = 1e-3;

    /// <summary>Gets the initial learning rate of the control network (Adam, cosine-annealed to 1% within each improvement). Default 1e-2.</summary>
    public double ControlLearningRate { get; init; } = 1e-2;

    /// <summary>
    /// Gets the residual-based adaptive sampling of the evaluation batches (the PINN solver's
    /// <see cref="ResidualAdaptiveSampler"/>: a pool of the highest-|residual| candidates, refreshed every few
    /// steps, supplies a fraction of each batch); null turns it off. Default: refresh every 100 steps from 2048
    /// candidates, pool 512, a quarter of each batch.
    /// </summary>
    public AdaptiveSamplingOptions? AdaptiveSampling { get; init; } = new() { RefreshEvery = 100, Candidates = 2048, PoolSize = 512, BatchFraction = 0.25 };

    /// <summary>Gets the fixed random points (t, x[, p]) on which V is compared between iterations (≥ 8). Default 1024.</summary>
    public int EvaluationPoints { get; init; } = 1024;

    /// <summary>Gets the element type of the networks. Default float32.</summary>
    public DType DType { get; init; } = DType.Float32;

    /// <summary>Gets the seed of initial weights and every sample (runs are reproducible per seed). Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Gets the history/progress interval in optimiser steps (≥ 1). Default 50.</summary>
    public int ReportEvery { get; init; } = 50;

    /// <summary>Gets the gradient-norm clip of both optimisers, or null for none. Default null.</summary>
    public double? ClipGradientNorm { get; init; }

    /// <summary>
    /// Gets a folder for per-phase checkpoints (<c>iterK-evaluation.safetensors</c>, <c>iterK-improvement.safetensors</c>,
    /// written when a phase ends or is cancelled), or null for none.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>
    /// Gets whether existing phase checkpoints in <see cref="CheckpointDirectory"/> are resumed rather than overwritten,
    /// so solving again after a cancellation or crash continues where it stopped and ends bit-identical to an
    /// uninterrupted solve: finished phases are restored from their files without running a step, the interrupted
    /// phase continues from its checkpoint (or starts again when the crash left none), and every later phase starts
    /// afresh. Off by default: a checkpoint does not record the options, so only a solve with the same problem and
    /// options may resume it.
    /// </summary>
    public bool ResumeFromCheckpoint { get; init; }

    /// <summary>Checks every option against the problem.</summary>
    /// <param name="problem">The problem the options will be used on.</param>
    /// <exception cref="ArgumentOutOfRangeException">Naming the option and its rule.</exception>
    /// <exception cref="ArgumentException">For inconsistent options (wrong lengths, unknown names).</exception>
    public void Validate(ControlProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckWidths(ValueHiddenWidths, nameof(ValueHiddenWidths));
        CheckWidths(ControlHiddenWidths, nameof(ControlHiddenWidths));
        if (!Enum.IsDefined(Activation))
        {
            throw new ArgumentOutOfRangeException(nameof(Activation), Activation, "Activation must be a defined activation.");
        }

        ArgumentNullException.ThrowIfNull(LogStateCoordinates, nameof(LogStateCoordinates));
        foreach (var i in LogStateCoordinates)
        {
            if (i < 0 || i >= problem.StateDimension)
            {
                throw new ArgumentOutOfRangeException(nameof(LogStateCoordinates), i, $"LogStateCoordinates entries must lie in [0, {problem.StateDimension}).");
            }

            if (!(problem.Domain.Axes[i].Low > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(LogStateCoordinates), i, $"LogStateCoordinates: coordinate {i} ('{problem.Domain.Axes[i].Name}') needs a positive domain to take its logarithm (low = {problem.Domain.Axes[i].Low}).");
            }
        }

        if (ControlBounds is not null && ControlBounds.Low.Count != problem.ControlDimension)
        {
            throw new ArgumentException($"ControlBounds has {ControlBounds.Low.Count} coordinates but the control has {problem.ControlDimension}.", nameof(ControlBounds));
        }

        if (InitialControl is not null)
        {
            var bounds = ControlBounds ?? problem.ControlBounds;
            if (InitialControl.Count != problem.ControlDimension)
            {
                throw new ArgumentException($"InitialControl has {InitialControl.Count} values but the control has {problem.ControlDimension}.", nameof(InitialControl));
            }

            for (var i = 0; i < InitialControl.Count; i++)
            {
                double lo = bounds?.Low[i] ?? double.NegativeInfinity, hi = bounds?.High[i] ?? double.PositiveInfinity;
                if (!(InitialControl[i] > lo && InitialControl[i] < hi))
                {
                    throw new ArgumentOutOfRangeException(nameof(InitialControl), InitialControl[i], $"InitialControl[{i}] must lie strictly inside ({lo}, {hi}).");
                }
            }
        }

        ArgumentNullException.ThrowIfNull(TrainPreferences, nameof(TrainPreferences));
        foreach (var name in TrainPreferences)
        {
            if (!problem.Preferences.Any(p => p.Name == name))
            {
                throw new ArgumentException($"TrainPreferences: '{name}' is not a preference of '{problem.Name}' (declared: {string.Join(", ", problem.Preferences.Select(p => p.Name))}).", nameof(TrainPreferences));
            }
        }

        AtLeast(MaxIterations, 1, nameof(MaxIterations));
        Positive(Tolerance, nameof(Tolerance));
        NonNegative(MonotoneSlack, nameof(MonotoneSlack));
        AtLeast(InitialEvaluationSteps, 1, nameof(InitialEvaluationSteps));
        AtLeast(EvaluationSteps, 1, nameof(EvaluationSteps));
        AtLeast(ImprovementSteps, 1, nameof(ImprovementSteps));
        AtLeast(BatchSize, 8, nameof(BatchSize));
        AtLeast(TerminalBatchSize, 1, nameof(TerminalBatchSize));
        NonNegative(TerminalWeight, nameof(TerminalWeight));
        AtLeast(ImprovementPoints, 8, nameof(ImprovementPoints));
        Positive(ValueLearningRate, nameof(ValueLearningRate));
        Positive(ControlLearningRate, nameof(ControlLearningRate));
        AdaptiveSampling?.Validate();
        if (AdaptiveSampling is { BatchFraction: >= 1 })
        {
            throw new ArgumentOutOfRangeException(nameof(AdaptiveSampling), AdaptiveSampling.BatchFraction, "AdaptiveSampling.BatchFraction must be below 1 (every batch keeps some uniform points).");
        }
        AtLeast(EvaluationPoints, 8, nameof(EvaluationPoints));
        if (!Enum.IsDefined(DType))
        {
            throw new ArgumentOutOfRangeException(nameof(DType), DType, "DType must be Float32 or Float64.");
        }

        AtLeast(ReportEvery, 1, nameof(ReportEvery));
        if (ClipGradientNorm is { } clip)
        {
            Positive(clip, nameof(ClipGradientNorm));
        }
    }

    /// <summary>Gets the number of pool points in each evaluation batch.</summary>
    internal int AdaptivePoints => AdaptiveSampling is { } a ? (int)Math.Floor(a.BatchFraction * BatchSize) : 0;

    private static void CheckWidths(IReadOnlyList<int> widths, string name)
    {
        ArgumentNullException.ThrowIfNull(widths, name);
        foreach (var w in widths)
        {
            if (w < 1)
            {
                throw new ArgumentOutOfRangeException(name, w, $"{name} entries must be at least 1.");
            }
        }
    }

    private static void AtLeast(int value, int min, string name)
    {
        if (value < min)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {min} (got {value}).");
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite (got {value}).");
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite (got {value}).");
        }
    }
}
