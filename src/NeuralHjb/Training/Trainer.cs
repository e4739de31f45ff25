using System.Diagnostics;
using NeuralHjb.Optim;
using NeuralHjb.Tensors;

namespace NeuralHjb.Training;

/// <summary>
/// The training loop every solver shares: evaluate the objective, guard against NaN/inf, back-propagate,
/// clip, step the optimiser, record history, report progress, checkpoint, honour cancellation.
/// </summary>
/// <remarks>
/// The objective receives the 0-based global step index; solvers derive that step's random numbers
/// from it (counter-based RNG), which is what makes a resumed run bit-identical to an uninterrupted one.
/// </remarks>
public sealed class Trainer
{
    private readonly IReadOnlyList<KeyValuePair<string, Tensor>> _parameters;
    private readonly Optimizer _optimizer;
    private readonly TrainerOptions _options;
    private readonly TrainingStateSet _states;
    private string? _lastCheckpoint;
    private double _learningRateScale = 1.0;

    /// <summary>Creates a trainer over named parameters and the optimiser that updates them.</summary>
    /// <param name="parameters">Named trainable tensors (names are used in checkpoints and diagnostics).</param>
    /// <param name="optimizer">The optimiser, built over the same tensors.</param>
    /// <param name="options">Loop options; validated here.</param>
    /// <param name="state">
    /// Named training state outside the parameters and optimiser (loss balancers, sample pools, generator
    /// positions) that checkpoints and rollback snapshots carry, so a resumed or rolled-back run stays
    /// bit-identical; names must be unique and free of dots. Null or empty for none.
    /// </param>
    /// <exception cref="ArgumentException">No parameters, or a state name breaks the rules (parameter <c>state</c>).</exception>
    public Trainer(IReadOnlyList<KeyValuePair<string, Tensor>> parameters, Optimizer optimizer, TrainerOptions options, IReadOnlyList<KeyValuePair<string, ITrainingState>>? state = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (parameters.Count == 0)
        {
            throw new ArgumentException("parameters must not be empty.", nameof(parameters));
        }

        _parameters = parameters;
        _optimizer = optimizer;
        _options = options;
        _states = new TrainingStateSet(state);
    }

    /// <summary>Optimiser steps completed so far (including steps restored from a checkpoint).</summary>
    public int CompletedSteps { get; private set; }

    /// <summary>The loss history recorded so far.</summary>
    public TrainingHistory History { get; private set; } = new();

    /// <summary>Number of rollbacks performed after a divergence.</summary>
    public int Rollbacks { get; private set; }

    /// <summary>
    /// Restores parameters, optimiser state, history, step count, rollback state and the solver-side
    /// <see cref="ITrainingState"/>s from a checkpoint
    /// written by a previous run with the same set-up; the next <see cref="Run"/> continues from there
    /// and ends bit-identical to a run that was never interrupted. Temporary files left next to the
    /// checkpoint by a writer that was killed mid-write are deleted.
    /// </summary>
    /// <param name="checkpointPath">The checkpoint file.</param>
    /// <exception cref="ArgumentException">The path is null or empty.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt or does not match this trainer's parameters,
    /// optimiser or states (a state entry missing, invalid or unexpected), or its step count exceeds
    /// <see cref="TrainerOptions.Steps"/>; nothing was changed.</exception>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when it does not exist).</exception>
    public void Resume(string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        var (step, state) = TrainingCheckpoint.LoadWithState(checkpointPath, _parameters, _optimizer, History, _states, _options.Steps);
        CompletedSteps = step;
        _learningRateScale = state.LearningRateScale;
        Rollbacks = state.Rollbacks;
        _lastCheckpoint = checkpointPath;
        CheckpointFiles.DeleteStaleTemporaries(checkpointPath);
    }

