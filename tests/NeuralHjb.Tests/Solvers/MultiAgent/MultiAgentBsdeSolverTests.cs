using NeuralHjb.Problems.Execution;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Reference;
using AlmgrenChrissParameters = NeuralHjb.Problems.Execution.AlmgrenChrissParameters;
using NeuralHjb.Solvers.MultiAgent;
using NeuralHjb.Training;

namespace NeuralHjb.Tests.Solvers.MultiAgent;

/// <summary>Options, the U-net path, the shared trainer's facilities and the result's bookkeeping, on tiny runs.</summary>
public class MultiAgentBsdeSolverTests
{
    private static readonly MultiAgentBsdeOptions Tiny = MultiAgentBsdeOptions.Quick with
    {
        TimeSteps = 2,
        TrainingPaths = 32,
        EvaluationPaths = 64,
        GridPoints = 8,
        InitialTrainingSteps = 20,
        TrainingStepsPerTimeStep = 10,
        ReportEvery = 5,
    };

    private static AlmgrenChriss Execution(int agents = 1) => new(new AlmgrenChrissParameters
    {
        Assets = [new ExecutionAsset { InitialPrice = 1, Volatility = 0.2, PermanentImpact = 0.01 }],
        Agents = [.. Enumerable.Range(0, agents).Select(j => new ExecutionAgent { RiskAversion = 2, TemporaryImpact = 0.02, InitialHoldings = [j % 2 == 0 ? 1.0 : -1.0] })],
        LiquidationTime = 0.5,
    });

