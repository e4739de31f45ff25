using System.Diagnostics;
using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Nn;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// The deep backward dynamic programming schemes DBDP1 and DBDP2 of Huré, Pham and Warin (2020) for an
/// <see cref="ISemilinearPde"/>: from the last time step backwards, fit networks Uᵢ ≈ u(tᵢ, ·) and
/// Zᵢ ≈ σᵀ∇u(tᵢ, ·) by least squares of the one-step BSDE residual
/// E|Uᵢ₊₁(Xᵢ₊₁) − Uᵢ(Xᵢ) + f(tᵢ, Xᵢ, Uᵢ, Zᵢ)Δt − Zᵢ·ΔWᵢ|² with U_N = g, each step warm-started from the
/// next (<see cref="BackwardInduction"/>). The answer is U₀(x₀).
/// </summary>
/// <remarks>
/// DBDP1: every step has one tanh network x ↦ (U, Z) with d + 1 outputs. DBDP2: the network has one output U and
/// Zᵢ = σᵀ∇ₓUᵢ by automatic differentiation (<see cref="DbdpScheme"/>). X₀ = x₀ is deterministic, so step 0 is
/// evaluated on the single point x₀. History series: <c>loss</c>, <c>time_index</c>, and <c>y0</c> (U₀(x₀)) during step 0.
/// </remarks>
public sealed class DbdpSolver : ISolver<ISemilinearPde, DbdpOptions, DeepBsdeResult>
{
    /// <summary>Fits the networks and returns U₀(x₀), Z₀(x₀) and the history.</summary>
    /// <param name="problem">The PDE.</param>
    /// <param name="options">Options (validated).</param>
    /// <param name="progress">Receives the Trainer's reports (stage <c>step i</c>).</param>
    /// <param name="cancellationToken">Cancels between optimiser steps.</param>
    /// <returns>The result (<see cref="DeepBsdeResult.Method"/> is "dbdp" or "dbdp2"; <see cref="DeepBsdeResult.ZModel"/> evaluates every Zᵢ).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="TrainingDivergedException">A loss or gradient became NaN or infinite.</exception>
    public DeepBsdeResult Solve(ISemilinearPde problem, DbdpOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        => SolveWithModels(problem, options, progress, cancellationToken).Result;

    /// <summary>As <see cref="Solve"/>, also returning the per-step networks: x ↦ (U, Z) for DBDP1 (column 0 is U), x ↦ U for DBDP2.</summary>
    /// <param name="problem">The PDE.</param>
    /// <param name="options">Options (validated).</param>
    /// <param name="progress">Receives the Trainer's reports.</param>
    /// <param name="cancellationToken">Cancels between optimiser steps.</param>
    /// <returns>The result and the models indexed by time step.</returns>
    public (DeepBsdeResult Result, IReadOnlyList<Mlp> Models) SolveWithModels(ISemilinearPde problem, DbdpOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var d = problem.Dimension;
        var n = options.TimeSteps;
        var dt = problem.Horizon / n;
        var dtype = options.DType;
        var hidden = options.HiddenWidth ?? (d + 10);
        var widths = new List<int> { d };
        for (var l = 0; l < options.HiddenLayers; l++)
        {
            widths.Add(hidden);
        }

        var gradientZ = options.Scheme == DbdpScheme.Dbdp2;
        widths.Add(gradientZ ? 1 : d + 1);
        var normalization = PilotNormalization.Create(problem, n, dtype, options.Seed, includeTime: false);
        var init = new Philox(options.Seed, SolverStreams.Init);
        var x0 = problem.InitialStates(1, dtype);
        var times = new Tensor[n];
        for (var i = 0; i < n; i++)
        {
            times[i] = Tensor.Scalar(i * dt, dtype);
        }

        Func<int, LossEvaluation> Objective(BackwardStep<Mlp> step) => iteration =>
        {
            var i = step.TimeIndex;
            var rng = new Philox(options.Seed, ((ulong)(i + 1) << 32) | (uint)iteration);
            var paths = EulerPaths.Simulate(problem, n, i + 1, options.BatchSize, rng, dtype);
            var xi = paths.States.Select(0, i);
            var xNext = paths.States.Select(0, i + 1);
            Tensor target;
            using (Autograd.NoGrad())
            {
                target = step.Next is null ? problem.Terminal(xNext) : step.Next.Forward(xNext).Slice(1, 0, 1);
            }

            // At step 0 every path starts at x₀: evaluate the network once and broadcast.
            var at = i == 0 ? x0 : xi;
            var (u, z) = gradientZ ? ValueAndGradientZ(problem, step.Model, times[i], at, createGraph: true) : Split(step.Model.Forward(at), d);
            var f = problem.Generator(times[i], at, u, z);
            var residual = target - u + (f * dt) - (z * paths.Increments.Select(0, i)).Sum(1, keepDim: true);
            var loss = residual.Square().Mean();
            return i == 0 ? new LossEvaluation(loss, [new("y0", u)]) : new LossEvaluation(loss);
        };

        var induction = BackwardInduction.Run(
            n,
            _ => new Mlp(widths, Activation.Tanh, normalization: normalization, generator: init, dtype: dtype),
            Objective,
            options.Steps with
            {
                CheckpointDirectory = options.CheckpointDirectory ?? options.Steps.CheckpointDirectory,
                ResumeFromCheckpoint = options.ResumeFromCheckpoint || options.Steps.ResumeFromCheckpoint,
            },
            progress,
            cancellationToken);
        Tensor result;
        using (Autograd.NoGrad())
        {
            result = induction.Models[0].Forward(x0);
        }

        var values = gradientZ
            ? [result.ToDoubleArray()[0], .. ValueAndGradientZ(problem, induction.Models[0], times[0], x0, createGraph: false).Z.ToDoubleArray()]
            : result.ToDoubleArray();
        var iterations = (options.Steps.FirstStepIterations ?? options.Steps.Iterations) + ((n - 1) * options.Steps.Iterations);
        var deep = new DeepBsdeResult
        {
            Method = gradientZ ? "dbdp2" : "dbdp",
            Y0 = values[0],
            TrainedY0 = values[0],
            Z0 = values[1..],
            ZModel = new DbdpTrainedZ(problem, induction.Models, options.Scheme),
            History = induction.History,
            Elapsed = clock.Elapsed,
            Metrics = new Dictionary<string, double>
            {
                ["y0"] = values[0],
                ["final_loss"] = induction.FinalLosses[0],
                ["iterations"] = iterations,
            },
        };
        return (deep, induction.Models);
    }

    /// <summary>Uᵢ(x) and Zᵢ(x) = σᵀ∇ₓUᵢ(x) of a one-output network; with <paramref name="createGraph"/> Z stays differentiable in the parameters.</summary>
    internal static (Tensor U, Tensor Z) ValueAndGradientZ(ISemilinearPde problem, Mlp model, Tensor time, Tensor states, bool createGraph)
    {
        var x = states.Detach().Clone().RequireGrad();
        var u = model.Forward(x);
        var gradient = Autograd.Grad(u, x, Tensor.OnesLike(u), createGraph: createGraph);
        return (createGraph ? u : u.Detach(), problem.DiffusionTransposeTimes(time, states, gradient));
    }

    private static (Tensor U, Tensor Z) Split(Tensor uz, int d) => (uz.Slice(1, 0, 1), uz.Slice(1, 1, d));
}