    /// <summary>Runs until <see cref="TrainerOptions.Steps"/> optimiser steps have been taken in total.</summary>
    /// <param name="objective">Evaluates the loss for a 0-based global step index.</param>
    /// <param name="progress">Receives a report every <see cref="TrainerOptions.ReportEvery"/> steps.</param>
    /// <param name="cancellationToken">Cancels between steps; a checkpoint is written first when a path is set.</param>
    /// <returns>The history (also in <see cref="History"/>).</returns>
    /// <exception cref="TrainingDivergedException">A loss term or gradient went NaN/inf and the policy says stop (or rollbacks ran out).</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public TrainingHistory Run(Func<int, LossEvaluation> objective, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var clock = Stopwatch.StartNew();
        var firstStep = CompletedSteps;
        var snapshot = Snapshot();
        while (CompletedSteps < _options.Steps)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpointIfConfigured();
                cancellationToken.ThrowIfCancellationRequested();
            }

            var index = CompletedSteps;
            if (_options.Schedule is { } schedule)
            {
                _optimizer.LearningRate = schedule.LearningRate(index) * _learningRateScale;
            }

            _optimizer.ZeroGrad();
            var evaluation = objective(index);
            var terms = ReadTerms(evaluation, out var loss);
            var nonFinite = new List<string>();
            if (double.IsFinite(loss) && terms.Values.All(double.IsFinite))
            {
                evaluation.Total.Backward();
                CollectNonFiniteGradients(nonFinite);
            }

            if (!double.IsFinite(loss) || nonFinite.Count > 0 || !terms.Values.All(double.IsFinite))
            {
                var all = new Dictionary<string, double>(terms) { [TrainingHistory.TotalLoss] = loss };
                snapshot = HandleDivergence(index + 1, all, nonFinite, snapshot);
                continue;
            }

            if (_options.ClipGradientNorm is { } clip)
            {
                GradientClipping.ClipByNorm(_parameters.Select(p => p.Value).ToArray(), clip);
            }

            _optimizer.Step();
            CompletedSteps = index + 1;
            var s = CompletedSteps;
            if (s % _options.ReportEvery == 0 || s == _options.Steps)
            {
                History.Add(s, loss, terms);
                var elapsed = clock.Elapsed;
                var done = s - firstStep;
                TimeSpan? remaining = done > 0 ? elapsed / done * (_options.Steps - s) : null;
                progress?.Report(new TrainingProgress(_options.Stage, s, _options.Steps, loss, terms, _optimizer.LearningRate, elapsed, remaining) { StageIndex = _options.StageIndex, StageCount = _options.StageCount });
            }

            if (s % _options.SnapshotEvery == 0)
            {
                snapshot = Snapshot();
            }

            if (_options.CheckpointEvery > 0 && s % _options.CheckpointEvery == 0)
            {
                SaveCheckpointIfConfigured();
            }
        }

        SaveCheckpointIfConfigured();
        return History;
    }

    private static Dictionary<string, double> ReadTerms(LossEvaluation evaluation, out double loss)
    {
        loss = evaluation.Total.Item();
        var terms = new Dictionary<string, double>(evaluation.Terms.Count, StringComparer.Ordinal);
        foreach (var (name, value) in evaluation.Terms)
        {
            terms[name] = value.Item();
        }

        return terms;
    }

    private void CollectNonFiniteGradients(List<string> names)
    {
        foreach (var (name, p) in _parameters)
        {
            if (p.Grad is { } g && !AllFinite(g))
            {
                names.Add(name);
            }
        }
    }

    private static bool AllFinite(Tensor t)
    {
        // Scans the gradient in place: copying it out (ToDoubleArray) allocated the size of every
        // parameter on every step, which showed up in the deep BSDE profile (megabytes per step).
        var dense = t.Dense();
        return t.DType == DType.Float32 ? AllFinite(dense.Span<float>()) : AllFinite(dense.Span<double>());
    }

    private static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        foreach (var v in values)
        {
            if (!T.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private State HandleDivergence(int step, Dictionary<string, double> terms, List<string> nonFinite, State snapshot)
    {
        if (_options.OnDivergence == DivergencePolicy.Stop || Rollbacks >= _options.MaxRollbacks)
        {
            _optimizer.ZeroGrad();
            throw new TrainingDivergedException(step, terms, nonFinite, _lastCheckpoint);
        }

        Rollbacks++;
        Restore(snapshot);
        _learningRateScale *= _options.RollbackLearningRateFactor;
        _optimizer.LearningRate *= _options.RollbackLearningRateFactor;
        return snapshot;
    }

    private void SaveCheckpointIfConfigured()
    {
        if (_options.CheckpointPath is not { } path)
        {
            return;
        }

        TrainingCheckpoint.Save(path, _parameters, _optimizer, History, CompletedSteps, new Dictionary<string, string> { ["stage"] = _options.Stage }, new TrainerState(_learningRateScale, Rollbacks), _states);
        _lastCheckpoint = path;
    }

    private sealed record State(Tensor[] Parameters, IReadOnlyDictionary<string, Tensor> Optimizer, TrainingHistory History, int Step, IReadOnlyList<Io.SafetensorsEntry> Extra);

    private State Snapshot() => new([.. _parameters.Select(p => p.Value.Clone())], _optimizer.StateDict(), History.Clone(), CompletedSteps, _states.Capture());

    private void Restore(State state)
    {
        var lr = _optimizer.LearningRate;
        _optimizer.LoadStateDict(state.Optimizer);
        _optimizer.LearningRate = lr;
        for (var i = 0; i < _parameters.Count; i++)
        {
            _parameters[i].Value.CopyFrom(state.Parameters[i]);
        }

        History = state.History.Clone();
        CompletedSteps = state.Step;
        _states.Restore(state.Extra);
        _optimizer.ZeroGrad();
    }
}
