using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Policy evaluation: fits V to the linear PDE of the frozen policy u,
/// V_t + b(t, x, u)·∇V + ½ tr(σσᵀ(t, x, u)∇²V) + f(t, x, u) = 0, V(T) = g, by minimising the mean squared
/// generator (the PINN solver's <see cref="HjbResidual.Generator"/>) on collocation points, plus the terminal
/// mismatch when the ansatz does not enforce V(T) = g. With adaptive sampling, part of each batch comes from the
/// PINN solver's <see cref="ResidualAdaptiveSampler"/> (highest-|residual| candidates; the trained preferences
/// travel as extra state columns so the pool keeps them).
/// </summary>
internal sealed class PolicyEvaluation(ControlProblem problem, PolicyIterationOptions options, ValueNetwork value, ControlNetwork policy, IReadOnlyList<PreferenceSpec> specs)
{
    private readonly HjbResidual _hjb = new(problem);

    /// <summary>Runs evaluation <paramref name="iteration"/>, first resuming its checkpoint when <paramref name="resume"/> is set and it exists.</summary>
    public PhaseOutcome Run(int iteration, bool resume, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var steps = iteration == 0 ? options.InitialEvaluationSteps : options.EvaluationSteps;
        var parameters = value.Network.NamedParameters().ToList();
        var adam = new Adam([.. parameters.Select(p => p.Value)], options.ValueLearningRate);
        var checkpoint = options.CheckpointDirectory is { } dir ? Path.Combine(dir, $"iter{iteration}-evaluation.safetensors") : null;
        var sampler = options.AdaptiveSampling is { } adaptive ? new ResidualAdaptiveSampler(adaptive, problem.StateDimension + specs.Count) : null;

        // The pool is refreshed only every few steps: a run resumed in between must draw from the same points.
        var state = new List<KeyValuePair<string, ITrainingState>> { new(PhaseIdentity.Name, new PhaseIdentity(iteration, PhaseKind.Evaluation)) };
        if (sampler is not null)
        {
            state.Add(new("adaptive_sampling", sampler));
        }

        var trainer = new Trainer(parameters, adam, new TrainerOptions
        {
            Steps = steps,
            ReportEvery = Math.Min(options.ReportEvery, steps),
            Stage = $"evaluation {iteration}",
            Schedule = new CosineAnnealingSchedule(options.ValueLearningRate, steps, options.ValueLearningRate * 0.01),
            ClipGradientNorm = options.ClipGradientNorm,
            CheckpointPath = checkpoint,
        }, state);

        var pooled = options.AdaptivePoints;
        return PhaseOutcome.Train(
            trainer,
            steps,
            checkpoint,
            resume,
            step =>
            {
                if (sampler is not null && step % sampler.Options.RefreshEvery == 0)
                {
                    var g = new Philox(options.Seed, RandomStreams.For(iteration, RandomStreams.Purpose.AdaptiveCandidates, step));
                    var candidates = Augment(CollocationBatch.Sample(problem, specs, options.LogStateCoordinates, sampler.Options.Candidates, g, options.DType));
                    sampler.Refresh(candidates.Time, candidates.State, (t, xp) => Residual(Split(t, xp), createGraph: false));
                }

                var generator = new Philox(options.Seed, RandomStreams.For(iteration, RandomStreams.Purpose.Collocation, step));
                var batch = CollocationBatch.Sample(problem, specs, options.LogStateCoordinates, options.BatchSize - (sampler is null ? 0 : pooled), generator, options.DType);
                if (sampler is not null && pooled > 0)
                {
                    var (t, xp) = sampler.Draw(pooled, generator);
                    batch = batch.Append(Split(t, xp));
                }

                return Loss(batch, iteration, step);
            },
            progress,
            cancellationToken);
    }

    /// <summary>The generator of the current policy applied to V on <paramref name="batch"/>, [batch, 1].</summary>
    public Tensor Residual(CollocationBatch batch, bool createGraph)
    {
        Tensor u;
        using (Autograd.NoGrad())
        {
            u = policy.Control(batch.Time, batch.State, batch.Preferences);
        }

        var d = _hjb.Derivatives((t, x) => value.Value(t, x, batch.Preferences), batch.Time, batch.State, createGraph: createGraph);
        return _hjb.Generator(d, u, batch.Preferences);
    }

    private LossEvaluation Loss(CollocationBatch batch, int iteration, int step)
    {
        var pde = Residual(batch, createGraph: true).Square().Mean();
        if (value.Ansatz.EnforcesTerminalCondition || options.TerminalWeight == 0)
        {
            return new LossEvaluation(pde, [new("residual", pde)]);
        }

        var generator = new Philox(options.Seed, RandomStreams.For(iteration, RandomStreams.Purpose.Terminal, step));
        var end = CollocationBatch.SampleTerminal(problem, specs, options.LogStateCoordinates, options.TerminalBatchSize, generator, options.DType);
        var mismatch = (value.Value(end.Time, end.State, end.Preferences) - problem.Cost.TerminalCost(end.State, end.Preferences)).Square().Mean();
        return new LossEvaluation(pde + (mismatch * options.TerminalWeight), [new("residual", pde), new("terminal", mismatch)]);
    }

    /// <summary>The state with the trained preferences appended as columns (what the sampler's pool stores).</summary>
    private CollocationBatch Augment(CollocationBatch batch)
        => specs.Count == 0 ? batch : batch with { State = Tensor.Concat([batch.State, batch.Preferences!.ToFeatures(specs, normalize: false)], 1), Preferences = null };

    private CollocationBatch Split(Tensor t, Tensor augmented)
    {
        if (specs.Count == 0)
        {
            return new CollocationBatch(t, augmented, null);
        }

        var d = problem.StateDimension;
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < specs.Count; i++)
        {
            values[specs[i].Name] = augmented.Slice(1, d + i, 1).Contiguous();
        }

        return new CollocationBatch(t, augmented.Slice(1, 0, d).Contiguous(), new PreferenceBatch(values));
    }
}
