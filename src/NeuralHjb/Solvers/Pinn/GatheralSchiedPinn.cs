using NeuralHjb.Analysis;
using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// Ready-made PINN set-ups for <see cref="GatheralSchied"/> (REFERENCES §1): the MT-PINN method
/// (liquidation ansatz Γ = X²/τ + τ·s·n, trajectory loss, λ-curriculum with input inflation from the
/// reduced 2-D problem, adaptive weights and sampling) and the vanilla PINN of the paper's ablation
/// (500 × 3 net, soft terminal target Γ(0, X, S) = 100 X², no trajectory loss). See docs/solvers/pinn.md
/// for why each choice is made.
/// </summary>
public static class GatheralSchiedPinn
{
    /// <summary>The continuation fractions α of λ = α λ* after the reduced stage (the paper's).</summary>
    public static IReadOnlyList<double> CurriculumFractions { get; } = [0.25, 0.5, 0.75, 0.9, 1.0];

    /// <summary>The MT-PINN options for a problem.</summary>
    /// <param name="problem">The problem (its λ is the target λ*).</param>
    /// <param name="preset">The budget.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The options.</returns>
    public static PinnOptions MtPinn(GatheralSchied problem, PinnPreset preset = PinnPreset.Standard, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var p = problem.Parameters;
        var domain = CollocationDomain(problem);
        var quick = preset == PinnPreset.Quick;

        // Quick with λ ≠ 0 spends its budget on the 3-D stages: the easy 2-D warm start needs only 200
        // steps at lr 1e-2, while 120 steps per λ stage left the S-only part of the value (c(τ)S², which
        // neither the trajectory loss nor the zero-inventory hinge sees, only the residual) 16–31 %
        // off at (τ = T, X = 10, S = 55), depending on the seed and the summation order of the kernels.
        var reducedSteps = quick ? (p.Lambda == 0 ? 600 : 200) : (p.Lambda == 0 ? 3000 : 1500);
        var stageSteps = quick ? 240 : 600;
        var stages = new List<PinnStage>
        {
            new()
            {
                Name = "reduced-lambda-0",
                Steps = reducedSteps,
                Preferences = new Dictionary<string, double> { [GatheralSchied.LambdaPreference] = 0 },
                ActiveCoordinates = [0],
                AdaptiveWeights = AdaptiveWeights.Reduced,
                Constraints = [new HyperplaneConstraint(0, 0, ConstraintKind.Equal)],
            },
        };
        if (p.Lambda != 0)
        {
            foreach (var alpha in CurriculumFractions)
            {
                stages.Add(new PinnStage
                {
                    Name = $"lambda-{alpha:0.00}",
                    Steps = alpha == 1.0 ? 2 * stageSteps : stageSteps,
                    Preferences = new Dictionary<string, double> { [GatheralSchied.LambdaPreference] = alpha * p.Lambda },
                    AdaptiveWeights = AdaptiveWeights.Full,
                });
            }
        }

        var grid = ExecutionRolloutGrid.Paper(problem.Horizon, 41, 20);
        return new PinnOptions
        {
            HiddenWidths = [32, 32, 32],
            Ansatz = new LiquidationAnsatz([0], [1], RemainderScale(problem, domain)),
            CollocationDomain = domain,
            CollocationBatch = quick ? 256 : 512,
            MinimumTimeToHorizon = 1e-3 * problem.Horizon,
            Symmetry = SymmetryMode.Off,
            Constraints = [new HyperplaneConstraint(0, 0, ConstraintKind.AtMost, 1e-6)],
            Trajectory = new TrajectoryLossOptions
            {
                Steps = quick ? 40 : 100,
                Every = 10,
                Horizons = grid.Horizons,
                StartStates = StartStates(grid),
                BatchSize = quick ? 16 : 32,
                Penalty = x => x.Slice(1, 0, 1).Square(),
            },
            AdaptiveSampling = quick ? null : new AdaptiveSamplingOptions { RefreshEvery = 500, Candidates = 4096, PoolSize = 512, BatchFraction = 0.25 },
            Stages = stages,
            // A short budget needs the larger step and a deeper decay at the end of each stage (the
            // last-stage noise of lr·0.05 is what the value at the largest |Γ| inherits).
            LearningRate = quick ? 1e-2 : 5e-3,
            FinalLearningRateFactor = quick ? 0.01 : 0.05,
            Seed = seed,
        };
    }

