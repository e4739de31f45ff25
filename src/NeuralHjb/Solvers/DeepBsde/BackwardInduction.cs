using System.Globalization;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.DeepBsde;

/// <summary>What a backward step's objective is given: the time index, the model being trained and its trained successor.</summary>
/// <typeparam name="TModel">The per-step model type.</typeparam>
/// <param name="TimeIndex">i, the time step being fitted (N − 1 first, 0 last).</param>
/// <param name="Model">The model of step i (trainable).</param>
/// <param name="Next">The trained, frozen model of step i + 1, or null when i = N − 1 (the terminal condition applies).</param>
public sealed record BackwardStep<TModel>(int TimeIndex, TModel Model, TModel? Next)
    where TModel : Module;

/// <summary>The models fitted by <see cref="BackwardInduction.Run"/> and the combined history.</summary>
/// <typeparam name="TModel">The per-step model type.</typeparam>
public sealed class BackwardInductionResult<TModel>
    where TModel : Module
{
    internal BackwardInductionResult(IReadOnlyList<TModel> models, TrainingHistory history, IReadOnlyList<double> finalLosses)
    {
        Models = models;
        History = history;
        FinalLosses = finalLosses;
    }

    /// <summary>Gets the trained models, indexed by time step 0 … N − 1 (frozen, in evaluation mode).</summary>
    public IReadOnlyList<TModel> Models { get; }

    /// <summary>
    /// Gets the history of all steps on one global step axis (step N − 1's optimiser steps first); besides
    /// <c>loss</c> and the objective's own terms it has <c>time_index</c>.
    /// </summary>
    public TrainingHistory History { get; }

    /// <summary>Gets the last recorded loss of each time step, indexed by time step.</summary>
    public IReadOnlyList<double> FinalLosses { get; }
}

/// <summary>
/// The backward induction shared by least-squares BSDE schemes (DBDP) and dynamic-programming control
/// solvers: for i = N − 1 down to 0 build the model of step i, optionally copy the parameters of step i + 1
/// into it (warm start), minimise the step's objective through the shared <see cref="Trainer"/>, then
/// freeze it so that step i − 1 can use it as its target. With <see cref="BackwardStepOptions.CheckpointDirectory"/>
/// every step checkpoints through the trainer and an interrupted induction resumes where it stopped.
/// </summary>
/// <remarks>
/// The objective receives the 0-based iteration within the step; derive that iteration's randomness from
/// (time index, iteration) so runs are reproducible. Each step gets a fresh Adam optimiser.
/// </remarks>
public static class BackwardInduction
{
    /// <summary>Runs the induction.</summary>
    /// <typeparam name="TModel">The per-step model type (all steps must share parameter names and shapes when warm-starting).</typeparam>
    /// <param name="timeSteps">N ≥ 1.</param>
    /// <param name="createModel">Builds the (untrained) model of a time index.</param>
    /// <param name="objective">Given a step, returns its loss as a function of the iteration.</param>
    /// <param name="options">Per-step training options (validated).</param>
    /// <param name="progress">Receives the Trainer's reports; the stage is <c>step i</c>.</param>
    /// <param name="cancellationToken">Cancels between optimiser steps.</param>
    /// <returns>The models and history.</returns>
    /// <exception cref="TrainingDivergedException">A step's loss or gradient became NaN or infinite.</exception>
    public static BackwardInductionResult<TModel> Run<TModel>(
        int timeSteps,
        Func<int, TModel> createModel,
        Func<BackwardStep<TModel>, Func<int, LossEvaluation>> objective,
        BackwardStepOptions options,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where TModel : Module
    {
        OptionChecks.AtLeast(timeSteps, 1, nameof(timeSteps));
        ArgumentNullException.ThrowIfNull(createModel);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var models = new TModel[timeSteps];
        var losses = new double[timeSteps];
        var history = new TrainingHistory();
        var offset = 0;
        var schedule = new PiecewiseConstantSchedule(options.LearningRateBoundaries, options.LearningRates);
        for (var i = timeSteps - 1; i >= 0; i--)
        {
            var model = createModel(i) ?? throw new InvalidOperationException($"createModel returned null for time index {i}.");
            var next = i + 1 < timeSteps ? models[i + 1] : null;
            if (options.WarmStart && next is not null)
            {
                CopyState(next, model, i);
            }

            model.Train();
            var named = model.NamedParameters().ToList();
            if (named.Count == 0)
            {
                throw new InvalidOperationException($"the model of time index {i} has no parameters to train.");
            }

            var steps = i == timeSteps - 1 ? options.FirstStepIterations ?? options.Iterations : options.Iterations;
            var checkpoint = CheckpointPath(options, i);
            var trainer = new Trainer(named, new Adam([.. named.Select(p => p.Value)], options.LearningRates[0]), new TrainerOptions
            {
                Steps = steps,
                ReportEvery = Math.Min(options.ReportEvery, steps),
                Stage = $"step {i}",
                StageIndex = timeSteps - 1 - i,
                StageCount = timeSteps,
                Schedule = schedule,
                ClipGradientNorm = options.ClipGradientNorm,
                CheckpointPath = checkpoint,
                CheckpointEvery = options.CheckpointEvery,
            });

            // A step finished before an interruption resumes at its end (its run is then empty); the one that was
            // cut short continues from its last checkpoint. Warm-started parameters are overwritten by the file.
            if (options.ResumeFromCheckpoint && checkpoint is not null && File.Exists(checkpoint))
            {
                trainer.Resume(checkpoint);
            }

            var stage = trainer.Run(objective(new BackwardStep<TModel>(i, model, next)), progress, cancellationToken);
            Append(history, stage, offset, i);
            losses[i] = stage.Count > 0 ? stage[TrainingHistory.TotalLoss][^1] : double.NaN;
            offset += steps;
            model.Eval();
            model.Freeze();
            models[i] = model;
        }

        return new BackwardInductionResult<TModel>(models, history, losses);
    }

    private static string? CheckpointPath(BackwardStepOptions options, int timeIndex)
    {
        if (options.CheckpointDirectory is not { } dir)
        {
            return null;
        }

        Directory.CreateDirectory(dir);
        return Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"step-{timeIndex}.safetensors"));
    }

    /// <summary>Copies parameters and buffers of <paramref name="source"/> into <paramref name="target"/> (same names and shapes).</summary>
    private static void CopyState(Module source, Module target, int timeIndex)
    {
        var from = source.StateDict().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        foreach (var (name, t) in target.StateDict())
        {
            if (!from.TryGetValue(name, out var s) || !s.Shape.SequenceEqual(t.Shape))
            {
                throw new InvalidOperationException($"cannot warm-start time index {timeIndex}: its model's '{name}' has no counterpart of the same shape in the model of step {timeIndex + 1}.");
            }

            t.CopyFrom(s);
        }
    }

    private static void Append(TrainingHistory into, TrainingHistory stage, int offset, int timeIndex)
    {
        var names = stage.SeriesNames;
        for (var r = 0; r < stage.Count; r++)
        {
            var terms = new Dictionary<string, double>(StringComparer.Ordinal) { ["time_index"] = timeIndex };
            foreach (var n in names)
            {
                if (n != TrainingHistory.TotalLoss)
                {
                    terms[n] = stage[n][r];
                }
            }

            into.Add(offset + stage.Steps[r], stage[TrainingHistory.TotalLoss][r], terms);
        }
    }
}
