using System.Diagnostics;
using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.DirectControl;

/// <summary>
/// The direct-control method (Leal, Laurière and Lehalle 2020): learn the feedback control u(t, x[, p]) by
/// simulating the closed loop and minimising the mean realised cost with gradients back-propagated through
/// every Euler step. No value function and no HJB residual: the cost itself is the loss.
/// </summary>
/// <remarks>
/// <para>Each iteration draws a fresh batch of paths (initial states, increments and, for a multi-preference
/// policy, one preference vector per path) from a generator keyed by the iteration index, so runs are
/// reproducible and resumable. Every <see cref="DirectControlOptions.ValidationEvery"/> iterations the policy
/// (without dropout) is evaluated on a held-out batch drawn once from its own stream.</para>
/// <para>The method optimises the time-discretised problem; its optimum differs from the continuous-time
/// closed form by O(Δt).</para>
/// </remarks>
public sealed class DirectControlSolver : ISolver<ControlProblem, DirectControlOptions, DirectControlResult>
{
    /// <summary>The Philox stream of the held-out batch (training streams are the iteration indices).</summary>
    public const ulong ValidationStream = ulong.MaxValue;

    /// <inheritdoc />
    public DirectControlResult Solve(ControlProblem problem, DirectControlOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var preferenceRanges = ResolvePreferences(problem, options);
        var policy = options.InitialPolicy ?? CreatePolicy(problem, options, preferenceRanges);
        CheckPolicy(problem, policy, preferenceRanges);
        policy.Train();

        var parameters = policy.NamedParameters().Where(p => p.Value.RequiresGrad).ToArray();
        var optimizer = new Adam([.. parameters.Select(p => p.Value)], options.LearningRate);
        var heldOut = new HeldOutBatch(problem, options, preferenceRanges);
        var validation = new ValidationRecord(() => heldOut.MeanCost(policy), parameters);
        var state = new List<KeyValuePair<string, ITrainingState>> { new("validation", validation) };
        if (policy.DropoutGenerator is { } masks)
        {
            state.Add(new("dropout", new GeneratorPositionState(masks)));
        }

        var trainer = new Trainer(parameters, optimizer, new TrainerOptions
        {
            Steps = options.Iterations,
            ReportEvery = options.ReportEvery,
            Stage = "direct-control",
            ClipGradientNorm = options.ClipGradientNorm,
            Schedule = options.FinalLearningRate < options.LearningRate
                ? new CosineAnnealingSchedule(options.LearningRate, options.Iterations, options.FinalLearningRate)
                : null,
            CheckpointPath = options.CheckpointPath,
        }, state);
        if (options.ResumeFromCheckpoint && options.CheckpointPath is { } checkpoint && File.Exists(checkpoint))
        {
            trainer.Resume(checkpoint);
        }

        trainer.Run(
            step =>
            {
                if (step > 0 && step % options.ValidationEvery == 0)
                {
                    validation.Validate(step);
                }

                var generator = new Philox(options.Seed, (ulong)step);
                var batch = SampleBatch(problem, options, preferenceRanges, options.BatchSize, generator, options.Antithetic);
                var cost = DirectControlRollout.Simulate(problem, policy, batch.Initial, batch.Increments, batch.Preferences).Cost.Mean();
                return new LossEvaluation(cost, [new("cost", cost)]);
            },
            progress,
            cancellationToken);

        validation.Validate(options.Iterations);
        var final = validation.Costs[^1];
        if (options.KeepBestValidated && validation.BestParameters is { } best && validation.BestCost < final)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value.CopyFrom(best[i]);
            }