    /// <summary>
    /// The vanilla PINN of the ablation: a 500 × 3 tanh net (100 × 3 for Quick), no trajectory loss, no
    /// curriculum, no output transform, the soft terminal target Γ(0, X, S) = 100 X² (the problem's
    /// <see cref="GatheralSchiedParameters.TerminalPenalty"/>) and the paper's fixed weights, on about
    /// the same wall-clock budget as <see cref="MtPinn"/>: its wide net costs roughly ten times more per
    /// step, so it gets a tenth of the steps (a third for Quick).
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="preset">The budget.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The options.</returns>
    public static PinnOptions Vanilla(GatheralSchied problem, PinnPreset preset = PinnPreset.Standard, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var mt = MtPinn(problem, preset, seed);
        var quick = preset == PinnPreset.Quick;
        var steps = mt.Stages.Sum(s => s.Steps) / (quick ? 3 : 10);
        var domain = CollocationDomain(problem);
        return new PinnOptions
        {
            HiddenWidths = quick ? [100, 100, 100] : [500, 500, 500],
            Ansatz = new ScaledAnsatz(RemainderScale(problem, domain)),
            CollocationDomain = domain,
            CollocationBatch = mt.CollocationBatch,
            Constraints = [new HyperplaneConstraint(0, 0, ConstraintKind.AtMost, 1e-6)],
            Terminal = new TerminalLossOptions { BatchSize = 256 },
            Stages = [new PinnStage { Name = "vanilla", Steps = steps }],
            LearningRate = 1e-3,
            Seed = seed,
        };
    }

    /// <summary>
    /// The collocation box: S from half the problem's lowest price to 1.5 × its highest (prices diffuse
    /// during a rollout), and X wide enough for every closed-form inventory path from the problem's
    /// inventory range at those prices and the evaluation horizons (with λ ≠ 0 the optimal trader
    /// overshoots to the other side of zero), plus 10 %.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The box.</returns>
    public static StateDomain CollocationDomain(GatheralSchied problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var p = problem.Parameters;
        var sLow = 0.5 * p.PriceLow;
        var sHigh = 1.5 * p.PriceHigh;
        var cf = GatheralSchiedClosedFormPolicy.ClosedForm(p);
        double lo = Math.Min(p.InventoryLow, 0), hi = Math.Max(p.InventoryHigh, 0);
        const int n = 100;
        var times = new double[n + 1];
        var prices = new double[n + 1];
        foreach (var h in ExecutionRolloutGrid.Paper(problem.Horizon).Horizons)
        {
            for (var k = 0; k <= n; k++)
            {
                times[k] = h * k / n;
            }

            foreach (var x0 in new[] { p.InventoryLow, p.InventoryHigh })
            {
                foreach (var s in new[] { sLow, sHigh })
                {
                    Array.Fill(prices, s);
                    foreach (var x in cf.InventoryPath(h, x0, times, prices))
                    {
                        lo = Math.Min(lo, x);
                        hi = Math.Max(hi, x);
                    }
                }
            }
        }

        var pad = 0.1 * (hi - lo);
        return new StateDomain([new DomainAxis("X", "shares", lo - pad, hi + pad), new DomainAxis("S", "currency/share", sLow, sHigh)]);
    }

    /// <summary>The evaluation grid of a preset: the paper's 41 × 20 × 7 paths (Standard) or 11 × 5 × 7 (Quick).</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="preset">The preset.</param>
    /// <returns>The grid.</returns>
    public static ExecutionRolloutGrid EvaluationGrid(GatheralSchied problem, PinnPreset preset)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var p = problem.Parameters;
        var g = preset == PinnPreset.Quick ? ExecutionRolloutGrid.Paper(problem.Horizon, 11, 5) : ExecutionRolloutGrid.Paper(problem.Horizon);
        return g with
        {
            InitialInventories = Rescale(g.InitialInventories, -10, 10, p.InventoryLow, p.InventoryHigh),
            InitialPrices = Rescale(g.InitialPrices, 10, 100, p.PriceLow, p.PriceHigh),
        };
    }

    private static double[] Rescale(IReadOnlyList<double> v, double a, double b, double lo, double hi)
        => v.Select(x => lo + ((x - a) / (b - a) * (hi - lo))).ToArray();

    private static double RemainderScale(GatheralSchied problem, StateDomain domain)
    {
        // Size of the bounded remainder (Γ − X²/τ)/τ ≈ κ²X²/3 + λXS/2 + c S²/τ: its largest term on the box.
        var p = problem.Parameters;
        var xMax = Math.Max(Math.Abs(domain.Low[0]), Math.Abs(domain.High[0]));
        var sMax = domain.High[1];
        return Math.Max(1, Math.Max(p.Kappa * p.Kappa * xMax * xMax / 3, Math.Abs(p.Lambda) * xMax * sMax / 2));
    }

    private static Tensor StartStates(ExecutionRolloutGrid grid)
    {
        var rows = new List<double>();
        foreach (var x in grid.InitialInventories)
        {
            foreach (var s in grid.InitialPrices)
            {
                rows.Add(x);
                rows.Add(s);
            }
        }

        return Tensor.FromSpan(rows.ToArray(), [rows.Count / 2, 2], DType.Float64);
    }
}
