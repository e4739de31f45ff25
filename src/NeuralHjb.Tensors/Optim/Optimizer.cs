using System.Globalization;
using System.Numerics;
using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Optim;

/// <summary>
/// Base class of the optimisers: holds the parameter groups, the learning rate that schedules drive,
/// lazily allocated per-parameter state, and the checkpointable state dictionary.
/// </summary>
/// <remarks>
/// <para>A parameter is a leaf <see cref="Tensor"/> with <see cref="Tensor.RequiresGrad"/> set, contiguous,
/// float32 or float64. After <c>loss.Backward()</c> its gradient is read from <see cref="Tensor.Grad"/>;
/// <see cref="Step"/> updates the parameter's storage in place (one fused SIMD pass per parameter, no
/// graph recording, no allocation after the first step) and skips parameters whose gradient is null.</para>
/// <para>Non-finite gradients are never repaired: a NaN or infinite gradient makes the affected parameter
/// entries non-finite, so a trainer's NaN guard sees it.</para>
/// </remarks>
public abstract class Optimizer
{
    private readonly ParameterGroup[] _groups;
    private readonly Tensor[] _parameters;
    private readonly int[] _groupOf;
    private readonly ParameterState?[] _states;
    private double _learningRate;

    /// <summary>Builds an optimiser over one group of parameters.</summary>
    /// <param name="parameters">Leaf tensors requiring gradients; non-empty, no duplicates.</param>
    /// <param name="learningRate">Learning rate (finite, &gt; 0).</param>
    /// <param name="weightDecay">Weight decay (finite, ≥ 0).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    /// <exception cref="ArgumentException">The list is empty, or an entry is null, not a leaf, does not require gradients, is not contiguous, or appears twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    protected Optimizer(IReadOnlyList<Tensor> parameters, double learningRate, double weightDecay)
        : this(SingleGroup(parameters), learningRate, weightDecay)
    {
    }

    /// <summary>Builds an optimiser over several parameter groups.</summary>
    /// <param name="groups">Groups; each may override the learning rate and weight decay.</param>
    /// <param name="learningRate">Default learning rate (finite, &gt; 0).</param>
    /// <param name="weightDecay">Default weight decay (finite, ≥ 0).</param>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> is null.</exception>
    /// <exception cref="ArgumentException">No parameters at all, an empty group, or an invalid or duplicated parameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A hyperparameter is out of range.</exception>
    protected Optimizer(IReadOnlyList<ParameterGroup> groups, double learningRate, double weightDecay)
    {
        ArgumentNullException.ThrowIfNull(groups);
        OptimizerChecks.LearningRate(learningRate, nameof(learningRate));
        OptimizerChecks.WeightDecay(weightDecay, nameof(weightDecay));
        if (groups.Count == 0)
        {
            throw new ArgumentException("An optimiser needs at least one parameter group.", nameof(groups));
        }

        _learningRate = learningRate;
        _groups = new ParameterGroup[groups.Count];
        var all = new List<Tensor>();
        var groupOf = new List<int>();
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        for (var g = 0; g < groups.Count; g++)
        {
            var spec = groups[g] ?? throw new ArgumentException($"groups[{g}] is null.", nameof(groups));
            if (spec.Parameters.Count == 0)
            {
                throw new ArgumentException(groups.Count == 1 ? "The parameter list is empty: an optimiser needs at least one parameter." : $"Parameter group {g} is empty.", groups.Count == 1 ? "parameters" : nameof(groups));
            }

            for (var i = 0; i < spec.Parameters.Count; i++)
            {
                var p = spec.Parameters[i];
                var where = groups.Count == 1 ? $"parameters[{i}]" : $"groups[{g}].Parameters[{i}]";
                var paramName = groups.Count == 1 ? "parameters" : nameof(groups);
                if (p is null)
                {
                    throw new ArgumentException($"{where} is null.", paramName);
                }

                if (!p.IsLeaf)
                {
                    throw new ArgumentException($"{where} is not a leaf tensor (it was produced by op '{p.GradFnName}'): optimisers update leaves; pass the tensor you created, or Detach().RequireGrad() a copy.", paramName);
                }

                if (!p.RequiresGrad)
                {
                    throw new ArgumentException($"{where} does not require gradients: set RequiresGrad = true on parameters.", paramName);
                }

                if (!p.IsContiguous)
                {
                    throw new ArgumentException($"{where} is a non-contiguous view: optimisers update contiguous storage; use Contiguous().Detach().RequireGrad().", paramName);
                }

                if (!seen.Add(p))
                {
                    throw new ArgumentException($"{where} appears more than once in the optimiser's parameters.", paramName);
                }

                all.Add(p);
                groupOf.Add(g);
            }

            var lr = spec.HasLearningRate ? spec.LearningRate : learningRate;
            var copy = new ParameterGroup(spec.Parameters, lr, spec.HasWeightDecay ? spec.WeightDecay : weightDecay)
            {
                LearningRateRatio = lr / learningRate,
            };
            _groups[g] = copy;
        }

        _parameters = all.ToArray();
        _groupOf = groupOf.ToArray();
        _states = new ParameterState?[_parameters.Length];
    }

