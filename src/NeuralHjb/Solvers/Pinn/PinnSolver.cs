using System.Diagnostics;
using NeuralHjb.Control;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// Physics-informed neural network solver for HJB equations, with everything the MT-PINN paper adds:
/// the residual V_t + min_u H(t, x, u, ∇V, ∇²V) at collocation points (u* from the problem's
/// closed-form minimiser), boundary, terminal and symmetry penalties or hard constraints through a
/// <see cref="ValueAnsatz"/>, the multi-trajectory terminal loss (rollouts under u*(∇V) with
/// back-propagation through time), adaptive loss weights, residual-based adaptive sampling, and a
/// curriculum of stages over preference parameters with input inflation. Training runs through the
/// shared <see cref="Trainer"/>; see docs/solvers/pinn.md.
/// </summary>
public sealed class PinnSolver : ISolver<ControlProblem, PinnOptions, PinnResult>
{
    /// <inheritdoc />
    public PinnResult Solve(ControlProblem problem, PinnOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(problem);
        var clock = Stopwatch.StartNew();
        var domain = options.CollocationDomain ?? problem.Domain;
        var hjb = new HjbResidual(problem, options.SecondOrder);
        var ansatz = options.Ansatz ?? new ScaledAnsatz();
        var net = new PinnValueNetwork(problem.StateDimension, options.HiddenWidths, options.Activation, problem.Horizon, domain, ansatz, options.Stages[0].ActiveCoordinates, new Philox(options.Seed, 0x0100), options.DType, options.Symmetry == SymmetryMode.Hard ? problem.Symmetry : null);
        var sampler = options.AdaptiveSampling is { } a ? new ResidualAdaptiveSampler(a, domain.Dimension) : null;
        var history = new TrainingHistory();
        var summaries = new List<PinnStageSummary>();
        var offset = 0;
        for (var i = 0; i < options.Stages.Count; i++)
        {
            var stage = options.Stages[i];
            net = net.WithActiveCoordinates(stage.ActiveCoordinates ?? Enumerable.Range(0, problem.StateDimension).ToArray());
            summaries.Add(RunStage(problem, options, i, net, hjb, domain, sampler, offset, history, progress, cancellationToken));
            offset += stage.Steps;
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["steps"] = offset,
            ["parameters"] = net.ParameterCount,
            ["final_loss"] = summaries[^1].FinalLoss,
        };
        foreach (var (name, value) in summaries[^1].FinalTerms)
        {
            metrics["final_" + name] = value;
        }

        return new PinnResult
        {
            Problem = problem,
            Network = net,
            Residual = hjb,
            Stages = summaries,
            History = history,
            Elapsed = clock.Elapsed,
            Metrics = metrics,
        };
    }

    private static PinnStageSummary RunStage(ControlProblem problem, PinnOptions options, int stageIndex, PinnValueNetwork net, HjbResidual hjb, StateDomain domain, ResidualAdaptiveSampler? sampler, int offset, TrainingHistory history, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var stage = options.Stages[stageIndex];
        var objective = new PinnObjective(problem, options, stageIndex, net, hjb, domain, sampler, offset);
        var named = net.NamedParameters().ToList();
        var lr = stage.LearningRate ?? options.LearningRate;
        var optimizer = new AdamW(named.Select(p => p.Value).ToList(), lr, weightDecay: options.WeightDecay);
        var checkpoint = options.CheckpointDirectory is { } dir ? Path.Combine(dir, stage.Name + ".safetensors") : null;
        var trainer = new Trainer(named, optimizer, new TrainerOptions
        {
            Steps = stage.Steps,
            ReportEvery = Math.Min(options.ReportEvery, stage.Steps),
            Stage = stage.Name,
            StageIndex = stageIndex,
            StageCount = options.Stages.Count,
            ClipGradientNorm = options.ClipGradientNorm,
            Schedule = new CosineAnnealingSchedule(lr, stage.Steps, lr * options.FinalLearningRateFactor),
            CheckpointPath = checkpoint,
        }, objective.TrainingState());
        if (options.ResumeFromCheckpoint && checkpoint is not null && File.Exists(checkpoint))
        {
            trainer.Resume(checkpoint);
        }

        var stageHistory = trainer.Run(objective.Evaluate, progress, cancellationToken);
        var names = stageHistory.SeriesNames;
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < stageHistory.Count; i++)
        {
            terms.Clear();
            foreach (var name in names)
            {
                if (name != TrainingHistory.TotalLoss)
                {
                    terms[name] = stageHistory[name][i];
                }
            }

            history.Add(offset + stageHistory.Steps[i], stageHistory[TrainingHistory.TotalLoss][i], terms);
        }

        var last = stageHistory.Count - 1;
        var finalTerms = new Dictionary<string, double>(StringComparer.Ordinal);
        var finalWeights = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var k = 0; k < objective.TermNames.Count; k++)
        {
            var name = objective.TermNames[k];
            finalTerms[name] = last >= 0 ? stageHistory[name][last] : double.NaN;
            finalWeights[name] = objective.Weighting.Weights[k];
        }

        var finalLoss = last >= 0 ? stageHistory[TrainingHistory.TotalLoss][last] : double.NaN;
        return new PinnStageSummary(stage.Name, stage.Steps, finalLoss, finalTerms, finalWeights, clock.Elapsed);
    }
}
