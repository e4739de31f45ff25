using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// Options of the forward deep BSDE solver (<see cref="DeepBsdeSolver"/>). The defaults are Han–Jentzen–E's
/// published configuration for HJB-LQ: N = 20 steps, 2000 iterations of batch 64, Adam at 1e-2, BatchNorm
/// subnets of width d + 10 whose output is divided by d, Huber-like loss clipped at 50, float64.
/// </summary>
public sealed record DeepBsdeOptions
{
    /// <summary>Gets the number N ≥ 1 of time steps of the Euler scheme. Default 20.</summary>
    public int TimeSteps { get; init; } = 20;

    /// <summary>Gets the number of optimiser steps (≥ 1). Default 2000.</summary>
    public int Iterations { get; init; } = 2000;

    /// <summary>Gets the number of paths per step (≥ 2, BatchNorm needs two). Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Gets the piecewise-constant learning rates (each &gt; 0): <c>LearningRates[i]</c> applies after
    /// <c>LearningRateBoundaries[i − 1]</c> steps (TensorFlow's <c>piecewise_constant</c> convention). Default [1e-2].
    /// </summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [1e-2];

    /// <summary>Gets the step counts at which the learning rate changes (strictly increasing, ≥ 1; one fewer than <see cref="LearningRates"/>). Default none.</summary>
    public IReadOnlyList<int> LearningRateBoundaries { get; init; } = [];

    /// <summary>Gets how Z is represented. Default <see cref="DeepBsdeNetwork.PerStepBatchNorm"/>.</summary>
    public DeepBsdeNetwork Network { get; init; } = DeepBsdeNetwork.PerStepBatchNorm;

    /// <summary>Gets the hidden width (≥ 1); null for d + 10. Default null.</summary>
    public int? HiddenWidth { get; init; }

    /// <summary>Gets the number of hidden layers (≥ 1). Default 2.</summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>Gets the factor applied to the network output to give Z (finite, nonzero); null for 1/d as in the published code. Default null.</summary>
    public double? OutputScale { get; init; }

    /// <summary>
    /// Gets θ ∈ [0, 1], the weight of the step's end in the generator: Yₙ₊₁ = Yₙ − [(1 − θ) fₙ + θ fₙ₊₁]Δt + Zₙ·ΔWₙ, where
    /// fₙ₊₁ is evaluated at Xₙ₊₁, at the explicit prediction of Yₙ₊₁ and at Zₙ₊₁ (at the last step Z_N = σᵀ∇g(X_N), by
    /// automatic differentiation of the terminal condition). 0 is the published explicit scheme; ½ is the trapezoidal rule,
    /// which for HJB-LQ cuts the time-discretisation bias about tenfold at d ≥ 4 (docs/results/deep-bsde.md). Default 0.
    /// </summary>
    public double GeneratorTheta { get; init; }

    /// <summary>Gets the lower end of the uniform initial Y₀. Default 0.</summary>
    public double Y0InitLow { get; init; }

    /// <summary>Gets the upper end of the uniform initial Y₀ (≥ <see cref="Y0InitLow"/>). Default 1.</summary>
    public double Y0InitHigh { get; init; } = 1;

    /// <summary>Gets h ≥ 0: each component of Z₀ starts uniform in [−h, h]. Default 0.1.</summary>
    public double Z0InitHalfWidth { get; init; } = 0.1;

    /// <summary>Gets the threshold c &gt; 0 of the terminal loss: δ² for |δ| &lt; c, else 2c|δ| − c². Default 50.</summary>
    public double LossClip { get; init; } = 50;

    /// <summary>Gets the seed of the initial weights and of every step's paths. Default 1.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Gets how often (in steps, ≥ 1) loss and Y₀ are recorded and progress is reported. Default 10.</summary>
    public int ReportEvery { get; init; } = 10;

    /// <summary>Gets the global gradient-norm clip (positive), or null for none. Default null.</summary>
    public double? ClipGradientNorm { get; init; }

    /// <summary>Gets the element type. Default float64.</summary>
    public DType DType { get; init; } = DType.Float64;

