using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>One solve of <see cref="MultiAgentBsdeSolver"/>: best-response iterations of forward simulation and backward regression.</summary>
internal sealed class BackwardLeastSquaresRun
{
    // Random streams: one per purpose so that changing one draw never shifts another.
    private const ulong TrainingNoiseStream = 1_000;
    private const ulong ExplorationStream = 2_000;
    private const ulong EvaluationNoiseStream = 3_000;
    private const ulong InitStream = 4_000;
    private const ulong MinibatchStreamBase = 1UL << 32;

    private readonly AgentMarket _market;
    private readonly MultiAgentBsdeOptions _options;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly CancellationToken _token;
    private readonly int _agents;
    private readonly int _assets;
    private readonly int _steps;
    private readonly double _dt;
    private readonly double[] _times;
    private readonly ControlGrid[] _grids;
    private readonly StepMoments? _stepMoments;
    private readonly TrainingHistory _history = new();
    private int _stepOffset;
    private int _sweepsUsed;
    private double _lastSweepChange;
    private FeatureMap? _features;
    private GridNetwork[][]? _live;
    private GridNetwork? _evalCurrent;
    private GridNetwork? _evalPrevious;

    public BackwardLeastSquaresRun(AgentMarket market, MultiAgentBsdeOptions options, IProgress<TrainingProgress>? progress, CancellationToken token)
    {
        options.Validate();
        _market = market;
        _options = options;
        _progress = progress;
        _token = token;
        _agents = market.Agents;
        _assets = market.Assets;
        _steps = options.TimeSteps;
        _dt = market.Horizon / _steps;
        _times = new double[_steps + 1];
        for (var n = 0; n <= _steps; n++)
        {
            _times[n] = n * _dt;
        }

        _grids = BuildGrids();
        _stepMoments = options.ExactStepMoments ? new StepMoments(market, _grids, _times) : null;
    }

    public MultiAgentBsdeResult Run()
    {
        var clock = Stopwatch.StartNew();
        var evaluationNoise = DrawNoise(_options.EvaluationPaths, new Philox(_options.Seed, EvaluationNoiseStream));
        var previousMeans = new double[_agents][][];
        for (var j = 0; j < _agents; j++)
        {
            previousMeans[j] = new double[_steps][];
            for (var n = 0; n < _steps; n++)
            {
                previousMeans[j][n] = _market.InitialControls(_times[n], _dt).AsSpan(j * _assets, _assets).ToArray();
            }
        }

        MomentEstimator? policy = null;
        Evaluation? evaluation = null;
        var changes = new List<double>();
        var converged = false;
        for (var it = 1; it <= _options.MaxIterations; it++)
        {
            var paths = SimulateTraining(policy, it);
            if (_features is null)
            {
                _features = new FeatureMap(_market, paths.States, paths.Paths, _options.UsePathIndexFeature, _options.DType);
                CreateNetworks();
            }

            _sweepsUsed = 0;
            _lastSweepChange = 0;
            var next = Backward(policy, paths, it);
            evaluation = Evaluate(next, evaluationNoise);
            var change = Change(previousMeans, evaluation.GridMeans);
            changes.Add(change);
            previousMeans = evaluation.GridMeans;
            policy = next;
            if (change < _options.Tolerance)
            {
                converged = true;
                break;
            }
        }

        return BuildResult(evaluation!, changes, converged, clock.Elapsed);
    }

    private ControlGrid[] BuildGrids()
    {
        var ranges = _options.ControlRanges;
        if (ranges is not null && ranges.Count != _agents)
        {
            throw new ArgumentException($"ControlRanges must have one entry per agent ({_agents}), not {ranges.Count}.", nameof(_options.ControlRanges));
        }

        var grids = new ControlGrid[_agents];
        for (var j = 0; j < _agents; j++)
        {
            var agentRanges = new ControlRange[_assets];
            for (var i = 0; i < _assets; i++)
            {
                if (ranges is not null && ranges[j].Count != _assets)
                {
                    throw new ArgumentException($"ControlRanges[{j}] must have one range per asset ({_assets}), not {ranges[j].Count}.", nameof(_options.ControlRanges));
                }

                agentRanges[i] = ranges is null ? _market.AutomaticRange(j, i) : ranges[j][i];
            }

            grids[j] = new ControlGrid(agentRanges, _options.GridPoints);
        }

        return grids;
    }

