using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// Options of <see cref="PinnSolver"/>. The defaults are a plain PINN (soft terminal loss, fixed
/// weights, one stage); <c>GatheralSchiedPinn</c> builds the MT-PINN and vanilla set-ups for
/// Gatheral–Schied, and docs/solvers/pinn.md explains every option.
/// </summary>
public sealed record PinnOptions
{
    /// <summary>Gets the hidden layer widths. Default [32, 32, 32] (the MT-PINN paper's net).</summary>
    public IReadOnlyList<int> HiddenWidths { get; init; } = [32, 32, 32];

    /// <summary>Gets the hidden activation (must be twice differentiable: tanh, sigmoid, silu, softplus). Default tanh.</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Gets the computation dtype. Default float32.</summary>
    public DType DType { get; init; } = DType.Float32;

    /// <summary>Gets the output transform; null for <see cref="ScaledAnsatz"/> with scale 1 (soft terminal condition).</summary>
    public ValueAnsatz? Ansatz { get; init; }

    /// <summary>Gets the box collocation states are drawn from (and network inputs are scaled by); null for the problem's domain.</summary>
    public StateDomain? CollocationDomain { get; init; }

    /// <summary>Gets the collocation points per step. Default 1024.</summary>
    public int CollocationBatch { get; init; } = 1024;

    /// <summary>
    /// Gets the smallest time to the horizon T − t at collocation points (≥ 0, below T). Needed with a
    /// singular ansatz such as <see cref="LiquidationAnsatz"/>. Default 0.
    /// </summary>
    public double MinimumTimeToHorizon { get; init; }

    /// <summary>
    /// Gets p in the residual weight ((T − t)/T)^p (≥ 0). With <see cref="LiquidationAnsatz"/> the
    /// terms η x²/τ² of V_t and ¼(∂V/∂x)² cancel exactly in the residual but not in floating point;
    /// p = 1 keeps that rounding noise near the close from dominating the loss. Default 0.
    /// </summary>
    public double ResidualTimeWeightPower { get; init; }

    /// <summary>Gets the loss weights (initial weights when a stage adapts them).</summary>
    public PinnLossWeights Weights { get; init; } = new();

    /// <summary>Gets the boundary constraints (weighted by <see cref="PinnLossWeights.Boundary"/>). Default none.</summary>
    public IReadOnlyList<HyperplaneConstraint> Constraints { get; init; } = [];

    /// <summary>Gets the soft terminal loss (used only when the ansatz does not enforce the terminal condition).</summary>
    public TerminalLossOptions Terminal { get; init; } = new();

    /// <summary>Gets how the problem's declared symmetry (if any) is used. Default <see cref="SymmetryMode.Penalty"/>.</summary>
    public SymmetryMode Symmetry { get; init; } = SymmetryMode.Penalty;

    /// <summary>Gets the multi-trajectory terminal loss; null for none (a plain PINN).</summary>
    public TrajectoryLossOptions? Trajectory { get; init; }

    /// <summary>Gets residual-based adaptive sampling; null for uniform collocation only.</summary>
    public AdaptiveSamplingOptions? AdaptiveSampling { get; init; }

    /// <summary>Gets the curriculum stages, run in order with warm starts. Default one stage of 2000 steps.</summary>
    public IReadOnlyList<PinnStage> Stages { get; init; } = [new PinnStage()];

    /// <summary>Gets the peak learning rate of AdamW. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Gets the final learning rate of each stage's cosine decay, as a fraction of the peak (in [0, 1]). Default 0.05.</summary>
    public double FinalLearningRateFactor { get; init; } = 0.05;

    /// <summary>Gets AdamW's decoupled weight decay (≥ 0). Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Gets the gradient-norm clip; null for none. Default 10.</summary>
    public double? ClipGradientNorm { get; init; } = 10;

    /// <summary>Gets how often history is recorded and progress reported. Default 50.</summary>
    public int ReportEvery { get; init; } = 50;

    /// <summary>Gets a folder for per-stage checkpoints (<c>STAGE.safetensors</c>); null for none.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>
    /// Gets whether existing stage checkpoints in <see cref="CheckpointDirectory"/> are resumed rather than
    /// overwritten. Off by default: a checkpoint does not record the options, so only a solve with the same problem
    /// and options may resume it (it then ends bit-identical to an uninterrupted solve; a finished stage's file
    /// is skipped over at once).
    /// </summary>
    public bool ResumeFromCheckpoint { get; init; }

    /// <summary>Gets the random seed (weights, collocation points, rollouts). Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Gets which Hessian entries the residual computes. Default <see cref="SecondOrderEntries.Auto"/>.</summary>
    public SecondOrderEntries SecondOrder { get; init; } = SecondOrderEntries.Auto;

