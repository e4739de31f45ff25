using NeuralHjb.Problems.Execution;
using NeuralHjb.Problems.Pde;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reliability.Worker;
using NeuralHjb.Solvers;
using NeuralHjb.Solvers.DeepBsde;
using NeuralHjb.Solvers.DirectControl;
using NeuralHjb.Solvers.MultiAgent;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Solvers.PolicyIteration;
using NeuralHjb.Tensors;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// The solvers the reliability theory checks — add one line per solver with its quick configuration
/// and the seed wired through (its options' seed, never <c>Init.DefaultGenerator</c>).
/// </summary>
public static class SolverCases
{
    private static readonly GatheralSchied GatheralSchiedProblem = new();
    private static readonly AlmgrenChriss Seller = new(new AlmgrenChrissParameters
    {
        Assets = [new ExecutionAsset { InitialPrice = 1, Volatility = 0.2, PermanentImpact = 0.01 }],
        Agents = [new ExecutionAgent { RiskAversion = 2, TemporaryImpact = 0.02, InitialHoldings = [1.0] }],
        LiquidationTime = 0.2,
    });

    private static readonly CarteaJaimungal CarteaJaimungalProblem = new(new CarteaJaimungalParameters { Sigma = 0.2, A = 10, Phi = 0.7 });

    /// <summary>All registered cases.</summary>
    public static IReadOnlyList<SolverCase> All { get; } =
    [
        // The shared trainer on its own: the baseline every solver builds on.
        new("trainer/mlp-regression", (seed, ct) => TrainerRegression.Solve(seed, ct)),
        new("deep-bsde/hjb-lq", (seed, ct) => new DeepBsdeSolver().Solve(new HjbLq(new HjbLqParameters { Dimension = 3 }), DeepBsdeOptions.Quick with { Iterations = 20, TimeSteps = 5, Seed = seed }, null, ct), BsdeProbe),
        new("dbdp/hjb-lq", (seed, ct) => new DbdpSolver().Solve(new HjbLq(new HjbLqParameters { Dimension = 3 }), new DbdpOptions { TimeSteps = 3, BatchSize = 64, HiddenWidth = 8, Steps = new BackwardStepOptions { Iterations = 10, FirstStepIterations = 10 }, Seed = seed }, null, ct), BsdeProbe),
        new("pinn/gatheral-schied", (seed, ct) => new PinnSolver().Solve(GatheralSchiedProblem, TinyPinn(seed), null, ct), PinnProbe),
        new("direct-control/cartea-jaimungal", (seed, ct) => new DirectControlSolver().Solve(CarteaJaimungalProblem, CarteaJaimungalDirectControl.Configure(CarteaJaimungalProblem, DirectControlOptions.Quick with { Iterations = 15, ValidationEvery = 5, ValidationBatchSize = 16, Seed = seed }), null, ct), r => [((DirectControlResult)r).FinalValidationCost]),
        new("multi-agent/almgren-chriss-seller", (seed, ct) => new MultiAgentBsdeSolver().Solve(Seller, MultiAgentBsdeOptions.Quick with { TimeSteps = 4, TrainingPaths = 64, EvaluationPaths = 64, GridPoints = 6, InitialTrainingSteps = 30, TrainingStepsPerTimeStep = 10, Seed = seed }, null, ct), r => [.. ((MultiAgentBsdeResult)r).ControlChanges]),
        new("policy-iteration/merton-log", (seed, ct) => new PolicyIterationSolver().Solve(new Merton(new MertonParameters { Utility = UtilityKind.Log }), PolicyIterationOptions.Quick with { MaxIterations = 1, InitialEvaluationSteps = 30, ImprovementSteps = 10, Seed = seed }, null, ct), r => [((PolicyIterationResult)r).Value.Value(0.3, 1.2), ((PolicyIterationResult)r).Value.Value(0.7, 0.9)]),
    ];

    private static IReadOnlyList<double> BsdeProbe(SolverResult r) => [((DeepBsdeResult)r).Y0, .. ((DeepBsdeResult)r).Z0];

    private static IReadOnlyList<double> PinnProbe(SolverResult r)
    {
        var value = ((PinnResult)r).Value(Tensor.FromArray(new float[] { 0, 0.5f }, [2, 1]), Tensor.FromArray(new float[] { 10, 55, 3, 50 }, [2, 2]));
        return value.ToDoubleArray();
    }

    private static PinnOptions TinyPinn(ulong seed)
    {
        var quick = GatheralSchiedPinn.MtPinn(GatheralSchiedProblem, PinnPreset.Quick);
        return quick with
        {
            Seed = seed,
            CollocationBatch = 32,
            ReportEvery = 2,
            Trajectory = quick.Trajectory! with { Steps = 5, BatchSize = 4 },
            Stages =
            [
                new PinnStage { Name = "a", Steps = 4, ActiveCoordinates = [0], AdaptiveWeights = AdaptiveWeights.Reduced },
                new PinnStage { Name = "b", Steps = 4, AdaptiveWeights = AdaptiveWeights.Full },
            ],
        };
    }

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static SolverCase Get(string name) => All.Single(c => c.Name == name);
}

/// <summary>The trainer-only baseline case, shaped like a solver (result type derived from <see cref="SolverResult"/>).</summary>
internal static class TrainerRegression
{
    public static SolverResult Solve(ulong seed, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = new TrainingRun(new TrainingSetup { Seed = seed, Width = 24, Steps = 40 });
        var history = run.Run(cancellationToken: cancellationToken);
        return new Result
        {
            History = history,
            Elapsed = clock.Elapsed,
            Metrics = new Dictionary<string, double> { ["final_fit"] = history["fit"][^1], ["weight_0"] = run.Parameters[0].Value.ToDoubleArray()[0] },
        };
    }

    private sealed class Result : SolverResult
    {
    }
}