    /// <summary>The parameter groups (the optimiser's own copies; their rates may be changed).</summary>
    public IReadOnlyList<ParameterGroup> Groups => _groups;

    /// <summary>All parameters, group by group, in order; index <c>i</c> here is the <c>i</c> of the state keys.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>
    /// The optimiser's learning rate. Setting it (schedulers do, every step) sets every group's rate to
    /// <c>value · (group rate / optimiser rate at construction)</c>: a group without its own rate gets
    /// <c>value</c> exactly.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, infinite or NaN value (0 is allowed).</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            OptimizerChecks.ScheduledLearningRate(value, nameof(value));
            _learningRate = value;
            foreach (var g in _groups)
            {
                g.LearningRate = g.LearningRateRatio == 1.0 ? value : value * g.LearningRateRatio;
            }
        }
    }

    /// <summary>Number of completed <see cref="Step"/> calls (restored by <see cref="LoadStateDict"/>).</summary>
    public long StepCount { get; protected set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public abstract void Step();

    /// <summary>Clears the gradients: sets <see cref="Tensor.Grad"/> of every parameter to null.</summary>
    public void ZeroGrad() => ZeroGrad(setToNone: true);

    /// <summary>
    /// Clears the gradients. With <paramref name="setToNone"/> (the default of <see cref="ZeroGrad()"/>) every
    /// parameter's <see cref="Tensor.Grad"/> becomes null, and the next backward pass gives each parameter a new
    /// gradient tensor. Without it, each existing gradient tensor is filled with zeros in place and kept: the next
    /// backward pass writes the new gradient into that same tensor (later passes add to it), so training allocates
    /// no gradient memory after the first step (PyTorch's <c>zero_grad(set_to_none=False)</c>). The values are the
    /// same either way; but a gradient tensor the caller kept from an earlier step then changes with later steps.
    /// A gradient that is a view or has a graph is set to null instead, and one the caller assigns after the
    /// zeroing is accumulated into as by default (a new tensor). A parameter the next pass does not reach keeps a
    /// zero gradient (and <see cref="Step"/> updates it with that, as PyTorch does), where the default leaves it out.
    /// </summary>
    /// <param name="setToNone">True to drop the gradients, false to zero them in place and reuse them.</param>
    public void ZeroGrad(bool setToNone)
    {
        foreach (var p in _parameters)
        {
            if (setToNone || !ReusedGradient.Zero(p))
            {
                p.ZeroedGrad = null;
                p.Grad = null;
            }
        }
    }

    /// <summary>
    /// Names of the per-parameter state buffers (shaped like the parameter), e.g. <c>exp_avg</c>.
    /// </summary>
    private protected abstract string[] BufferNames { get; }

    private protected int GroupIndexOf(int parameterIndex) => _groupOf[parameterIndex];

    private protected ParameterGroup GroupOf(int parameterIndex) => _groups[_groupOf[parameterIndex]];

    /// <summary>The state of parameter <paramref name="index"/>, allocated on first use.</summary>
    private protected ParameterState State(int index)
        => _states[index] ??= new ParameterState(_parameters[index], BufferNames.Length);

    /// <summary>
    /// The gradient of parameter <paramref name="index"/> as a dense span, or false when it has none.
    /// A non-contiguous gradient (a broadcast view) is copied into a scratch buffer allocated once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The gradient's shape or dtype differs from the parameter's.</exception>
    private protected ReadOnlySpan<T> GradientSpan<T>(int index, ParameterState state)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = _parameters[index];
        var g = p.Grad!;
        if (g.DType != p.DType || !g.Shape.SequenceEqual(p.Shape))
        {
            throw new InvalidOperationException(
                $"The gradient of parameter {index} has shape {ShapeMath.Format(g.Shape)} {g.DType} but the parameter has {ShapeMath.Format(p.Shape)} {p.DType}.");
        }

        if (g.IsContiguous)
        {
            return g.Span<T>();
        }

        var scratch = (T[]?)state.GradScratch;
        if (scratch is null)
        {
            scratch = new T[p.Count];
            state.GradScratch = scratch;
        }

        StridedCopy.Copy(g.Array<T>(), g.Offset, g.ShapeRef, g.StridesRef, scratch.AsSpan());
        return scratch;
    }

    /// <summary>
    /// Exports the optimiser's state as named tensors (deep copies): <c>lr</c>, <c>step</c>,
    /// <c>group.{g}.lr</c>, <c>group.{g}.weight_decay</c> (float64 scalars); for every parameter
    /// <c>i</c> that has state, <c>param.{i}.step</c> (float64 scalar) and <c>param.{i}.{buffer}</c>
    /// (shaped and typed like the parameter); plus optimiser-specific entries. Suitable for safetensors.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            ["lr"] = Tensor.Scalar(_learningRate, DType.Float64),
            ["step"] = Tensor.Scalar(StepCount, DType.Float64),
        };
        for (var g = 0; g < _groups.Length; g++)
        {
            d[GroupKey(g, "lr")] = Tensor.Scalar(_groups[g].LearningRate, DType.Float64);
            d[GroupKey(g, "weight_decay")] = Tensor.Scalar(_groups[g].WeightDecay, DType.Float64);
        }

        var names = BufferNames;
        for (var i = 0; i < _states.Length; i++)
        {
            if (_states[i] is not { } s)
            {
                continue;
            }

            d[ParamKey(i, "step")] = Tensor.Scalar(s.Step, DType.Float64);
            for (var b = 0; b < names.Length; b++)
            {
                d[ParamKey(i, names[b])] = s.Buffers[b].Clone();
            }
        }

        WriteExtraState(d);
        return d;
    }

    /// <summary>
    /// Restores state exported by <see cref="StateDict"/> from an optimiser of the same type and
    /// configuration over parameters of the same shapes, so that training continues bit-identically.
    /// Everything is validated before anything changes.
    /// </summary>
    /// <param name="state">The exported entries.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="InvalidDataException">Keys are missing or unexpected, a buffer's shape differs from its
    /// parameter's, a scalar is not a one-element tensor, or a value is invalid (negative step, bad rate).</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var errors = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);

        double ReadScalar(string key, bool integer, bool allowNegative = false)
        {
            known.Add(key);
            if (!state.TryGetValue(key, out var t) || t is null)
            {
                errors.Add($"missing key '{key}'");
                return 0;
            }

            if (t.Count != 1)
            {
                errors.Add($"'{key}' must be a one-element tensor but has shape {ShapeMath.Format(t.Shape)}");
                return 0;
            }

            var v = t.Item();
            if (!double.IsFinite(v) || (!allowNegative && v < 0) || (integer && v != Math.Floor(v)))
            {
                errors.Add($"'{key}' holds {v.ToString(CultureInfo.InvariantCulture)}, not a valid {(integer ? "count" : "value")}");
            }

            return v;
        }

        var lr = ReadScalar("lr", integer: false);
        var step = ReadScalar("step", integer: true);
        var groupLr = new double[_groups.Length];
        var groupWd = new double[_groups.Length];
        for (var g = 0; g < _groups.Length; g++)
        {
            groupLr[g] = ReadScalar(GroupKey(g, "lr"), integer: false);
            groupWd[g] = ReadScalar(GroupKey(g, "weight_decay"), integer: false);
        }

        var names = BufferNames;
        var present = new bool[_parameters.Length];
        var steps = new long[_parameters.Length];
        for (var i = 0; i < _parameters.Length; i++)
        {
            var stepKey = ParamKey(i, "step");
            var any = state.ContainsKey(stepKey);
            foreach (var n in names)
            {
                any |= state.ContainsKey(ParamKey(i, n));
            }

            if (!any)
            {
                known.Add(stepKey);
                continue;
            }

            present[i] = true;
            steps[i] = (long)ReadScalar(stepKey, integer: true);
            foreach (var n in names)
            {
                var key = ParamKey(i, n);
                known.Add(key);
                if (!state.TryGetValue(key, out var t) || t is null)
                {
                    errors.Add($"missing key '{key}'");
                }
                else if (!t.Shape.SequenceEqual(_parameters[i].Shape))
                {
                    errors.Add($"'{key}' has shape {ShapeMath.Format(t.Shape)} but parameter {i} has shape {ShapeMath.Format(_parameters[i].Shape)}");
                }
            }
        }

        var applyExtra = ReadExtraState(state, known, errors);
        foreach (var key in state.Keys)
        {
            if (!known.Contains(key))
            {
                errors.Add($"unexpected key '{key}'");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{GetType().Name}.LoadStateDict: the state does not fit this optimiser: " + string.Join("; ", errors) + ".");
        }

        _learningRate = lr;
        StepCount = (long)step;
        for (var g = 0; g < _groups.Length; g++)
        {
            _groups[g].LearningRate = groupLr[g];
            _groups[g].WeightDecay = groupWd[g];
        }

        for (var i = 0; i < _parameters.Length; i++)
        {
            if (!present[i])
            {
                _states[i] = null;
                continue;
            }

            var s = new ParameterState(_parameters[i], names.Length) { Step = steps[i] };
            for (var b = 0; b < names.Length; b++)
            {
                s.Buffers[b].CopyFrom(state[ParamKey(i, names[b])]);
            }

            _states[i] = s;
        }

        applyExtra?.Invoke();
    }

    /// <summary>Adds optimiser-specific entries to an exported state dictionary.</summary>
    /// <param name="state">The dictionary being built.</param>
    private protected virtual void WriteExtraState(Dictionary<string, Tensor> state)
    {
    }

    /// <summary>
    /// Validates optimiser-specific entries: adds every key it consumes to <paramref name="known"/> and
    /// every problem to <paramref name="errors"/>; returns the action that applies them (run only when
    /// there are no errors), or null.
    /// </summary>
    private protected virtual Action? ReadExtraState(IReadOnlyDictionary<string, Tensor> state, HashSet<string> known, List<string> errors) => null;

    private static string GroupKey(int g, string name) => string.Create(CultureInfo.InvariantCulture, $"group.{g}.{name}");

    private static string ParamKey(int i, string name) => string.Create(CultureInfo.InvariantCulture, $"param.{i}.{name}");

    private static ParameterGroup[] SingleGroup(IReadOnlyList<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return [new ParameterGroup(parameters)];
    }
}
