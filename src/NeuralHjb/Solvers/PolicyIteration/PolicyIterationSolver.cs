using System.Diagnostics;
using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Deep policy iteration for a <see cref="ControlProblem"/> with a value network V_φ and a control network u_ψ:
/// starting from a constant admissible policy u₀, alternate
/// <list type="number">
/// <item>evaluation — fit V_k to the linear PDE of u_k (PINN residual, terminal mismatch, adaptive sampling);</item>
/// <item>improvement — u_{k+1} = argmin over ψ of the mean Hamiltonian under V_k;</item>
/// </list>
/// until ‖V_k − V_{k−1}‖ / ‖V_{k−1}‖ on fixed points falls below the tolerance or the iteration cap is hit.
/// Both networks are warm-started from one iteration to the next. Every optimisation runs through the shared
/// <see cref="Trainer"/> (progress, cancellation, checkpoints, NaN guard, history); with
/// <see cref="PolicyIterationOptions.ResumeFromCheckpoint"/> a solve continues the phase checkpoints of an
/// interrupted one and ends with its bits.
/// </summary>
public sealed class PolicyIterationSolver : ISolver<ControlProblem, PolicyIterationOptions, PolicyIterationResult>
{
    /// <inheritdoc />
    public PolicyIterationResult Solve(ControlProblem problem, PolicyIterationOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(problem);
        var clock = Stopwatch.StartNew();
        var specs = problem.Preferences.Where(p => options.TrainPreferences.Contains(p.Name)).ToArray();
        var inputs = new NetworkInputs(problem, options.LogStateCoordinates, specs);
        var map = new AdmissibleMap(options.ControlBounds ?? problem.ControlBounds, problem.ControlDimension);
        var initial = options.InitialControl ?? [.. Enumerable.Range(0, map.Dimension).Select(map.Center)];
        var value = new ValueNetwork(problem, inputs, options.Ansatz ?? new ScaledAnsatz(), options.ValueHiddenWidths, options.Activation, new Philox(options.Seed, RandomStreams.ValueInit), options.DType);
        var policy = new ControlNetwork(inputs, map, initial, options.ControlHiddenWidths, options.Activation, new Philox(options.Seed, RandomStreams.ControlInit), options.DType);
        if (options.CheckpointDirectory is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        var evaluation = new PolicyEvaluation(problem, options, value, policy, specs);
        var improvement = new PolicyImprovement(problem, options, value, policy, specs);
        var fixedPoints = CollocationBatch.Sample(problem, specs, options.LogStateCoordinates, options.EvaluationPoints, new Philox(options.Seed, RandomStreams.EvaluationSet), options.DType);
        var history = new PhaseHistory();
        var steps = new List<PolicyIterationStep>();
        double[]? previous = null;
        var converged = false;

        // Resuming walks the phases in order: each finished one is restored from its file (its record below is
        // recomputed from the restored networks, bit for bit), the first unfinished one continues its checkpoint,
        // and from then on every phase runs afresh.
        var resume = options.ResumeFromCheckpoint;
        for (var k = 0; k < options.MaxIterations; k++)
        {
            var evaluated = evaluation.Run(k, resume, progress, cancellationToken);
            resume = evaluated.Restored;
            history.Append(evaluated.History, evaluated.Steps, "evaluation", k);
            var current = ValuesAt(value, fixedPoints);
            var residualRms = Math.Sqrt(evaluation.Residual(fixedPoints, createGraph: false).Square().Mean().Item());
            var (change, increase) = previous is null ? (double.NaN, double.NaN) : Compare(current, previous);
            var monotone = previous is null || increase <= options.MonotoneSlack;
            converged = previous is not null && change < options.Tolerance;
            previous = current;
            var improved = double.NaN;
            if (!converged && k + 1 < options.MaxIterations)
            {
                var improvedPhase = improvement.Run(k, resume, progress, cancellationToken);
                resume = improvedPhase.Restored;
                history.Append(improvedPhase.History, improvedPhase.Steps, "improvement", k);
                improved = improvedPhase.FinalLoss;
            }

            steps.Add(new PolicyIterationStep(k, evaluated.FinalLoss, residualRms, change, increase, monotone, improved, clock.Elapsed));
            if (converged)
            {
                break;
            }
        }

        var last = steps[^1];
        return new PolicyIterationResult
        {
            Value = value,
            Policy = policy,
            Iterations = steps,
            Converged = converged,
            History = history.Global,
            Elapsed = clock.Elapsed,
            Metrics = new Dictionary<string, double>
            {
                ["iterations"] = steps.Count,
                ["converged"] = converged ? 1 : 0,
                ["value_change"] = last.ValueChange,
                ["residual_rms"] = last.ResidualRms,
                ["monotone_violations"] = steps.Count(s => !s.Monotone),
            },
        };
    }

    private static double[] ValuesAt(ValueNetwork value, CollocationBatch points)
    {
        using (Autograd.NoGrad())
        {
            return value.Value(points.Time, points.State, points.Preferences).ToDoubleArray();
        }
    }

    /// <summary>Relative L2 change and the largest increase relative to the previous rms.</summary>
    private static (double Change, double MaxIncrease) Compare(double[] current, double[] previous)
    {
        double diff = 0, norm = 0, increase = double.NegativeInfinity;
        for (var i = 0; i < current.Length; i++)
        {
            var delta = current[i] - previous[i];
            diff += delta * delta;
            norm += previous[i] * previous[i];
            increase = Math.Max(increase, delta);
        }

        var rms = Math.Sqrt(norm / current.Length);
        return (Math.Sqrt(diff / norm), increase / rms);
    }
}