    private void CreateNetworks()
    {
        var f = _features!.Count;
        _live = new GridNetwork[_agents][];
        for (var j = 0; j < _agents; j++)
        {
            _live[j] = new GridNetwork[_options.Bags];
            for (var b = 0; b < _options.Bags; b++)
            {
                var generator = new Philox(_options.Seed, InitStream + (ulong)((j * _options.Bags) + b));
                _live[j][b] = GridNetwork.Create(_options, f, _grids[j], generator);
            }
        }

        _evalCurrent = GridNetwork.Create(_options, f, _grids[0], new Philox(_options.Seed, InitStream - 1));
        _evalPrevious = GridNetwork.Create(_options, f, _grids[0], new Philox(_options.Seed, InitStream - 2));
    }

    private double[][] DrawNoise(int paths, Philox generator)
    {
        var width = _market.Problem.Dynamics.NoiseDimension;
        var noise = new double[_steps][];
        var root = Math.Sqrt(_dt);
        for (var n = 0; n < _steps; n++)
        {
            noise[n] = new double[paths * width];
            generator.FillNormal(noise[n], 0, root);
        }

        return noise;
    }

    private double[] InitialStates(int paths)
    {
        var d = _market.StateDimension;
        var x = new double[paths * d];
        for (var p = 0; p < paths; p++)
        {
            _market.InitialState.CopyTo(x, p * d);
        }

        return x;
    }

    /// <summary>The strategies' controls at step n for the states x, [rows, M·N].</summary>
    private double[] PolicyControls(MomentEstimator? policy, int step, double[] x, int rows)
    {
        var c = _agents * _assets;
        var u = new double[rows * c];
        if (policy is null)
        {
            var initial = _market.InitialControls(_times[step], _dt);
            for (var r = 0; r < rows; r++)
            {
                initial.CopyTo(u, r * c);
            }

            return u;
        }

        for (var j = 0; j < _agents; j++)
        {
            policy.Choose(j, step, x, rows, 1, rows, u, _agents);
        }

        return u;
    }

    private PathSet SimulateTraining(MomentEstimator? policy, int iteration)
    {
        var p = _options.TrainingPaths;
        var set = new PathSet(p, _steps);
        var noise = DrawNoise(p, new Philox(_options.Seed, TrainingNoiseStream + (ulong)iteration));
        var explore = new Philox(_options.Seed, ExplorationStream + (ulong)iteration);
        var c = _agents * _assets;
        var x = InitialStates(p);
        set.States[0] = x;
        var coin = new double[p * _agents];
        var draw = new double[p * c];
        for (var n = 0; n < _steps; n++)
        {
            _token.ThrowIfCancellationRequested();
            var u = PolicyControls(policy, n, x, p);
            set.Policy[n] = u;
            set.Noise[n] = noise[n];
            var applied = (double[])u.Clone();
            if (_options.Exploration > 0)
            {
                explore.FillUniform(coin);
                explore.FillUniform(draw);
                for (var r = 0; r < p; r++)
                {
                    for (var j = 0; j < _agents; j++)
                    {
                        if (coin[(r * _agents) + j] >= _options.Exploration)
                        {
                            continue;
                        }

                        for (var i = 0; i < _assets; i++)
                        {
                            var k = (r * c) + (j * _assets) + i;
                            var range = _grids[j].Range(i);
                            applied[k] = range.Lower + (draw[k] * (range.Upper - range.Lower));
                        }
                    }
                }
            }

            x = _market.Step(x, applied, noise[n], p, _times[n], _dt);
            set.States[n + 1] = x;
        }

        return set;
    }

