using System.Diagnostics;
using NeuralHjb.Control;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>
/// The forward deep BSDE method of Han, Jentzen and E (2018) for a semilinear parabolic PDE
/// (<see cref="ISemilinearPde"/>): Y₀ ≈ u(0, x₀) and Z₀ ≈ σᵀ∇u(0, x₀) are trainable numbers, Zₙ at the
/// interior steps is a network of Xₙ, the BSDE is unrolled forward along Euler paths of X and the
/// mismatch with g(X_N) is minimised (Huber-like loss) by Adam through the shared <see cref="Trainer"/>.
/// </summary>
/// <example>
/// <code>
/// var result = new DeepBsdeSolver().Solve(new HjbLq(), DeepBsdeOptions.Standard);
/// Console.WriteLine(result.Y0); // ≈ 4.59 (reference 4.5901)
/// </code>
/// </example>
public sealed class DeepBsdeSolver : ISolver<ISemilinearPde, DeepBsdeOptions, DeepBsdeResult>
{
    /// <summary>File name of the checkpoint in <see cref="DeepBsdeOptions.CheckpointDirectory"/>.</summary>
    public const string CheckpointFileName = "deep-bsde.safetensors";

    /// <summary>Trains and returns Y₀, Z₀, the trained Z (<see cref="DeepBsdeResult.ZModel"/>) and the history (recorded series: <c>loss</c>, <c>y0</c>).</summary>
    /// <param name="problem">The PDE.</param>
    /// <param name="options">Options (validated).</param>
    /// <param name="progress">Receives a report every <see cref="DeepBsdeOptions.ReportEvery"/> steps.</param>
    /// <param name="cancellationToken">Cancels between steps.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A re-estimate is asked for and the generator reads y.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient became NaN or infinite.</exception>
    /// <exception cref="InvalidDataException">The checkpoint in <see cref="DeepBsdeOptions.CheckpointDirectory"/> does not match this run.</exception>
    public DeepBsdeResult Solve(ISemilinearPde problem, DeepBsdeOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Reestimate is not null || options.Refinement is not null)
        {
            GirsanovValueEstimator.CheckProblem(problem);
        }

        var clock = Stopwatch.StartNew();
        var d = problem.Dimension;
        var dtype = options.DType;
        var init = new Philox(options.Seed, SolverStreams.Init);
        var y0 = Tensor.Uniform([1], init, options.Y0InitLow, options.Y0InitHigh, dtype).RequireGrad();
        var z0 = Tensor.Uniform([1, d], init, -options.Z0InitHalfWidth, options.Z0InitHalfWidth, dtype).RequireGrad();
        var network = CreateNetwork(problem, options, init);
        var named = new List<KeyValuePair<string, Tensor>> { new("y0", y0), new("z0", z0) };
        if (network is not null)
        {
            foreach (var (name, p) in network.Module.NamedParameters())
            {
                named.Add(new("net." + name, p));
            }
        }

        var optimizer = new Adam([.. named.Select(p => p.Value)], options.LearningRates[0]);
        string? checkpoint = null;
        if (options.CheckpointDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
            checkpoint = Path.Combine(dir, CheckpointFileName);
        }

        var trainer = new Trainer(named, optimizer, new TrainerOptions
        {
            Steps = options.Iterations,
            ReportEvery = options.ReportEvery,
            Stage = "deep-bsde",
            Schedule = new PiecewiseConstantSchedule(options.LearningRateBoundaries, options.LearningRates),
            ClipGradientNorm = options.ClipGradientNorm,
            CheckpointPath = checkpoint,
            CheckpointEvery = options.CheckpointEvery,
        });
        if (options.ResumeFromCheckpoint && checkpoint is not null && File.Exists(checkpoint))
        {
            trainer.Resume(checkpoint);
        }

        var objective = new ForwardBsdeObjective(problem, options, y0, z0, network);
        var history = trainer.Run(objective.Evaluate, progress, cancellationToken);
        var trainedY0 = y0.Item();
        var zModel = new ForwardTrainedZ(problem, options, z0, network);
        double? refinedCost = null;
        if (options.Refinement is { } refinement)
        {
            refinedCost = Refine(problem, options, refinement, named.Where(p => p.Key != "y0").ToList(), zModel, progress, cancellationToken);
        }

        var estimate = options.Reestimate is { } re ? GirsanovValueEstimator.Estimate(problem, zModel, re with { DType = dtype }, cancellationToken) : null;
        var y = estimate?.Value ?? trainedY0;
        var metrics = new Dictionary<string, double>
        {
            ["y0"] = y,
            ["final_loss"] = history.Count > 0 ? history[TrainingHistory.TotalLoss][^1] : double.NaN,
            ["iterations"] = trainer.CompletedSteps,
        };
        if (refinedCost is { } cost)
        {
            metrics["refinement_cost"] = cost;
        }

        if (estimate is not null)
        {
            metrics["y0_trained"] = trainedY0;
            metrics["y0_standard_error"] = estimate.StandardError;
        }

        return new DeepBsdeResult
        {
            Method = "deep-bsde",
            Y0 = y,
            TrainedY0 = trainedY0,
            Y0StandardError = estimate?.StandardError,
            Z0 = z0.ToDoubleArray(),
            ZModel = zModel,
            History = history,
            Elapsed = clock.Elapsed,
            Metrics = metrics,
        };
    }

    // Trains Z₀ and the network further on the control refinement's objective; returns its last value.
    private static double Refine(ISemilinearPde problem, DeepBsdeOptions options, ControlRefinementOptions refinement, List<KeyValuePair<string, Tensor>> named, ForwardTrainedZ zModel, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var trainer = new Trainer(named, new Adam([.. named.Select(p => p.Value)], refinement.LearningRates[0]), new TrainerOptions
        {
            Steps = refinement.Iterations,
            Schedule = new PiecewiseConstantSchedule(refinement.LearningRateBoundaries, refinement.LearningRates),
            ReportEvery = options.ReportEvery,
            Stage = "control-refinement",
            ClipGradientNorm = options.ClipGradientNorm,
        });
        var history = trainer.Run(new ControlRefinementObjective(problem, options, refinement, zModel).Evaluate, progress, cancellationToken);
        return history.Count > 0 ? history[TrainingHistory.TotalLoss][^1] : double.NaN;
    }

    private static IZNetwork? CreateNetwork(ISemilinearPde problem, DeepBsdeOptions options, Philox init)
    {
        var d = problem.Dimension;
        if (options.TimeSteps < 2)
        {
            return null; // a single step has no interior time: Z₀ is all there is
        }

        var scale = options.OutputScale ?? (1.0 / d);
        var hidden = options.HiddenWidth ?? (d + 10);
        return options.Network switch
        {
            DeepBsdeNetwork.PerStepBatchNorm => new PerStepZNetwork(
                new StackedBsdeSubnets(options.TimeSteps - 1, d, hidden, options.HiddenLayers, generator: init, dtype: options.DType), scale),
            _ => new SharedZNetwork(problem, options.TimeSteps, hidden, options.HiddenLayers, scale, init, options.DType, options.Seed),
        };
    }
}