    /// <summary>Checks every option against the problem.</summary>
    /// <param name="problem">The problem to solve.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    /// <exception cref="ArgumentException">Options are inconsistent with each other or with the problem.</exception>
    public void Validate(ControlProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var d = problem.StateDimension;
        ArgumentNullException.ThrowIfNull(HiddenWidths, nameof(HiddenWidths));
        if (HiddenWidths.Count == 0 || HiddenWidths.Any(w => w < 1))
        {
            throw PinnGuard.OutOfRange(nameof(HiddenWidths), "HiddenWidths needs at least one layer, each of width ≥ 1.");
        }

        if (Activation is Activation.Relu or Activation.Identity || !Enum.IsDefined(Activation))
        {
            throw PinnGuard.OutOfRange(nameof(Activation), Activation, "Activation must be smooth (tanh, sigmoid, silu, softplus): the residual needs second derivatives.");
        }

        if (CollocationDomain is { } dom && dom.Dimension != d)
        {
            throw PinnGuard.Invalid($"CollocationDomain has {dom.Dimension} axes but the problem's state has {d}.", nameof(CollocationDomain));
        }

        if (!Enum.IsDefined(Symmetry))
        {
            throw PinnGuard.OutOfRange(nameof(Symmetry), Symmetry, "unknown SymmetryMode.");
        }

        PinnGuard.PositiveCount(CollocationBatch, nameof(CollocationBatch));
        if (!(MinimumTimeToHorizon >= 0 && MinimumTimeToHorizon < problem.Horizon))
        {
            throw PinnGuard.OutOfRange(nameof(MinimumTimeToHorizon), MinimumTimeToHorizon, $"MinimumTimeToHorizon must lie in [0, T = {problem.Horizon}).");
        }

        PinnGuard.NonNegative(ResidualTimeWeightPower, nameof(ResidualTimeWeightPower));
        ArgumentNullException.ThrowIfNull(Weights, nameof(Weights));
        Weights.Validate();
        ArgumentNullException.ThrowIfNull(Constraints, nameof(Constraints));
        ArgumentNullException.ThrowIfNull(Terminal, nameof(Terminal));
        Terminal.Validate();
        foreach (var (c, _) in Terminal.Pinned)
        {
            if (c < 0 || c >= d)
            {
                throw PinnGuard.OutOfRange(nameof(Terminal), c, $"Terminal.Pinned coordinates must lie in [0, {d}).");
            }
        }

        Trajectory?.Validate(problem.Horizon, d);
        if (Trajectory is not null && problem.HamiltonianMinimizer is null)
        {
            throw PinnGuard.Invalid("the trajectory loss rolls out the control u*(∇V): the problem needs a closed-form Hamiltonian minimiser.", nameof(Trajectory));
        }

        if (problem.HamiltonianMinimizer is null)
        {
            throw PinnGuard.Invalid($"problem '{problem.Name}' has no closed-form Hamiltonian minimiser; the PINN residual needs one (use policy iteration instead).", nameof(problem));
        }

        AdaptiveSampling?.Validate();
        ArgumentNullException.ThrowIfNull(Stages, nameof(Stages));
        if (Stages.Count == 0)
        {
            throw PinnGuard.Invalid("Stages must hold at least one stage.", nameof(Stages));
        }

        PinnGuard.Positive(LearningRate, nameof(LearningRate));
        PinnGuard.InRange(FinalLearningRateFactor, 0, 1, nameof(FinalLearningRateFactor));
        PinnGuard.NonNegative(WeightDecay, nameof(WeightDecay));
        if (ClipGradientNorm is { } clip)
        {
            PinnGuard.Positive(clip, nameof(ClipGradientNorm));
        }

        PinnGuard.PositiveCount(ReportEvery, nameof(ReportEvery));
        ValidateStages(problem);
        foreach (var c in Constraints.Concat(Stages.SelectMany(s => s.Constraints ?? [])))
        {
            if (c.Coordinate >= d)
            {
                throw PinnGuard.Invalid($"constraint '{c}' fixes coordinate {c.Coordinate} but the state has {d}.", nameof(Constraints));
            }
        }
    }

    private void ValidateStages(ControlProblem problem)
    {
        var d = problem.StateDimension;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var previous = new HashSet<int>();
        for (var i = 0; i < Stages.Count; i++)
        {
            var s = Stages[i] ?? throw PinnGuard.Invalid($"Stages[{i}] is null.", nameof(Stages));
            if (string.IsNullOrWhiteSpace(s.Name) || !names.Add(s.Name) || s.Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                throw PinnGuard.Invalid($"Stages[{i}].Name '{s.Name}' must be non-empty, unique and usable as a file name.", nameof(Stages));
            }

            PinnGuard.PositiveCount(s.Steps, $"Stages[{i}].Steps");
            if (s.LearningRate is { } lr)
            {
                PinnGuard.Positive(lr, $"Stages[{i}].LearningRate");
            }

            if (s.AdaptiveWeights is { } aw)
            {
                _ = aw.Create();
            }

            foreach (var (name, value) in s.Preferences)
            {
                if (!problem.Preferences.Any(p => p.Name == name))
                {
                    throw PinnGuard.Invalid($"Stages[{i}] sets preference '{name}', which problem '{problem.Name}' does not declare (it declares: {string.Join(", ", problem.Preferences.Select(p => p.Name))}).", nameof(Stages));
                }

                if (!double.IsFinite(value))
                {
                    throw PinnGuard.OutOfRange(nameof(Stages), value, $"Stages[{i}] preference '{name}' must be finite.");
                }
            }

            var active = s.ActiveCoordinates is null ? Enumerable.Range(0, d).ToHashSet() : s.ActiveCoordinates.ToHashSet();
            if (active.Any(c => c < 0 || c >= d))
            {
                throw PinnGuard.OutOfRange(nameof(Stages), $"Stages[{i}].ActiveCoordinates must lie in [0, {d}).");
            }

            if (i > 0 && !previous.IsSubsetOf(active))
            {
                throw PinnGuard.Invalid($"Stages[{i}].ActiveCoordinates drops coordinates of the previous stage: inputs can only be added (inflation).", nameof(Stages));
            }

            previous = active;
        }
    }
}