    private MomentEstimator Backward(MomentEstimator? policy, PathSet paths, int iteration)
    {
        var next = new MomentEstimator(_agents, _steps, _options.Bags, _evalCurrent!, _evalPrevious!, _features!, _grids, _market.RiskAversions, _times, _options, _stepMoments);
        var p = paths.Paths;
        var c = _agents * _assets;
        for (var n = _steps - 1; n >= 0; n--)
        {
            var x = paths.States[n];
            var baseline = _market.Baseline(x, p, _times[n]);
            var features = _features!.Build(x, 0, p, _times[n], 1, p);
            var featuresNext = _features.Build(x, 0, p, _times[n + 1], 1, p);

            // Step n is a static game once the later steps are solved: agents best-respond in turn (Gauss–Seidel),
            // each against the others' latest step-n controls on the training states, until those stop changing.
            var controls = (double[])paths.Policy[n].Clone();
            var sweeps = _agents == 1 ? 1 : _options.EquilibriumSweeps;
            var change = 0.0;
            var sweep = 0;
            while (sweep < sweeps)
            {
                sweep++;
                change = 0.0;
                for (var j = 0; j < _agents; j++)
                {
                    Regress(next, policy, paths, controls, baseline, features, featuresNext, iteration, n, j, sweep);
                    if (_agents > 1)
                    {
                        var updated = (double[])controls.Clone();
                        next.Choose(j, n, x, p, 1, p, updated, _agents);
                        change = Math.Max(change, MeanChange(controls, updated, j, p));
                        controls = updated;
                    }
                }

                if (change < _options.Tolerance)
                {
                    break;
                }
            }

            _sweepsUsed = Math.Max(_sweepsUsed, sweep);
            _lastSweepChange = Math.Max(_lastSweepChange, change);
            _token.ThrowIfCancellationRequested();
        }

        return next;
    }

    /// <summary>Largest change of agent j's mean control over the paths, divided by its grid's width.</summary>
    private double MeanChange(double[] before, double[] after, int agent, int paths)
    {
        var c = _agents * _assets;
        var largest = 0.0;
        for (var i = 0; i < _assets; i++)
        {
            var sum = 0.0;
            for (var r = 0; r < paths; r++)
            {
                var k = (r * c) + (agent * _assets) + i;
                sum += after[k] - before[k];
            }

            largest = Math.Max(largest, Math.Abs(sum / paths) / _grids[agent].Width(i));
        }

        return largest;
    }

