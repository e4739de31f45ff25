using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// Options of <see cref="MultiAgentBsdeSolver"/>: the time grid, the simulated paths, each agent's control grid,
/// the regression network and its training, bagging, exploration and the best-response iteration.
/// </summary>
public sealed record MultiAgentBsdeOptions
{
    /// <summary>Gets the number of decision steps N_t on [0, T] (≥ 1). Default 20.</summary>
    public int TimeSteps { get; init; } = 20;

    /// <summary>Gets the number of simulated training paths per best-response iteration (≥ 16). Default 1024.</summary>
    public int TrainingPaths { get; init; } = 1024;

    /// <summary>Gets the number of fresh paths the learned strategies are evaluated on (≥ 16). Default 4096.</summary>
    public int EvaluationPaths { get; init; } = 4096;

    /// <summary>
    /// Gets the number of grid points per asset (≥ 3); an agent's grid is the product over assets, so it has
    /// <c>GridPoints^N</c> controls. The U-net needs the product to be divisible by 2^depth. Default 16.
    /// </summary>
    public int GridPoints { get; init; } = 16;

    /// <summary>
    /// Gets each agent's control interval per asset ([agent][asset]), in the grid's units: shares held after the
    /// step's trade (execution, <see cref="ExecutionGrid.Holdings"/>), shares per unit time
    /// (<see cref="ExecutionGrid.TradeRates"/>), or currency (portfolio). Null chooses them from the problem
    /// (execution holdings: from min(0, α₀) − |α₀|/2 to max(0, α₀) + |α₀|/2 with α₀ the agent's initial holding, or
    /// its largest one when it is zero; rates: ±3 times the agent's largest position per unit time; portfolio: ±4
    /// times the largest single-agent mean–variance amount).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ControlRange>>? ControlRanges { get; init; }

    /// <summary>Gets what an execution agent's grid discretises. Default <see cref="ExecutionGrid.Holdings"/>.</summary>
    public ExecutionGrid ExecutionGrid { get; init; } = ExecutionGrid.Holdings;

    /// <summary>
    /// Gets whether the chosen control is refined off the grid by fitting a quadratic to the criterion on the
    /// 3^N stencil around the best grid point (a Newton step clamped to one grid spacing). Default true.
    /// </summary>
    public bool RefineArgmax { get; init; } = true;

    /// <summary>
    /// Gets whether the one-step part of each agent's moments (the change of its marked-to-market relative wealth over
    /// the step, or the terminal liquidation at the last step) is computed exactly by cubature for every grid control,
    /// so that the networks learn only what the later steps add. Default true; false regresses the whole moments.
    /// </summary>
    public bool ExactStepMoments { get; init; } = true;

    /// <summary>Gets how the targets average over the next step's noise. Default <see cref="OneStepExpectation.Cubature"/>.</summary>
    public OneStepExpectation Expectation { get; init; } = OneStepExpectation.Cubature;

    /// <summary>Gets the regression network. Default the residual attention U-net.</summary>
    public GridRegressorKind Regressor { get; init; } = GridRegressorKind.ResidualAttentionUNet;

    /// <summary>Gets the U-net's channel widths, top level first (depth = count − 1). Default [16, 32].</summary>
    public IReadOnlyList<int> UNetWidths { get; init; } = [16, 32];

    /// <summary>Gets the U-net's attention heads (divides the top width). Default 2.</summary>
    public int UNetHeads { get; init; } = 2;

    /// <summary>Gets the U-net's GroupNorm groups (divides every width). Default 4.</summary>
    public int UNetGroups { get; init; } = 4;

    /// <summary>Gets the MLP's hidden widths. Default [64, 64].</summary>
    public IReadOnlyList<int> MlpHiddenWidths { get; init; } = [64, 64];

    /// <summary>Gets the number of independently initialised and trained networks averaged per agent (≥ 1). Default 3.</summary>
    public int Bags { get; init; } = 3;