    /// <summary>
    /// Gets a folder for the trainer's checkpoint <c>deep-bsde.safetensors</c> (written at the end, on cancellation and every
    /// <see cref="CheckpointEvery"/> steps); null for none. Default null.
    /// </summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>
    /// Gets whether an existing checkpoint in <see cref="CheckpointDirectory"/> is resumed rather than overwritten, so
    /// solving again after a cancellation or crash continues where it stopped and ends bit-identical to an
    /// uninterrupted run. Off by default: a checkpoint does not record the options, so only a solve with the same
    /// problem and options may resume it (other parameter shapes are refused with <see cref="InvalidDataException"/>).
    /// </summary>
    public bool ResumeFromCheckpoint { get; init; }

    /// <summary>Gets how often (in optimiser steps, ≥ 0) a checkpoint is written; 0 only at the end and on cancellation. Default 0.</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>
    /// Gets the options of a Girsanov re-estimate of Y₀ from the trained Z after training (<see cref="GirsanovValueEstimator"/>),
    /// or null to return the trained Y₀ (the published method). When set, <see cref="DeepBsdeResult.Y0"/> is the re-estimate
    /// and <see cref="DeepBsdeResult.TrainedY0"/> the trained number; the estimate's element type is this solver's
    /// <see cref="DType"/>. It needs a generator that does not read y (HJB problems such as HJB-LQ); its error is second order
    /// in the networks' error, where the trained Y₀ is first order. Default null.
    /// </summary>
    public GirsanovEstimateOptions? Reestimate { get; init; }

    /// <summary>
    /// Gets the options of a control refinement after training, or null for none: Z₀ and the Z network are trained further
    /// to minimise the Girsanov estimate of Y₀ (the cost of the feedback control they define; <see cref="ControlRefinementObjective"/>),
    /// the objective whose excess over u(0, x₀) is the re-estimate's error. Needs a generator that does not read y. Default null.
    /// </summary>
    public ControlRefinementOptions? Refinement { get; init; }

    /// <summary>Gets the published configuration for HJB-LQ (the defaults).</summary>
    public static DeepBsdeOptions Standard => new();

    /// <summary>
    /// Gets the configuration for Allen–Cahn: the published one (4000 iterations, Y₀ initialised in [0.3, 0.6],
    /// N = 20) with a piecewise rate 2e-3 → 5e-4 (after 1000) → 1e-4 (2500) → 2e-5 (3500) instead of a constant
    /// 5e-4. At 5e-4 throughout, Y₀ is still descending from its initial range for the first thousand steps and
    /// then wanders about ±1 % of u ≈ 0.0528 (measured: 1.08 % after 4000 steps); the faster start and the
    /// decay settle it (measured: 0.17 %, docs/results/deep-bsde.md).
    /// </summary>
    public static DeepBsdeOptions ForAllenCahn => new() { Iterations = 4000, LearningRates = [2e-3, 5e-4, 1e-4, 2e-5], LearningRateBoundaries = [1000, 2500, 3500], Y0InitLow = 0.3, Y0InitHigh = 0.6 };

    /// <summary>Gets the published configuration for Black–Scholes with default risk: N = 40, 6000 iterations at 8e-3, Y₀ initialised in [40, 50].</summary>
    public static DeepBsdeOptions ForDefaultRisk => new() { TimeSteps = 40, Iterations = 6000, LearningRates = [8e-3], Y0InitLow = 40, Y0InitHigh = 50 };