    /// <summary>Builds agent j's targets at step n (others playing <paramref name="controls"/>) and trains its bagged networks.</summary>
    private void Regress(MomentEstimator next, MomentEstimator? policy, PathSet paths, double[] controls, double[] baseline, Tensor features, Tensor featuresNext, int iteration, int n, int j, int sweep)
    {
        var p = paths.Paths;
        var d = _market.StateDimension;
        var c = _agents * _assets;
        var width = _market.Problem.Dynamics.NoiseDimension;
        var x = paths.States[n];
        var grid = _grids[j];
        var k = grid.Count;
        var rows = p * k;

        // Every grid control of agent j on every path, the others playing their step-n controls.
        var xe = new double[rows * d];
        var ue = new double[rows * c];
        for (var q = 0; q < p; q++)
        {
            for (var g = 0; g < k; g++)
            {
                var r = (q * k) + g;
                Array.Copy(x, q * d, xe, r * d, d);
                Array.Copy(controls, q * c, ue, r * c, c);
                Array.Copy(grid.Controls, g * _assets, ue, (r * c) + (j * _assets), _assets);
            }
        }

        // The one-step expectation: a weighted sum over increments shared by all controls of a path.
        var t1 = new double[rows];
        var t2 = new double[rows];
        foreach (var (weight, increment) in Increments(paths.Noise[n], p))
        {
            var we = new double[rows * width];
            for (var q = 0; q < p; q++)
            {
                for (var g = 0; g < k; g++)
                {
                    Array.Copy(increment, q * width, we, ((q * k) + g) * width, width);
                }
            }

            var post = _market.Step(xe, ue, we, rows, _times[n], _dt);
            var (s1, s2) = Targets(next, j, n, post, rows, k, p, baseline);
            for (var r = 0; r < rows; r++)
            {
                t1[r] += weight * s1[r];
                t2[r] += weight * s2[r];
            }
        }

        if (_stepMoments is not null)
        {
            // The networks learn what the later steps add to the step's exact moments (see StepMoments).
            var (e, s) = _stepMoments.Compute(j, n, x, p);
            for (var r = 0; r < rows; r++)
            {
                t1[r] -= e[r];
                t2[r] -= s[r] + (2 * e[r] * t1[r]);
            }
        }

        // RMS size of the targets: first moment and variance term (the residual's may be negative).
        var scale = 0.0;
        for (var r = 0; r < rows; r++)
        {
            scale += (t1[r] * t1[r]) + Math.Abs(t2[r] - (t1[r] * t1[r]));
        }

        scale = Math.Sqrt(scale / rows);
        if (!(scale > 1e-12) || !double.IsFinite(scale))
        {
            scale = double.IsFinite(scale) ? 1e-12 : 1;
        }

        var target = new double[p * 2 * k];
        for (var q = 0; q < p; q++)
        {
            for (var g = 0; g < k; g++)
            {
                target[(q * 2 * k) + g] = t1[(q * k) + g] / scale;
                target[(q * 2 * k) + k + g] = t2[(q * k) + g] / (scale * scale);
            }
        }

        var targets = Tensor.FromArray(target, [p, 2, k]).To(_options.DType);
        for (var b = 0; b < _options.Bags; b++)
        {
            var network = _live![j][b];
            var steps = _options.TrainingStepsPerTimeStep;
            if (n == _steps - 1 && sweep == 1)
            {
                if (policy is null)
                {
                    steps = _options.InitialTrainingSteps;
                }
                else
                {
                    // Later iterations restart the last step from its own previous weights, not from t = 0's.
                    policy.LoadInto(j, n, b, network);
                }
            }

            var previous = next.PreviousInput(j, n, b, featuresNext, scale);
            Train(network, features, previous, targets, scale, steps, iteration, n, j, b, sweep);
            next.Store(j, n, b, network, scale);
        }
    }

    /// <summary>The increments (and weights) the targets average over, each [paths, noise].</summary>
    private List<(double Weight, double[] Increment)> Increments(double[] sampled, int paths)
    {
        var width = _market.Problem.Dynamics.NoiseDimension;
        var nodes = new List<(double, double[])>();
        switch (_options.Expectation)
        {
            case OneStepExpectation.Sampled:
                nodes.Add((1.0, sampled));
                break;
            case OneStepExpectation.Antithetic:
                var negated = new double[sampled.Length];
                for (var i = 0; i < sampled.Length; i++)
                {
                    negated[i] = -sampled[i];
                }

                nodes.Add((0.5, sampled));
                nodes.Add((0.5, negated));
                break;
            default:
                foreach (var (weight, point) in CubatureRule.Nodes(width, _dt))
                {
                    nodes.Add((weight, CubatureRule.Repeat(point, paths)));
                }

                break;
        }

        return nodes;
    }