    /// <summary>Gets the Adam steps at the last time step, where the networks start cold (≥ 1). Default 400.</summary>
    public int InitialTrainingSteps { get; init; } = 400;

    /// <summary>Gets the Adam steps at every other time step (warm-started from the next step's weights; ≥ 1). Default 150.</summary>
    public int TrainingStepsPerTimeStep { get; init; } = 150;

    /// <summary>Gets the minibatch size (paths per Adam step; ≥ 1, capped at the number of paths). Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Gets Adam's learning rate (positive). Default 2e-3.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Gets whether the previous step's estimate is fed to the network (residual path and input). Default true.</summary>
    public bool UsePreviousEstimate { get; init; } = true;

    /// <summary>
    /// Gets whether the path's index (scaled to [−1, 1]) is one of the network's inputs, as in the published
    /// network. Default false: a conditional expectation should not depend on the label of a path, and with the
    /// index the network can fit part of the noise.
    /// </summary>
    public bool UsePathIndexFeature { get; init; }

    /// <summary>
    /// Gets the probability (in [0, 1]) that, on a training path, an agent plays a control drawn uniformly from its
    /// grid's box at a step instead of its strategy (control randomisation). The states at step n + 1 then cover the
    /// post-step states that step n's targets read the step-(n+1) networks at, for every grid control. Default 0.5.
    /// </summary>
    public double Exploration { get; init; } = 0.5;

    /// <summary>
    /// Gets the most best-response sweeps per step (≥ 1): at each step, agents best-respond in turn to the others'
    /// latest controls until the mean controls change by less than <see cref="Tolerance"/>. Default 6.
    /// </summary>
    public int EquilibriumSweeps { get; init; } = 6;

    /// <summary>
    /// Gets the maximum number of outer iterations (≥ 1): each simulates fresh training paths with the strategies of
    /// the previous one and solves backwards again; it stops when the mean controls on the evaluation paths change by
    /// less than <see cref="Tolerance"/>. Default 2.
    /// </summary>
    public int MaxIterations { get; init; } = 2;

    /// <summary>
    /// Gets the tolerance on the change of the mean controls between two iterations (largest absolute change
    /// divided by the grid width; ≥ 0): the iteration stops below it. Default 0.01.
    /// </summary>
    public double Tolerance { get; init; } = 0.01;

    /// <summary>Gets the networks' element type (simulation is always float64). Default float32.</summary>
    public DType DType { get; init; } = DType.Float32;

    /// <summary>Gets the seed of every random draw (paths, initial weights, minibatches). Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Gets the record/report interval of the shared trainer (≥ 1). Default 50.</summary>
    public int ReportEvery { get; init; } = 50;

    /// <summary>
    /// Gets a folder for the trainer's checkpoints (one safetensors file per iteration, step, agent and bag,
    /// written when its regression ends or is cancelled); null for none.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Gets a small, fast configuration (MLP regressor, one bag, one outer iteration, 8 steps, 512 paths) for tests and smoke runs.</summary>
    public static MultiAgentBsdeOptions Quick { get; } = new()
    {
        TimeSteps = 8,
        TrainingPaths = 512,
        EvaluationPaths = 1024,
        Regressor = GridRegressorKind.Mlp,
        MlpHiddenWidths = [64, 64],
        Bags = 1,
        InitialTrainingSteps = 800,
        TrainingStepsPerTimeStep = 200,
        LearningRate = 5e-3,
        MaxIterations = 1,
    };