    public static TheoryData<Func<MultiAgentBsdeOptions, MultiAgentBsdeOptions>, string> BadOptions => new()
    {
        { o => o with { TimeSteps = 0 }, "TimeSteps" },
        { o => o with { TrainingPaths = 8 }, "TrainingPaths" },
        { o => o with { GridPoints = 2 }, "GridPoints" },
        { o => o with { Bags = 0 }, "Bags" },
        { o => o with { LearningRate = -1 }, "LearningRate" },
        { o => o with { Exploration = 1.5 }, "Exploration" },
        { o => o with { Tolerance = double.NaN }, "Tolerance" },
        { o => o with { MaxIterations = 0 }, "MaxIterations" },
        { o => o with { EquilibriumSweeps = 0 }, "EquilibriumSweeps" },
        { o => o with { UNetWidths = [16] }, "UNetWidths" },
        { o => o with { UNetWidths = [16, 30], UNetGroups = 4 }, "UNetWidths" },
        { o => o with { ControlRanges = [[new ControlRange(1, 1)]] }, "ControlRanges" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_rejected_naming_the_option(Func<MultiAgentBsdeOptions, MultiAgentBsdeOptions> change, string name)
    {
        var act = () => new MultiAgentBsdeSolver().Solve(Execution(), change(Tiny));
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(name);
    }

    [Fact]
    public void Control_ranges_must_fit_the_agents_and_assets()
    {
        var act = () => new MultiAgentBsdeSolver().Solve(Execution(2), Tiny with { ControlRanges = [[new ControlRange(-1, 1)]] });
        act.Should().Throw<ArgumentException>().WithMessage("*one entry per agent (2)*");
    }

    [Fact]
    public void The_unet_needs_a_grid_it_can_halve()
    {
        var act = () => new MultiAgentBsdeSolver().Solve(Execution(), Tiny with { Regressor = GridRegressorKind.ResidualAttentionUNet, GridPoints = 7 });
        act.Should().Throw<ArgumentException>().WithMessage("*divisible by 2*");
    }

    [Fact]
    public void The_unet_regressor_learns_a_mean_variance_holding_roughly()
    {
        // The published network, kept tiny for a CPU test: 3 steps, one bag. Its accuracy is measured in the sample.
        var p = new MeanVarianceParameters { InterestRate = 0.03, Drifts = [0.11], Volatilities = [0.25], RiskAversions = [2.0] };
        var options = Tiny with
        {
            Regressor = GridRegressorKind.ResidualAttentionUNet,
            TimeSteps = 3,
            TrainingPaths = 64,
            GridPoints = 8,
            UNetWidths = [8, 16],
            UNetHeads = 2,
            UNetGroups = 4,
            InitialTrainingSteps = 150,
            TrainingStepsPerTimeStep = 60,
            BatchSize = 64,
            ControlRanges = [[new ControlRange(-1, 3)]],
        };
        var result = new MultiAgentBsdeSolver().Solve(new MeanVariance(p), options);
        var market = new MarketParameters(p.InterestRate, p.Drifts[0], p.Volatilities[0]);
        var error = HoldingError.RelativeL2(result.Agents[0].MeanDollarHoldings, 0, n => MeanVarianceClosedForm.Amount(market, 2.0, 1, result.Times[n]));
        error.Should().BeLessThan(0.25);
    }

    [Fact]
    public void Runs_are_reproducible_per_seed_and_differ_across_seeds()
    {
        var solver = new MultiAgentBsdeSolver();
        var a = solver.Solve(Execution(), Tiny);
        var b = solver.Solve(Execution(), Tiny);
        var c = solver.Solve(Execution(), Tiny with { Seed = 7 });
        b.Agents[0].ExpectedWealth.Should().Be(a.Agents[0].ExpectedWealth);
        b.Agents[0].MeanControls[1][0].Should().Be(a.Agents[0].MeanControls[1][0]);
        c.Agents[0].ExpectedWealth.Should().NotBe(a.Agents[0].ExpectedWealth);
    }

    [Fact]
    public void Every_expectation_rule_path_index_and_bags_run_and_report_metrics()
    {
        var solver = new MultiAgentBsdeSolver();
        foreach (var rule in new[] { OneStepExpectation.Sampled, OneStepExpectation.Antithetic })
        {
            var r = solver.Solve(Execution(2), Tiny with { Expectation = rule, UsePathIndexFeature = true, Bags = 2, MaxIterations = 2, Tolerance = 0 });
            r.Iterations.Should().Be(2);
            r.ControlChanges.Should().HaveCount(2);
            r.Agents.Should().HaveCount(2);
            r.Metrics.Should().ContainKeys("iterations", "final_control_change", "agent0_sharpe", "agent1_hold_sharpe", "agent1_expected_wealth");
            foreach (var agent in r.Agents)
            {
                double.IsFinite(agent.ExpectedWealth).Should().BeTrue();
                double.IsFinite(agent.HoldSharpeRatio).Should().BeTrue();
                agent.MeanShareHoldings.Should().HaveCount(Tiny.TimeSteps + 1);
                agent.MeanControls.Should().HaveCount(Tiny.TimeSteps);
            }
        }
    }

    [Fact]
    public void Holding_benchmark_and_sharpe_follow_their_definitions()
    {
        // Nobody trades in the benchmark: a long holder's terminal value is α₀S_T with E = α₀S₀e^{μT}.
        var problem = new AlmgrenChriss(new AlmgrenChrissParameters
        {
            Assets = [new ExecutionAsset { InitialPrice = 1, Drift = 0.1, Volatility = 0.2, PermanentImpact = 0.01 }],
            Agents = [new ExecutionAgent { RiskAversion = 2, TemporaryImpact = 0.02, InitialHoldings = [1.0] }],
            LiquidationTime = 0.5,
        });
        var r = new MultiAgentBsdeSolver().Solve(problem, Tiny with { TimeSteps = 4, EvaluationPaths = 4096 });
        var a = r.Agents[0];
        a.InitialWealth.Should().Be(1);
        a.HoldExpectedWealth.Should().BeApproximately(Math.Exp(0.1), 4 * 0.2 * Math.Exp(0.1) / Math.Sqrt(4096));
        a.SharpeRatio.Should().BeApproximately((a.ExpectedWealth - a.InitialWealth) / a.WealthStd, 1e-12);
        a.HoldSharpeRatio.Should().BeApproximately((a.HoldExpectedWealth - 1) / a.HoldWealthStd, 1e-12);
        a.Criterion.Should().BeApproximately(a.ExpectedRelativeWealth - (2 * a.RelativeWealthStd * a.RelativeWealthStd), 1e-12);
    }

    [Fact]
    public void Divergence_stops_through_the_trainer_with_its_diagnostic()
    {
        var act = () => new MultiAgentBsdeSolver().Solve(Execution(), Tiny with { LearningRate = 1e38 });
        act.Should().Throw<TrainingDivergedException>();
    }

    [Fact]
    public void Progress_is_reported_per_regression_and_cancellation_stops_the_solve()
    {
        var reports = new List<TrainingProgress>();
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            reports.Add(p);
            if (reports.Count == 3)
            {
                cts.Cancel();
            }
        });
        var act = () => new MultiAgentBsdeSolver().Solve(Execution(), Tiny, progress, cts.Token);
        act.Should().Throw<OperationCanceledException>();
        reports.Should().HaveCount(3);
        reports[0].Stage.Should().Be("it1 n1 sweep1 agent0 bag0");
    }

    [Fact]
    public void Checkpoints_are_written_per_regression_and_the_history_is_global()
    {
        var dir = Directory.CreateTempSubdirectory("neuralhjb-multi-agent-");
        try
        {
            var r = new MultiAgentBsdeSolver().Solve(Execution(), Tiny with { CheckpointDirectory = dir.FullName });
            Directory.GetFiles(dir.FullName, "*.safetensors").Should().HaveCount(Tiny.TimeSteps);
            r.History.Steps[^1].Should().Be(Tiny.InitialTrainingSteps + Tiny.TrainingStepsPerTimeStep);
            r.History.SeriesNames.Should().Contain(["loss", "m1", "m2"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