    /// <summary>
    /// Regression targets for agent j at step n on the post-step states: the centred gain Y(T) − cⱼ(t_n) and its
    /// square, from the terminal payoff at the last step and from the step-(n+1) estimate at the agent's best control
    /// otherwise (the BSDE pair; second moment re-centred exactly: E[(G + δ)²] = Ĝ₂ + 2δĜ₁ + δ²).
    /// </summary>
    private (double[] T1, double[] T2) Targets(MomentEstimator next, int agent, int step, double[] post, int rows, int k, int paths, double[] baseline)
    {
        var t1 = new double[rows];
        var t2 = new double[rows];
        if (step == _steps - 1)
        {
            var y = _market.TerminalRelative(post, rows);
            for (var r = 0; r < rows; r++)
            {
                var gain = y[(r * _agents) + agent] - baseline[((r / k) * _agents) + agent];
                t1[r] = gain;
                t2[r] = gain * gain;
            }

            return (t1, t2);
        }

        var scratch = new double[rows * _agents * _assets];
        var (g1, g2) = next.Choose(agent, step + 1, post, rows, k, paths, scratch, _agents);
        var baselineNext = _market.Baseline(post, rows, _times[step + 1]);
        for (var r = 0; r < rows; r++)
        {
            var delta = baselineNext[(r * _agents) + agent] - baseline[((r / k) * _agents) + agent];
            t1[r] = g1[r] + delta;
            t2[r] = g2[r] + (2 * delta * g1[r]) + (delta * delta);
        }

        return (t1, t2);
    }

