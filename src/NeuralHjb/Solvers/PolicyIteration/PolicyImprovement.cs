using NeuralHjb.Control;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// Policy improvement: with V frozen, minimise the mean Hamiltonian
/// H(t, x, u_ψ(t, x), ∇V, ∇²V) = b·∇V + ½ tr(σσᵀ∇²V) + f over the control network's parameters ψ
/// (the cost convention; for a utility this maximises the paper's Hamiltonian). The derivatives of V are
/// computed once on a fixed pool of points and the pool is used full-batch, so the step is a deterministic
/// fit of u_ψ to the pointwise argmin.
/// </summary>
internal sealed class PolicyImprovement(ControlProblem problem, PolicyIterationOptions options, ValueNetwork value, ControlNetwork policy, IReadOnlyList<PreferenceSpec> specs)
{
    /// <summary>Runs improvement <paramref name="iteration"/>, first resuming its checkpoint when <paramref name="resume"/> is set and it exists.</summary>
    public PhaseOutcome Run(int iteration, bool resume, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var steps = options.ImprovementSteps;
        var parameters = policy.Network.NamedParameters().ToList();
        // β₂ = 0.99: the objective is deterministic and its gradients shrink by orders of magnitude as u_ψ
        // approaches the argmin; with PyTorch's 0.999 the second moment remembers the early large gradients for
        // ~1000 steps and the last stretch of the fit stalls (seen as a systematic offset of the learned π).
        var adam = new Adam([.. parameters.Select(p => p.Value)], options.ControlLearningRate, beta2: 0.99);
        var checkpoint = options.CheckpointDirectory is { } dir ? Path.Combine(dir, $"iter{iteration}-improvement.safetensors") : null;
        var trainer = new Trainer(parameters, adam, new TrainerOptions
        {
            Steps = steps,
            ReportEvery = Math.Min(options.ReportEvery, steps),
            Stage = $"improvement {iteration}",
            Schedule = new CosineAnnealingSchedule(options.ControlLearningRate, steps, options.ControlLearningRate * 0.01),
            ClipGradientNorm = options.ClipGradientNorm,
            CheckpointPath = checkpoint,
        }, [new(PhaseIdentity.Name, new PhaseIdentity(iteration, PhaseKind.Improvement))]);

        // The pool is a function of (seed, iteration) and V's derivatives on it of V alone, so nothing of it is
        // checkpointed; it is built at the first step this solve runs (a phase restored finished needs none).
        var target = new Lazy<Target>(() => Prepare(iteration), LazyThreadSafetyMode.None);
        return PhaseOutcome.Train(
            trainer,
            steps,
            checkpoint,
            resume,
            _ =>
            {
                var (pool, d, weight) = target.Value;
                var u = policy.Control(pool.Time, pool.State, pool.Preferences);
                var pointwise = problem.Hamiltonian(d.Time, d.State, u, d.Gradient, d.Hessian, pool.Preferences);
                var h = (weight is null ? pointwise : pointwise * weight).Mean();
                return new LossEvaluation(h, [new("hamiltonian", h)]);
            },
            progress,
            cancellationToken);
    }

    /// <summary>The fixed pool of iteration <paramref name="iteration"/>, V's derivatives on it and the optional point weights.</summary>
    private Target Prepare(int iteration)
    {
        var generator = new Philox(options.Seed, RandomStreams.For(iteration, RandomStreams.Purpose.ImprovementPool, 0));
        var pool = CollocationBatch.Sample(problem, specs, options.LogStateCoordinates, options.ImprovementPoints, generator, options.DType);
        var d = new HjbResidual(problem).Derivatives((t, x) => value.Value(t, x, pool.Preferences), pool.Time, pool.State, includeTime: false, createGraph: false);
        return new Target(pool, d, options.NormalizeHamiltonian ? PointWeights(d.Value) : null);
    }

    /// <summary>
    /// Per-point weights 1/(|V| + 0.1·mean|V|): a positive rescaling of each point's Hamiltonian leaves its
    /// argmin unchanged but stops points where V (and so H) is large from dominating the fit — for power
    /// utility H grows like x^p, and the small-wealth end was fitted visibly worse without it.
    /// </summary>
    private static Tensor PointWeights(Tensor value)
    {
        var magnitude = value.Abs();
        return (magnitude + (magnitude.Mean().Item() * 0.1)).Reciprocal();
    }

    private sealed record Target(CollocationBatch Pool, ValueDerivatives Derivatives, Tensor? Weight);
}