            final = validation.BestCost;
        }

        policy.Eval();
        return new DirectControlResult
        {
            Policy = policy,
            Problem = problem,
            TimeSteps = options.TimeSteps,
            PreferenceRanges = preferenceRanges,
            ValidationSteps = [.. validation.Steps],
            ValidationCosts = [.. validation.Costs],
            FinalValidationCost = final,
            History = trainer.History,
            Elapsed = clock.Elapsed,
            Metrics = new Dictionary<string, double>
            {
                ["validation_cost"] = final,
                ["iterations"] = options.Iterations,
                ["parameters"] = policy.ParameterCount,
            },
        };
    }

    /// <summary>Builds the policy network the options describe for a problem.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">The options (validated).</param>
    /// <param name="preferenceRanges">The preferences fed to the network (empty for none).</param>
    /// <returns>A freshly initialised policy.</returns>
    public static DirectControlPolicy CreatePolicy(ControlProblem problem, DirectControlOptions options, IReadOnlyList<PreferenceSpec> preferenceRanges)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(preferenceRanges);
        var indices = options.PolicyStateIndices ?? Enumerable.Range(0, problem.StateDimension).ToArray();
        foreach (var i in indices)
        {
            if (i < 0 || i >= problem.StateDimension)
            {
                throw new ArgumentOutOfRangeException(nameof(options), i, $"PolicyStateIndices entry {i} is outside the state's {problem.StateDimension} coordinates.");
            }
        }

        var ranges = options.PolicyStateRanges
            ?? indices.Select(i => (problem.Domain.Axes[i].Low, problem.Domain.Axes[i].High)).ToArray();
        return new DirectControlPolicy(
            indices,
            ranges,
            preferenceRanges,
            options.HiddenWidths,
            problem.ControlDimension,
            problem.Horizon,
            options.Activation,
            options.Dropout,
            options.OutputScale,
            options.TimeToGoFeature,
            options.Seed,
            options.DType);
    }

    /// <summary>The preference ranges a run samples from: none, the options' override, or the problem's declared ones.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">The options.</param>
    /// <returns>The ranges (empty for a single-preference run).</returns>
    public static IReadOnlyList<PreferenceSpec> ResolvePreferences(ControlProblem problem, DirectControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.MultiPreference)
        {
            return [];
        }

        var ranges = options.PreferenceRanges ?? problem.Preferences;
        if (ranges.Count == 0)
        {
            throw new ArgumentException($"MultiPreference is set but problem '{problem.Name}' declares no preferences.", nameof(options));
        }

        foreach (var r in ranges)
        {
            if (!problem.Preferences.Any(p => p.Name == r.Name))
            {
                throw new ArgumentException($"PreferenceRanges names '{r.Name}', which problem '{problem.Name}' does not declare (declared: {string.Join(", ", problem.Preferences.Select(p => p.Name))}).", nameof(options));
            }
        }

        return ranges;
    }

    private static void CheckPolicy(ControlProblem problem, DirectControlPolicy policy, IReadOnlyList<PreferenceSpec> preferences)
    {
        if (policy.ControlDimension != problem.ControlDimension)
        {
            throw new ArgumentException($"InitialPolicy outputs {policy.ControlDimension} controls but the problem has {problem.ControlDimension}.", nameof(policy));
        }

        if (policy.Preferences.Count != preferences.Count)
        {
            throw new ArgumentException($"InitialPolicy takes {policy.Preferences.Count} preferences but the run samples {preferences.Count}.", nameof(policy));
        }
    }

    private static Batch SampleBatch(ControlProblem problem, DirectControlOptions options, IReadOnlyList<PreferenceSpec> preferences, int count, Philox generator, bool antithetic)
    {
        var dt = problem.Horizon / options.TimeSteps;
        var drawn = antithetic ? (count + 1) / 2 : count;
        var prefs = preferences.Count == 0 ? null : PreferenceBatch.Sample(preferences, drawn, generator, options.DType);
        var x0 = options.InitialStates.Sample(problem.Dynamics, drawn, generator, options.DType);
        var increments = options.Increments.Sample(problem.Dynamics, drawn, options.TimeSteps, dt, generator, options.DType);
        if (!antithetic)
        {
            return new Batch(x0, increments, prefs);
        }

        // Path i and path i + drawn share the start and the preferences and see opposite noise.
        var extra = count - drawn;
        for (var k = 0; k < increments.Length; k++)
        {
            increments[k] = Tensor.Concat([increments[k], increments[k].Slice(0, 0, extra).Neg()], 0);
        }

        x0 = Tensor.Concat([x0, x0.Slice(0, 0, extra)], 0);
        if (prefs is not null)
        {
            var columns = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var name in prefs.Names)
            {
                columns[name] = Tensor.Concat([prefs[name], prefs[name].Slice(0, 0, extra)], 0);
            }

            prefs = new PreferenceBatch(columns);
        }

        return new Batch(x0, increments, prefs);
    }

    private sealed record Batch(Tensor Initial, Tensor[] Increments, PreferenceBatch? Preferences);

    /// <summary>The fixed held-out batch, drawn once from <see cref="ValidationStream"/>.</summary>
    private sealed class HeldOutBatch(ControlProblem problem, DirectControlOptions options, IReadOnlyList<PreferenceSpec> preferences)
    {
        private readonly Batch _batch = SampleBatch(problem, options, preferences, options.ValidationBatchSize, new Philox(options.Seed, ValidationStream), options.Antithetic);

        public double MeanCost(DirectControlPolicy policy)
        {
            var training = policy.Training;
            policy.Eval();
            try
            {
                using var _ = Autograd.NoGrad();
                return DirectControlRollout.Simulate(problem, policy, _batch.Initial, _batch.Increments, _batch.Preferences).Cost.Mean().Item();
            }
            finally
            {
                policy.Train(training);
            }
        }
    }
}