    /// <summary>Gets the default configuration (U-net, three bags).</summary>
    public static MultiAgentBsdeOptions Standard { get; } = new();

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it and the rule).</exception>
    /// <exception cref="ArgumentException">An option is inconsistent (the message names it).</exception>
    public void Validate()
    {
        AtLeast(TimeSteps, 1, nameof(TimeSteps));
        AtLeast(TrainingPaths, 16, nameof(TrainingPaths));
        AtLeast(EvaluationPaths, 16, nameof(EvaluationPaths));
        AtLeast(GridPoints, 3, nameof(GridPoints));
        AtLeast(Bags, 1, nameof(Bags));
        AtLeast(InitialTrainingSteps, 1, nameof(InitialTrainingSteps));
        AtLeast(TrainingStepsPerTimeStep, 1, nameof(TrainingStepsPerTimeStep));
        AtLeast(BatchSize, 1, nameof(BatchSize));
        AtLeast(MaxIterations, 1, nameof(MaxIterations));
        AtLeast(EquilibriumSweeps, 1, nameof(EquilibriumSweeps));
        AtLeast(ReportEvery, 1, nameof(ReportEvery));
        AtLeast(UNetHeads, 1, nameof(UNetHeads));
        AtLeast(UNetGroups, 1, nameof(UNetGroups));
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"LearningRate must be positive and finite (got {LearningRate}).");
        }

        if (!(Exploration >= 0 && Exploration <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Exploration), Exploration, $"Exploration must lie in [0, 1] (got {Exploration}).");
        }

        if (!(Tolerance >= 0) || !double.IsFinite(Tolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, $"Tolerance must be non-negative and finite (got {Tolerance}).");
        }

        if (!Enum.IsDefined(Expectation))
        {
            throw new ArgumentOutOfRangeException(nameof(Expectation), Expectation, "Expectation must be Cubature, Antithetic or Sampled.");
        }

        if (!Enum.IsDefined(ExecutionGrid))
        {
            throw new ArgumentOutOfRangeException(nameof(ExecutionGrid), ExecutionGrid, "ExecutionGrid must be Holdings or TradeRates.");
        }

        if (!Enum.IsDefined(Regressor))
        {
            throw new ArgumentOutOfRangeException(nameof(Regressor), Regressor, "Regressor must be ResidualAttentionUNet or Mlp.");
        }

        if (DType is not (DType.Float32 or DType.Float64))
        {
            throw new ArgumentOutOfRangeException(nameof(DType), DType, "DType must be Float32 or Float64.");
        }

        ArgumentNullException.ThrowIfNull(UNetWidths, nameof(UNetWidths));
        ArgumentNullException.ThrowIfNull(MlpHiddenWidths, nameof(MlpHiddenWidths));
        if (UNetWidths.Count < 2)
        {
            throw new ArgumentException("UNetWidths needs at least two entries (the top width and one level).", nameof(UNetWidths));
        }

        foreach (var w in UNetWidths)
        {
            if (w < 1 || w % UNetGroups != 0)
            {
                throw new ArgumentException($"every entry of UNetWidths must be a positive multiple of UNetGroups ({UNetGroups}); got {w}.", nameof(UNetWidths));
            }
        }

        if (UNetWidths[0] % UNetHeads != 0)
        {
            throw new ArgumentException($"UNetWidths[0] ({UNetWidths[0]}) must be divisible by UNetHeads ({UNetHeads}).", nameof(UNetHeads));
        }

        foreach (var w in MlpHiddenWidths)
        {
            AtLeast(w, 1, nameof(MlpHiddenWidths));
        }

        if (ControlRanges is not null)
        {
            for (var j = 0; j < ControlRanges.Count; j++)
            {
                var ranges = ControlRanges[j] ?? throw new ArgumentException($"ControlRanges[{j}] must not be null.", nameof(ControlRanges));
                for (var i = 0; i < ranges.Count; i++)
                {
                    var r = ranges[i];
                    if (r is null || !double.IsFinite(r.Lower) || !double.IsFinite(r.Upper) || !(r.Upper > r.Lower))
                    {
                        throw new ArgumentException($"ControlRanges[{j}][{i}] must be finite with Upper > Lower.", nameof(ControlRanges));
                    }
                }
            }
        }
    }

    private static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum} (got {value}).");
        }
    }
}