    private void Train(GridNetwork network, Tensor features, Tensor previous, Tensor targets, double scale, int steps, int iteration, int step, int agent, int bag, int sweep)
    {
        // Errors weighted by what they do to the criterion: in scaled units C/s = m̂₁ − γs(m̂₂ − m̂₁²), so an error in
        // the second moment counts γs times one in the first.
        var sensitivity = _market.RiskAversions[agent] * scale;
        var secondWeight = Math.Clamp(sensitivity * sensitivity, 1e-3, 1);
        var parameters = network.NamedParameters().ToList();
        var optimizer = new Adam(parameters.Select(q => q.Value).ToList(), _options.LearningRate);
        var stage = string.Create(CultureInfo.InvariantCulture, $"it{iteration} n{step} sweep{sweep} agent{agent} bag{bag}");
        var checkpoint = _options.CheckpointDirectory is { } dir
            ? Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"multi-agent-it{iteration}-n{step}-sweep{sweep}-agent{agent}-bag{bag}.safetensors"))
            : null;
        if (checkpoint is not null)
        {
            Directory.CreateDirectory(_options.CheckpointDirectory!);
        }

        var trainer = new Trainer(parameters, optimizer, new TrainerOptions
        {
            Steps = steps,
            ReportEvery = Math.Min(_options.ReportEvery, steps),
            Stage = stage,
            CheckpointPath = checkpoint,

            // Each regression anneals to a tenth of the rate: the argmax needs the moments' slopes over the grid
            // to a fraction of a percent, which a constant-rate Adam leaves as noise.
            Schedule = new CosineAnnealingSchedule(_options.LearningRate, steps, _options.LearningRate / 10),
        });
        var rows = features.Size(0);
        var batch = Math.Min(_options.BatchSize, rows);
        var stream = MinibatchStreamBase * (ulong)(1 + (((((iteration * _steps) + step) * 64) + sweep) * _agents * _options.Bags) + (agent * _options.Bags) + bag);
        var index = new int[batch];
        var history = trainer.Run(
            s =>
            {
                Tensor f = features, prev = previous, y = targets;
                if (batch < rows)
                {
                    var rng = new Philox(_options.Seed, stream + (ulong)s);
                    for (var i = 0; i < batch; i++)
                    {
                        index[i] = (int)(rng.NextUInt32() % (uint)rows);
                    }

                    f = features.IndexSelect(0, index);
                    prev = previous.IndexSelect(0, index);
                    y = targets.IndexSelect(0, index);
                }

                var error = MomentHead.Moments(network.Predict(f, prev), _stepMoments is not null) - y;
                var first = error.Slice(1, 0, 1).Square().Mean();
                var second = error.Slice(1, 1, 1).Square().Mean();
                return new LossEvaluation(first + (secondWeight * second), [new("m1", first), new("m2", second)]);
            },
            _progress,
            _token);
        AppendHistory(history);
    }

    private void AppendHistory(TrainingHistory history)
    {
        var names = history.SeriesNames;
        var terms = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < history.Count; i++)
        {
            terms.Clear();
            foreach (var name in names)
            {
                if (name != TrainingHistory.TotalLoss)
                {
                    terms[name] = history[name][i];
                }
            }

            _history.Add(_stepOffset + history.Steps[i], history[TrainingHistory.TotalLoss][i], terms);
        }

        _stepOffset += history.Count > 0 ? history.Steps[^1] : 0;
    }

    private Evaluation Evaluate(MomentEstimator policy, double[][] noise)
    {
        var p = _options.EvaluationPaths;
        var c = _agents * _assets;
        var gridMeans = Cube(_steps);
        var means = Cube(_steps);
        var stds = Cube(_steps);
        var dollars = Cube(_steps);
        var shares = _market.ShareHoldings(InitialStates(1), 1) is null ? null : Cube(_steps + 1);
        var x = InitialStates(p);
        var hold = _market.HasHoldBenchmark ? InitialStates(p) : null;
        for (var n = 0; n < _steps; n++)
        {
            _token.ThrowIfCancellationRequested();
            var u = PolicyControls(policy, n, x, p);
            Accumulate(u, p, gridMeans[n], null);
            Accumulate(_market.ReportedControls(x, u, p, _dt), p, means[n], stds[n]);
            Accumulate(_market.DollarHoldings(x, u, p, _dt), p, dollars[n], null);
            if (shares is not null)
            {
                Accumulate(_market.ShareHoldings(x, p)!, p, shares[n], null);
            }

            x = _market.Step(x, u, noise[n], p, _times[n], _dt);
            if (hold is not null)
            {
                hold = _market.Step(hold, _market.IdleControls(hold, p), noise[n], p, _times[n], _dt);
            }
        }

        if (shares is not null)
        {
            Accumulate(_market.ShareHoldings(x, p)!, p, shares[_steps], null);
        }

        return new Evaluation
        {
            GridMeans = Transpose(gridMeans),
            MeanControls = Transpose(means),
            ControlStd = Transpose(stds),
            MeanDollarHoldings = Transpose(dollars),
            MeanShareHoldings = shares is null ? null : Transpose(shares),
            TerminalWealth = _market.TerminalWealth(x, p),
            TerminalRelative = _market.TerminalRelative(x, p),
            HoldWealth = hold is null ? null : _market.MarkToMarket(hold, p, _market.Horizon),
            Paths = p,
        };
    }

    private double[][] Cube(int steps)
    {
        var cube = new double[steps][];
        for (var n = 0; n < steps; n++)
        {
            cube[n] = new double[_agents * _assets];
        }

        return cube;
    }

    /// <summary>Mean (and standard deviation) over rows of a [rows, M·N] array into [M·N].</summary>
    private void Accumulate(double[] values, int rows, double[] mean, double[]? std)
    {
        var c = _agents * _assets;
        for (var k = 0; k < c; k++)
        {
            var sum = 0.0;
            var square = 0.0;
            for (var r = 0; r < rows; r++)
            {
                var v = values[(r * c) + k];
                sum += v;
                square += v * v;
            }

            mean[k] = sum / rows;
            if (std is not null)
            {
                std[k] = Math.Sqrt(Math.Max((square / rows) - (mean[k] * mean[k]), 0));
            }
        }
    }

    /// <summary>[step][agent·N + asset] → [agent][step][asset].</summary>
    private double[][][] Transpose(double[][] cube)
    {
        var result = new double[_agents][][];
        for (var j = 0; j < _agents; j++)
        {
            result[j] = new double[cube.Length][];
            for (var n = 0; n < cube.Length; n++)
            {
                result[j][n] = cube[n].AsSpan(j * _assets, _assets).ToArray();
            }
        }

        return result;
    }

    private double Change(double[][][] before, double[][][] after)
    {
        var largest = 0.0;
        for (var j = 0; j < _agents; j++)
        {
            for (var n = 0; n < _steps; n++)
            {
                for (var i = 0; i < _assets; i++)
                {
                    largest = Math.Max(largest, Math.Abs(after[j][n][i] - before[j][n][i]) / _grids[j].Width(i));
                }
            }
        }

        return largest;
    }

    private MultiAgentBsdeResult BuildResult(Evaluation e, List<double> changes, bool converged, TimeSpan elapsed)
    {
        var initialWealth = _market.MarkToMarket(_market.InitialState, 1, _market.Horizon);
        var growth = Math.Exp(_market.InterestRate * _market.Horizon);
        var outcomes = new AgentOutcome[_agents];
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["iterations"] = changes.Count,
            ["final_control_change"] = changes[^1],
            ["converged"] = converged ? 1 : 0,
            ["equilibrium_sweeps"] = _sweepsUsed,
            ["equilibrium_last_change"] = _lastSweepChange,
        };
        for (var j = 0; j < _agents; j++)
        {
            var (mean, std) = Moments(e.TerminalWealth, j, e.Paths);
            var (relMean, relStd) = Moments(e.TerminalRelative, j, e.Paths);
            var (holdMean, holdStd) = e.HoldWealth is null ? (double.NaN, double.NaN) : Moments(e.HoldWealth, j, e.Paths);
            var w0 = initialWealth[j];
            var outcome = new AgentOutcome
            {
                Agent = j,
                RiskAversion = _market.RiskAversions[j],
                MeanControls = e.MeanControls[j],
                ControlStd = e.ControlStd[j],
                MeanDollarHoldings = e.MeanDollarHoldings[j],
                MeanShareHoldings = e.MeanShareHoldings?[j],
                InitialWealth = w0,
                ExpectedWealth = mean,
                WealthStd = std,
                SharpeRatio = (mean - (w0 * growth)) / std,
                ExpectedRelativeWealth = relMean,
                RelativeWealthStd = relStd,
                Criterion = relMean - (_market.RiskAversions[j] * relStd * relStd),
                HoldExpectedWealth = holdMean,
                HoldWealthStd = holdStd,
                HoldSharpeRatio = (holdMean - (w0 * growth)) / holdStd,
            };
            outcomes[j] = outcome;
            var prefix = string.Create(CultureInfo.InvariantCulture, $"agent{j}_");
            metrics[prefix + "expected_wealth"] = outcome.ExpectedWealth;
            metrics[prefix + "wealth_std"] = outcome.WealthStd;
            metrics[prefix + "sharpe"] = outcome.SharpeRatio;
            metrics[prefix + "criterion"] = outcome.Criterion;
            if (_market.HasHoldBenchmark)
            {
                metrics[prefix + "hold_sharpe"] = outcome.HoldSharpeRatio;
            }
        }

        return new MultiAgentBsdeResult
        {
            History = _history,
            Elapsed = elapsed,
            Metrics = metrics,
            Times = _times[.._steps],
            ControlKind = _market.ControlKind,
            Agents = outcomes,
            Iterations = changes.Count,
            ControlChanges = changes,
            Converged = converged,
            EquilibriumSweeps = _sweepsUsed,
            EquilibriumChange = _lastSweepChange,
        };
    }

    private (double Mean, double Std) Moments(double[] values, int agent, int rows)
    {
        var sum = 0.0;
        var square = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var v = values[(r * _agents) + agent];
            sum += v;
            square += v * v;
        }

        var mean = sum / rows;
        var variance = Math.Max((square / rows) - (mean * mean), 0) * rows / Math.Max(rows - 1, 1);
        return (mean, Math.Sqrt(variance));
    }
}