    /// <summary>
    /// Gets the configuration for a z-dependent generator at small d (HJB-LQ with d ≲ 50): the published one with the
    /// trapezoidal generator (θ = ½), 1024 paths per step instead of 64, hidden width 64 instead of d + 10, the rate cut
    /// to 1e-3 after 1500 steps, then a
    /// control refinement of Z (<see cref="Refinement"/>, default options: 2000 steps) and the trained Y₀ replaced by the
    /// Girsanov re-estimate from the trained Z (<see cref="Reestimate"/>, default options).
    /// The forward method's Y₀ = E[g(X_N)] + Σ E[f(Ẑₙ)]Δt is first-order sensitive to the learnt Z while its loss is only
    /// second-order sensitive, and the learnt Z falls short (E|Ẑ|² 7–19 % below the exact scheme's at d = 4 with 64 paths),
    /// so the trained Y₀ lands too high; the larger batch cuts that shortfall 2–3×, and the re-estimate, second order in
    /// the networks' error and free of the N-step scheme's bias, removes most of the rest; the refinement trains Z on that
    /// re-estimate itself (docs/results/deep-bsde.md). It needs a generator that does not read y. It is expensive: about
    /// 11–14 CPU minutes a run at d ≤ 10 and 18 at d = 20, against seconds for the published configuration; at d ≤ 4
    /// <c>with { HiddenWidth = null }</c> (width d + 10) costs about a quarter of that and measured 0.11 % at d = 4, λ = 2.
    /// </summary>
    public static DeepBsdeOptions ForSmallDimension => new() { GeneratorTheta = 0.5, BatchSize = 1024, HiddenWidth = 64, LearningRates = [1e-2, 1e-3], LearningRateBoundaries = [1500], Refinement = new ControlRefinementOptions(), Reestimate = new GirsanovEstimateOptions() };

    /// <summary>Gets a short run for smoke tests and exploration: 200 iterations, otherwise the defaults.</summary>
    public static DeepBsdeOptions Quick => new() { Iterations = 200 };

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it and the rule).</exception>
    /// <exception cref="ArgumentException">The learning-rate schedule is inconsistent.</exception>
    public void Validate()
    {
        OptionChecks.AtLeast(TimeSteps, 1, nameof(TimeSteps));
        OptionChecks.AtLeast(Iterations, 1, nameof(Iterations));
        OptionChecks.AtLeast(BatchSize, 2, nameof(BatchSize));
        OptionChecks.Schedule(LearningRates, LearningRateBoundaries, nameof(LearningRates), nameof(LearningRateBoundaries));
        if (!Enum.IsDefined(Network))
        {
            throw new ArgumentOutOfRangeException(nameof(Network), Network, "Network must be a defined DeepBsdeNetwork value.");
        }

        if (HiddenWidth is { } w)
        {
            OptionChecks.AtLeast(w, 1, nameof(HiddenWidth));
        }

        OptionChecks.AtLeast(HiddenLayers, 1, nameof(HiddenLayers));
        if (OutputScale is { } s && (!double.IsFinite(s) || s == 0))
        {
            throw new ArgumentOutOfRangeException(nameof(OutputScale), s, $"OutputScale must be finite and nonzero (got {s}).");
        }

        if (!(GeneratorTheta >= 0 && GeneratorTheta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(GeneratorTheta), GeneratorTheta, $"GeneratorTheta must be in [0, 1] (got {GeneratorTheta}).");
        }

        OptionChecks.Finite(Y0InitLow, nameof(Y0InitLow));
        OptionChecks.Finite(Y0InitHigh, nameof(Y0InitHigh));
        if (Y0InitHigh < Y0InitLow)
        {
            throw new ArgumentOutOfRangeException(nameof(Y0InitHigh), Y0InitHigh, $"Y0InitHigh must be at least Y0InitLow ({Y0InitLow}).");
        }

        OptionChecks.NonNegative(Z0InitHalfWidth, nameof(Z0InitHalfWidth));
        OptionChecks.Positive(LossClip, nameof(LossClip));
        OptionChecks.AtLeast(ReportEvery, 1, nameof(ReportEvery));
        if (ClipGradientNorm is { } c)
        {
            OptionChecks.Positive(c, nameof(ClipGradientNorm));
        }

        OptionChecks.AtLeast(CheckpointEvery, 0, nameof(CheckpointEvery));
        if (CheckpointDirectory is { Length: 0 })
        {
            throw new ArgumentException("CheckpointDirectory must be null or a folder path, not empty.", nameof(CheckpointDirectory));
        }

        Reestimate?.Validate();
        Refinement?.Validate();
        if (!Enum.IsDefined(DType))
        {
            throw new ArgumentOutOfRangeException(nameof(DType), DType, "DType must be Float32 or Float64.");
        }
    }
}
