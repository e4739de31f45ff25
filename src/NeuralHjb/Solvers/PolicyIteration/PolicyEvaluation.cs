using NeuralHjb.Control;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Policy evaluation: fits V to the linear PDE of the frozen policy u,
/// V_t + b(t, x, u)·∇V + ½ tr(σσᵀ(t, x, u)∇²V) + f(t, x, u) = 0, V(T) = g, by minimising the mean squared
/// residual on collocation points (plus the terminal mismatch when the ansatz does not impose it).
/// A fraction of each batch is residual-based adaptive: every few steps the points with the largest
/// |residual| among a fresh candidate set replace that share of the uniform draw.
/// </summary>
internal sealed class PolicyEvaluation(ControlProblem problem, PolicyIterationOptions options, ValueNetwork value, ControlNetwork policy, IReadOnlyList<PreferenceSpec> specs)
{
    public (TrainingHistory History, int Steps, double FinalLoss) Run(int iteration, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var steps = iteration == 0 ? options.InitialEvaluationSteps : options.EvaluationSteps;
        var parameters = value.Network.NamedParameters().ToList();
        var adam = new Adam([.. parameters.Select(p => p.Value)], options.ValueLearningRate);
        var trainer = new Trainer(parameters, adam, new TrainerOptions
        {
            Steps = steps,
            ReportEvery = Math.Min(options.ReportEvery, steps),
            Stage = $"evaluation {iteration}",
            Schedule = new CosineAnnealingSchedule(options.ValueLearningRate, steps, options.ValueLearningRate * 0.01),
            ClipGradientNorm = options.ClipGradientNorm,
            CheckpointPath = options.CheckpointDirectory is { } dir ? Path.Combine(dir, $"iter{iteration}-evaluation.safetensors") : null,
        });

        CollocationBatch? hard = null;
        var adaptive = options.AdaptivePoints;
        var finalLoss = double.NaN;
        var history = trainer.Run(
            step =>
            {
                if (adaptive > 0 && step % options.AdaptiveEvery == 0)
                {
                    hard = SelectByResidual(iteration, step, adaptive);
                }

                var generator = new Philox(options.Seed, RandomStreams.For(iteration, RandomStreams.Purpose.Collocation, step));
                var batch = CollocationBatch.Sample(problem, specs, options.LogStateCoordinates, options.BatchSize - (hard?.Count ?? 0), generator, options.DType).Append(hard);
                var evaluation = Loss(batch, iteration, step);
                finalLoss = evaluation.Total.Item();
                return evaluation;
            },
            progress,
            cancellationToken);
        return (history, steps, finalLoss);
    }

    /// <summary>The residual of V under the current policy on <paramref name="batch"/>.</summary>
    public Tensor Residual(CollocationBatch batch, bool createGraph)
    {
        Tensor u;
        using (Autograd.NoGrad())
        {
            u = policy.Control(batch.Time, batch.State, batch.Preferences);
        }

        var d = ValueDerivatives.Compute(value, problem, batch.Time, batch.State, batch.Preferences, createGraph);
        return d.Residual(problem, batch.Time, batch.State, u, batch.Preferences);
    }

    private LossEvaluation Loss(CollocationBatch batch, int iteration, int step)
    {
        var pde = Residual(batch, createGraph: true).Square().Mean();
        if (value.Ansatz.ImposesTerminalCondition || options.TerminalWeight == 0)
        {
            return new LossEvaluation(pde, [new("residual", pde)]);
        }

        var generator = new Philox(options.Seed, RandomStreams.For(iteration, RandomStreams.Purpose.Terminal, step));
        var end = CollocationBatch.SampleTerminal(problem, specs, options.LogStateCoordinates, options.TerminalBatchSize, generator, options.DType);
        var mismatch = (value.Value(end.Time, end.State, end.Preferences) - problem.Cost.TerminalCost(end.State, end.Preferences)).Square().Mean();
        return new LossEvaluation(pde + (mismatch * options.TerminalWeight), [new("residual", pde), new("terminal", mismatch)]);
    }

    private CollocationBatch SelectByResidual(int iteration, int step, int count)
    {
        var generator = new Philox(options.Seed, RandomStreams.For(iteration, RandomStreams.Purpose.AdaptiveCandidates, step));
        var candidates = CollocationBatch.Sample(problem, specs, options.LogStateCoordinates, options.AdaptiveCandidates, generator, options.DType);
        var scores = Residual(candidates, createGraph: false).Abs().ToDoubleArray();
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Largest |residual| first; NaN scores sort last so they never crowd out real points.
        Array.Sort(order, (a, b) => Score(scores[b]).CompareTo(Score(scores[a])));
        return candidates.Select(order[..count]);
    }

    private static double Score(double s) => double.IsNaN(s) ? double.NegativeInfinity : s;
}
