using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// The loss of one curriculum stage: every term, its weight, and the step's randomness. As an
/// <see cref="ITrainingState"/> it saves its stage index (a checkpoint of another stage is refused) and the last
/// value of every term (a term evaluated only every few steps reports that value in between).
/// </summary>
internal sealed class PinnObjective : ITrainingState
{
    public const string Pde = "pde";
    public const string Boundary = "boundary";
    public const string Terminal = "terminal";
    public const string Symmetry = "symmetry";
    public const string Trajectory = "trajectory";

    private readonly ControlProblem _problem;
    private readonly PinnOptions _options;
    private readonly PinnStage _stage;
    private readonly PinnValueNetwork _net;
    private readonly HjbResidual _hjb;
    private readonly StateDomain _domain;
    private readonly IReadOnlyList<HyperplaneConstraint> _constraints;
    private readonly TrajectoryLoss? _trajectory;
    private readonly ResidualAdaptiveSampler? _sampler;
    private readonly int _offset;
    private readonly int _stageIndex;
    private readonly List<string> _terms = [];
    private readonly double[] _values;

    public PinnObjective(ControlProblem problem, PinnOptions options, int stageIndex, PinnValueNetwork net, HjbResidual hjb, StateDomain domain, ResidualAdaptiveSampler? sampler, int offset)
    {
        var stage = options.Stages[stageIndex];
        _stageIndex = stageIndex;
        _problem = problem;
        _options = options;
        _stage = stage;
        _net = net;
        _hjb = hjb;
        _domain = domain;
        _sampler = sampler;
        _offset = offset;
        _constraints = stage.Constraints ?? options.Constraints;
        var w = options.Weights;
        var initial = new List<double>();
        Add(Pde, w.Pde, initial, true);
        Add(Boundary, w.Boundary, initial, _constraints.Count > 0);
        Add(Terminal, w.Terminal, initial, !net.Ansatz.EnforcesTerminalCondition);
        Add(Symmetry, w.Symmetry, initial, options.Symmetry == SymmetryMode.Penalty && problem.Symmetry is not null);
        if (options.Trajectory is { } traj && stage.UseTrajectoryLoss && w.Trajectory > 0)
        {
            _trajectory = new TrajectoryLoss(problem, hjb, traj, domain, net.DType);
            _terms.Add(Trajectory);
            initial.Add(w.Trajectory);
        }

        Weighting = stage.AdaptiveWeights is { } aw ? aw.Create() : new FixedLossWeights();
        Weighting.Reset(initial);
        _values = new double[_terms.Count];
    }

    /// <summary>The solver-side state a checkpoint of this stage must carry, by name, for the trainer.</summary>
    public IReadOnlyList<KeyValuePair<string, ITrainingState>> TrainingState()
    {
        var state = new List<KeyValuePair<string, ITrainingState>> { new("pinn", this) };
        if (Weighting is ITrainingState weighting)
        {
            state.Add(new("loss_weights", weighting));
        }

        if (_sampler is not null)
        {
            state.Add(new("adaptive_sampling", _sampler));
        }

        return state;
    }

    /// <inheritdoc />
    public void Save(TrainingStateWriter writer)
    {
        writer.WriteInt64("stage", _stageIndex);
        writer.WriteDoubles("last_terms", _values);
    }

    /// <inheritdoc />
    public Action PrepareLoad(TrainingStateReader reader)
    {
        var stage = reader.ReadInt64("stage");
        if (stage != _stageIndex)
        {
            throw reader.Invalid("stage", $"is {stage}, but this is stage {_stageIndex} ('{_stage.Name}')");
        }

        var values = reader.ReadDoubles("last_terms", _values.Length);
        return () => values.CopyTo(_values, 0);
    }

    public LossWeighting Weighting { get; }

    public IReadOnlyList<string> TermNames => _terms;

    public LossEvaluation Evaluate(int step)
    {
        var global = _offset + step;
        var g = new Philox(_options.Seed, 0x1000_0000UL + (ulong)global);
        var dtype = _net.DType;
        if (_sampler is not null && step % _sampler.Options.RefreshEvery == 0)
        {
            RefreshPool(new Philox(_options.Seed, 0x2000_0000UL + (ulong)global));
        }

        var weights = Weighting.Weights;
        var terms = new List<KeyValuePair<string, Tensor>>(2 * _terms.Count);
        Tensor? total = null;
        for (var k = 0; k < _terms.Count; k++)
        {
            if (_terms[k] == Trajectory && step % _options.Trajectory!.Every != 0)
            {
                // Not this step: no gradient; history and the weighting see the last value.
                terms.Add(new(_terms[k], Tensor.Scalar(_values[k], DType.Float64)));
                continue;
            }

            var loss = Term(_terms[k], g, dtype);
            terms.Add(new(_terms[k], loss));
            var weighted = loss * weights[k];
            total = total is null ? weighted : total + weighted;
        }

        var evaluated = terms.Count;
        for (var i = 0; i < evaluated; i++)
        {
            var k = IndexOf(terms[i].Key);
            _values[k] = terms[i].Value.Item();
        }

        for (var k = 0; k < _terms.Count; k++)
        {
            terms.Add(new("w_" + _terms[k], Tensor.Scalar(weights[k], DType.Float64)));
        }


        Weighting.Update(_values);
        return new LossEvaluation(total!, terms);
    }

    public Func<int, PreferenceBatch?> PreferencesFor(DType dtype) => n => Preferences(n, dtype);

    private int IndexOf(string name)
    {
        for (var k = 0; k < _terms.Count; k++)
        {
            if (_terms[k] == name)
            {
                return k;
            }
        }

        return -1;
    }

    private void Add(string name, double weight, List<double> initial, bool applicable)
    {
        if (applicable && weight > 0)
        {
            _terms.Add(name);
            initial.Add(weight);
        }
    }

    private Tensor Term(string name, Philox g, DType dtype) => name switch
    {
        Pde => PdeLoss(g, dtype),
        Boundary => BoundaryLoss(g, dtype),
        Terminal => TerminalLoss(g, dtype),
        Symmetry => SymmetryLoss(g, dtype),
        Trajectory => _trajectory!.Evaluate(_net.Value, g, dtype, PreferencesFor(dtype)),
        _ => throw new InvalidOperationException(name),
    };

    private (Tensor T, Tensor X) Collocation(int n, Philox g, DType dtype)
    {
        var t = Tensor.Uniform([n, 1], g, 0, _problem.Horizon - _options.MinimumTimeToHorizon, dtype);
        var x = _domain.Sample(n, g, dtype);
        return (t, x);
    }

    private Tensor PdeLoss(Philox g, DType dtype)
    {
        var n = _options.CollocationBatch;
        var (t, x) = Collocation(n, g, dtype);
        if (_sampler is { PoolCount: > 0 } s && s.Options.BatchFraction > 0)
        {
            var m = (int)Math.Round(n * s.Options.BatchFraction);
            if (m > 0)
            {
                var (tp, xp) = s.Draw(m, g);
                t = Tensor.Concat([t.Slice(0, 0, n - m), tp], 0);
                x = Tensor.Concat([x.Slice(0, 0, n - m), xp], 0);
            }
        }

        var r = WeightedResidual(t, x, createGraph: true);
        return r.Square().Mean();
    }

    private Tensor WeightedResidual(Tensor t, Tensor x, bool createGraph)
    {
        var d = _hjb.DerivativesOf(_net, t, x, createGraph);
        var r = _hjb.Residual(d, Preferences(t.Size(0), t.DType));
        var p = _options.ResidualTimeWeightPower;
        if (p > 0)
        {
            var w = (_problem.Horizon - d.Time.Detach()) / _problem.Horizon;
            r = r * (p == 1 ? w : w.Pow(p));
        }

        return r;
    }

    private void RefreshPool(Philox g)
    {
        var n = _sampler!.Options.Candidates;
        var (t, x) = Collocation(n, g, _net.DType);
        _sampler.Refresh(t, x, (tc, xc) => WeightedResidual(tc, xc, createGraph: false));
    }

    private Tensor BoundaryLoss(Philox g, DType dtype)
    {
        var n = Math.Max(1, _options.CollocationBatch / 4);
        Tensor? sum = null;
        foreach (var c in _constraints)
        {
            var (t, x) = Collocation(n, g, dtype);
            var loss = c.Penalty(_net.Value(t, c.Project(x)));
            sum = sum is null ? loss : sum + loss;
        }

        return _constraints.Count == 1 ? sum! : sum! / _constraints.Count;
    }

    private Tensor TerminalLoss(Philox g, DType dtype)
    {
        var n = _options.Terminal.BatchSize;
        var x = _domain.Sample(n, g, dtype);
        foreach (var (c, value) in _options.Terminal.Pinned)
        {
            x = new HyperplaneConstraint(c, value, ConstraintKind.Equal).Project(x);
        }

        var t = Tensor.Full([n, 1], _problem.Horizon, dtype);
        var target = _options.Terminal.Target is { } f ? f(x) : _problem.Cost.TerminalCost(x, Preferences(n, dtype));
        return (_net.Value(t, x) - target).Square().Mean();
    }

    private Tensor SymmetryLoss(Philox g, DType dtype)
    {
        var n = Math.Max(1, _options.CollocationBatch / 4);
        var (t, x) = Collocation(n, g, dtype);
        return (_net.Value(t, x) - _net.Value(t, _problem.Symmetry!.Apply(x))).Square().Mean();
    }

    private PreferenceBatch? Preferences(int n, DType dtype)
    {
        if (_stage.Preferences.Count == 0)
        {
            return null;
        }

        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, v) in _stage.Preferences)
        {
            values[name] = Tensor.Full([n, 1], v, dtype);
        }

        return new PreferenceBatch(values);
    }
}
