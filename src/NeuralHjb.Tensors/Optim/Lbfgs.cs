using System.Numerics.Tensors;
using NeuralHjb.Tensors;
using Tensor = NeuralHjb.Tensors.Tensor;

namespace NeuralHjb.Optim;

/// <summary>
/// Limited-memory BFGS over all parameters as one flat vector, following PyTorch's
/// <c>torch.optim.LBFGS</c>: each <see cref="Step(Func{Tensor})"/> runs up to
/// <see cref="MaxIterations"/> quasi-Newton iterations, re-evaluating the loss and gradients through a
/// closure. Work vectors are float64 whatever the parameters' dtype.
/// </summary>
/// <remarks>
/// <para>With flat gradient g, history pairs (sᵢ = Δθ, yᵢ = Δg, ρᵢ = 1/(yᵢ·sᵢ)), kept only when
/// y·s &gt; 1e-10, oldest dropped beyond <see cref="HistorySize"/>, and H₀ = (y·s)/(y·y) of the newest pair:</para>
/// <code>
/// d = −g                                        (very first iteration; H₀ = 1)
/// q = −g;  for i newest→oldest: αᵢ = ρᵢ·(sᵢ·q);  q ← q − αᵢ·yᵢ
/// d = H₀·q; for i oldest→newest: βᵢ = ρᵢ·(yᵢ·d);  d ← d + (αᵢ − βᵢ)·sᵢ
/// t = min(1, 1/‖g‖₁)·lr on the very first iteration, else lr   (the line search's start)
/// θ ← θ + t·d                                   (t from the strong-Wolfe search when enabled)
/// </code>
/// <para>An iteration stops the step when g·d &gt; −toleranceChange (before moving). After moving, the
/// step ends when the iteration or evaluation budget is spent, ‖g‖∞ ≤ toleranceGrad, ‖t·d‖∞ ≤
/// toleranceChange, or |Δloss| &lt; toleranceChange. The step also returns at once when the first
/// evaluation already has ‖g‖∞ ≤ toleranceGrad. A parameter without a gradient counts as zero gradient.
/// History and direction persist across calls, as in PyTorch.</para>
/// </remarks>
public sealed class Lbfgs : Optimizer
{
    private readonly int _n;
    private double[]? _d;
    private double[]? _prevFlatGrad;
    private double[][]? _oldDirs;
    private double[][]? _oldSteps;
    private double[]? _ro;
    private double[]? _al;
    private double[]? _yScratch;
    private double[]? _sScratch;
    private int _historyStart;
    private int _historyCount;
    private double _t;
    private double _hDiag = 1;
    private double _prevLoss;

    /// <summary>Creates L-BFGS over the parameters (one group, no weight decay).</summary>
    /// <param name="parameters">Leaf tensors requiring gradients (non-empty, no duplicates).</param>
    /// <param name="learningRate">Step scale lr, finite and &gt; 0 (1 is the usual choice).</param>
    /// <param name="maxIterations">Iterations per <see cref="Step(Func{Tensor})"/> call (≥ 1).</param>
    /// <param name="maxEvaluations">Closure evaluations per call; null for maxIterations·5/4 (integer division).</param>
    /// <param name="toleranceGrad">Stop when the largest gradient magnitude is at most this (≥ 0).</param>
    /// <param name="toleranceChange">Stop when the step or loss change is below this (≥ 0).</param>
    /// <param name="historySize">Number of (s, y) pairs kept (≥ 1).</param>
    /// <param name="lineSearch">Fixed steps or a strong-Wolfe line search.</param>
    /// <param name="wolfeC1">Sufficient-decrease constant c1 of the strong-Wolfe search (PyTorch: 1e-4).</param>
    /// <param name="wolfeC2">Curvature constant c2 of the strong-Wolfe search, c1 &lt; c2 &lt; 1 (PyTorch: 0.9);
    /// a tiny c2 makes the search nearly exact.</param>
    /// <exception cref="ArgumentException">Invalid parameter list.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Lbfgs(
        IReadOnlyList<Tensor> parameters,
        double learningRate = 1,
        int maxIterations = 20,
        int? maxEvaluations = null,
        double toleranceGrad = 1e-7,
        double toleranceChange = 1e-9,
        int historySize = 100,
        LbfgsLineSearch lineSearch = LbfgsLineSearch.None,
        double wolfeC1 = 1e-4,
        double wolfeC2 = 0.9)
        : base(parameters, learningRate, 0)
    {
        if (!(wolfeC1 > 0 && wolfeC1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(wolfeC1), wolfeC1, "wolfeC1 must lie in (0, 1).");
        }

        if (!(wolfeC2 > wolfeC1 && wolfeC2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(wolfeC2), wolfeC2, "wolfeC2 must lie in (wolfeC1, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 1);
        OptimizerChecks.NonNegative(toleranceGrad, nameof(toleranceGrad));
        OptimizerChecks.NonNegative(toleranceChange, nameof(toleranceChange));
        if (maxEvaluations is { } me)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(me, 1, nameof(maxEvaluations));
        }

        if (!Enum.IsDefined(lineSearch))
        {
            throw new ArgumentOutOfRangeException(nameof(lineSearch), lineSearch, "Unknown line search.");
        }

        MaxIterations = maxIterations;
        MaxEvaluations = maxEvaluations ?? (maxIterations * 5 / 4);
        ToleranceGrad = toleranceGrad;
        ToleranceChange = toleranceChange;
        HistorySize = historySize;
        LineSearch = lineSearch;
        WolfeC1 = wolfeC1;
        WolfeC2 = wolfeC2;
        foreach (var p in Parameters)
        {
            _n += p.Count;
        }
    }

    /// <summary>Maximum iterations per step.</summary>
    public int MaxIterations { get; }

    /// <summary>Maximum closure evaluations per step.</summary>
    public int MaxEvaluations { get; }

    /// <summary>Gradient tolerance (on the largest magnitude).</summary>
    public double ToleranceGrad { get; }

    /// <summary>Tolerance on the step and on the change of the loss.</summary>
    public double ToleranceChange { get; }

    /// <summary>Number of (s, y) pairs kept.</summary>
    public int HistorySize { get; }

    /// <summary>The line search in use.</summary>
    public LbfgsLineSearch LineSearch { get; }

    /// <summary>Sufficient-decrease constant of the strong-Wolfe search.</summary>
    public double WolfeC1 { get; }

    /// <summary>Curvature constant of the strong-Wolfe search.</summary>
    public double WolfeC2 { get; }

    /// <summary>Total quasi-Newton iterations so far (PyTorch's <c>n_iter</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>Total closure evaluations so far (PyTorch's <c>func_evals</c>).</summary>
    public long FunctionEvaluations { get; private set; }

    private protected override string[] BufferNames => [];

    /// <summary>Not available: L-BFGS re-evaluates the loss, so call <see cref="Step(Func{Tensor})"/>.</summary>
    /// <exception cref="InvalidOperationException">Always.</exception>
    public override void Step()
        => throw new InvalidOperationException("L-BFGS needs a closure that re-evaluates the loss and its gradients: call Step(closure).");

    /// <summary>Runs up to <see cref="MaxIterations"/> L-BFGS iterations.</summary>
    /// <param name="closure">Zeroes the gradients, computes the loss, calls <c>Backward()</c> and returns the loss
    /// (a one-element tensor). It is called with gradient recording as the caller has it.</param>
    /// <returns>The loss of the first evaluation (before this step moved the parameters).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="closure"/> is null.</exception>
    public double Step(Func<Tensor> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        var lr = Groups[0].LearningRate;
        var origLoss = Evaluate(closure);
        var loss = origLoss;
        var currentEvals = 1;
        FunctionEvaluations++;
        var flatGrad = GatherFlatGrad();
        if (MaxAbs(flatGrad) <= ToleranceGrad)
        {
            StepCount++;
            return origLoss;
        }

        _d ??= new double[_n];
        _prevFlatGrad ??= new double[_n];
        var d = _d;
        var nIter = 0;
        while (nIter < MaxIterations)
        {
            nIter++;
            Iterations++;
            if (Iterations == 1)
            {
                TensorPrimitives.Negate<double>(flatGrad, d);
                _historyCount = 0;
                _historyStart = 0;
                _hDiag = 1;
            }
            else
            {
                UpdateHistory(flatGrad);
                ComputeDirection(flatGrad);
            }

            flatGrad.CopyTo(_prevFlatGrad, 0);
            _prevLoss = loss;

            _t = Iterations == 1 ? Math.Min(1.0, 1.0 / TensorPrimitives.SumOfMagnitudes<double>(flatGrad)) * lr : lr;
            var gtd = TensorPrimitives.Dot<double>(flatGrad, d);
            if (gtd > -ToleranceChange)
            {
                break;
            }

            var lsEvals = 0;
            bool optCond;
            if (LineSearch == LbfgsLineSearch.StrongWolfe)
            {
                var xInit = CloneParams();
                double Objective(double step, out double[] g)
                {
                    AddToParams(step, d);
                    var f = Evaluate(closure);
                    g = GatherFlatGrad();
                    SetParams(xInit);
                    return f;
                }

                (loss, flatGrad, _t, lsEvals) = StrongWolfe.Search(Objective, _t, d, loss, flatGrad, gtd, c1: WolfeC1, c2: WolfeC2, toleranceChange: 1e-9);
                AddToParams(_t, d);
                optCond = MaxAbs(flatGrad) <= ToleranceGrad;
            }
            else
            {
                AddToParams(_t, d);
                optCond = false;
                if (nIter != MaxIterations)
                {
                    loss = Evaluate(closure);
                    flatGrad = GatherFlatGrad();
                    optCond = MaxAbs(flatGrad) <= ToleranceGrad;
                    lsEvals = 1;
                }
            }

            currentEvals += lsEvals;
            FunctionEvaluations += lsEvals;
            if (nIter == MaxIterations || currentEvals >= MaxEvaluations || optCond)
            {
                break;
            }

            if (Math.Abs(TensorPrimitives.MaxMagnitude<double>(d)) * Math.Abs(_t) <= ToleranceChange)
            {
                break;
            }

            if (Math.Abs(loss - _prevLoss) < ToleranceChange)
            {
                break;
            }
        }

        StepCount++;
        return origLoss;
    }

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude<double>(v));

    private static double Evaluate(Func<Tensor> closure)
    {
        var t = closure() ?? throw new InvalidOperationException("The L-BFGS closure returned null instead of the loss.");
        return t.Item();
    }

    /// <summary>y = g − g_prev, s = t·d; keep the pair when y·s &gt; 1e-10 and refresh H₀.</summary>
    private void UpdateHistory(double[] flatGrad)
    {
        _oldDirs ??= new double[HistorySize][];
        _oldSteps ??= new double[HistorySize][];
        _ro ??= new double[HistorySize];
        var y = _yScratch ??= new double[_n];
        var s = _sScratch ??= new double[_n];
        TensorPrimitives.Subtract<double>(flatGrad, _prevFlatGrad!, y);
        TensorPrimitives.Multiply<double>(_d!, _t, s);
        var ys = TensorPrimitives.Dot<double>(y, s);
        if (!(ys > 1e-10))
        {
            return;
        }

        int slot;
        if (_historyCount == HistorySize)
        {
            slot = _historyStart;
            _historyStart = (_historyStart + 1) % HistorySize;
        }
        else
        {
            slot = (_historyStart + _historyCount) % HistorySize;
            _historyCount++;
        }

        // Swap the scratch vectors into the slot; the evicted vectors become the next scratch.
        (_oldDirs[slot], _yScratch) = (y, _oldDirs[slot]);
        (_oldSteps[slot], _sScratch) = (s, _oldSteps[slot]);
        _ro[slot] = 1.0 / ys;
        _hDiag = ys / TensorPrimitives.Dot<double>(y, y);
    }

    /// <summary>Two-loop recursion: d = −H·g.</summary>
    private void ComputeDirection(double[] flatGrad)
    {
        var d = _d!;
        var al = _al ??= new double[HistorySize];
        var q = d; // q is built in place in d, then scaled by H₀.
        TensorPrimitives.Negate<double>(flatGrad, q);
        for (var j = _historyCount - 1; j >= 0; j--)
        {
            var k = (_historyStart + j) % HistorySize;
            al[j] = TensorPrimitives.Dot<double>(_oldSteps![k], q) * _ro![k];
            Axpy(-al[j], _oldDirs![k], q);
        }

        TensorPrimitives.Multiply<double>(q, _hDiag, d);
        for (var j = 0; j < _historyCount; j++)
        {
            var k = (_historyStart + j) % HistorySize;
            var be = TensorPrimitives.Dot<double>(_oldDirs![k], d) * _ro![k];
            Axpy(al[j] - be, _oldSteps![k], d);
        }
    }

    /// <summary>y ← y + a·x.</summary>
    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private double[] GatherFlatGrad()
    {
        var flat = new double[_n];
        var offset = 0;
        foreach (var p in Parameters)
        {
            var dst = flat.AsSpan(offset, p.Count);
            if (p.Grad is { } g)
            {
                if (!g.Shape.SequenceEqual(p.Shape))
                {
                    throw new InvalidOperationException($"A gradient has shape {ShapeMath.Format(g.Shape)} but its parameter has {ShapeMath.Format(p.Shape)}.");
                }

                var dense = g.Dense();
                if (dense.DType == DType.Float64)
                {
                    dense.Span<double>().CopyTo(dst);
                }
                else
                {
                    Precision.Widen(dense.Span<float>(), dst);
                }
            }

            offset += p.Count;
        }

        return flat;
    }

    /// <summary>θ ← θ + t·d (in each parameter's dtype).</summary>
    private void AddToParams(double t, double[] d)
    {
        var offset = 0;
        foreach (var p in Parameters)
        {
            if (p.DType == DType.Float64)
            {
                var span = p.Span<double>();
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] += t * d[offset + i];
                }
            }
            else
            {
                var span = p.Span<float>();
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (float)(span[i] + (t * d[offset + i]));
                }
            }

            offset += p.Count;
        }
    }

    private double[] CloneParams()
    {
        var x = new double[_n];
        var offset = 0;
        foreach (var p in Parameters)
        {
            if (p.DType == DType.Float64)
            {
                p.Span<double>().CopyTo(x.AsSpan(offset));
            }
            else
            {
                Precision.Widen(p.Span<float>(), x.AsSpan(offset, p.Count));
            }

            offset += p.Count;
        }

        return x;
    }

    private void SetParams(double[] x)
    {
        var offset = 0;
        foreach (var p in Parameters)
        {
            if (p.DType == DType.Float64)
            {
                x.AsSpan(offset, p.Count).CopyTo(p.Span<double>());
            }
            else
            {
                Precision.Narrow(x.AsSpan(offset, p.Count), p.Span<float>());
            }

            offset += p.Count;
        }
    }

    private protected override void WriteExtraState(Dictionary<string, Tensor> state)
    {
        state["lbfgs.n_iter"] = Tensor.Scalar(Iterations, DType.Float64);
        state["lbfgs.func_evals"] = Tensor.Scalar(FunctionEvaluations, DType.Float64);
        if (Iterations == 0 || _d is null)
        {
            return;
        }

        state["lbfgs.d"] = Tensor.FromArray((double[])_d.Clone());
        state["lbfgs.prev_flat_grad"] = Tensor.FromArray((double[])_prevFlatGrad!.Clone());
        state["lbfgs.t"] = Tensor.Scalar(_t, DType.Float64);
        state["lbfgs.h_diag"] = Tensor.Scalar(_hDiag, DType.Float64);
        state["lbfgs.prev_loss"] = Tensor.Scalar(_prevLoss, DType.Float64);
        var k = _historyCount;
        var dirs = new double[k * _n];
        var steps = new double[k * _n];
        var ro = new double[k];
        for (var j = 0; j < k; j++)
        {
            var slot = (_historyStart + j) % HistorySize;
            _oldDirs![slot].CopyTo(dirs, j * _n);
            _oldSteps![slot].CopyTo(steps, j * _n);
            ro[j] = _ro![slot];
        }

        state["lbfgs.old_dirs"] = Tensor.FromArray(dirs, [k, _n]);
        state["lbfgs.old_stps"] = Tensor.FromArray(steps, [k, _n]);
        state["lbfgs.ro"] = Tensor.FromArray(ro, [k]);
    }

    private protected override Action? ReadExtraState(IReadOnlyDictionary<string, Tensor> state, HashSet<string> known, List<string> errors)
    {
        double Scalar(string key)
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

            return t.Item();
        }

        var nIter = Scalar("lbfgs.n_iter");
        var evals = Scalar("lbfgs.func_evals");
        if (!(nIter >= 0) || nIter != Math.Floor(nIter) || !(evals >= 0) || evals != Math.Floor(evals))
        {
            errors.Add("'lbfgs.n_iter' and 'lbfgs.func_evals' must be non-negative counts");
        }

        if (!(nIter > 0))
        {
            return () =>
            {
                Iterations = 0;
                FunctionEvaluations = (long)evals;
                _d = null;
                _prevFlatGrad = null;
                _historyCount = 0;
                _historyStart = 0;
                _hDiag = 1;
            };
        }

        var t = Scalar("lbfgs.t");
        var hDiag = Scalar("lbfgs.h_diag");
        var prevLoss = Scalar("lbfgs.prev_loss");
        Tensor? Vector(string key, int rows)
        {
            known.Add(key);
            if (!state.TryGetValue(key, out var v) || v is null)
            {
                errors.Add($"missing key '{key}'");
                return null;
            }

            var ok = rows < 0 ? v.Rank == 1 && v.Size(0) == _n : v.Rank == 2 && v.Size(1) == _n && v.Size(0) <= HistorySize;
            if (!ok)
            {
                errors.Add($"'{key}' has shape {ShapeMath.Format(v.Shape)}, which does not fit {_n} parameters and history size {HistorySize}");
                return null;
            }

            return v;
        }

        var d = Vector("lbfgs.d", -1);
        var prev = Vector("lbfgs.prev_flat_grad", -1);
        var dirs = Vector("lbfgs.old_dirs", 0);
        var steps = Vector("lbfgs.old_stps", 0);
        known.Add("lbfgs.ro");
        state.TryGetValue("lbfgs.ro", out var ro);
        var k = dirs?.Size(0) ?? 0;
        if (ro is null)
        {
            errors.Add("missing key 'lbfgs.ro'");
        }
        else if (ro.Rank != 1 || ro.Size(0) != k || (steps is not null && steps.Size(0) != k))
        {
            errors.Add("'lbfgs.old_dirs', 'lbfgs.old_stps' and 'lbfgs.ro' hold different numbers of history pairs");
        }

        return () =>
        {
            Iterations = (long)nIter;
            FunctionEvaluations = (long)evals;
            _d = d!.ToDoubleArray();
            _prevFlatGrad = prev!.ToDoubleArray();
            _t = t;
            _hDiag = hDiag;
            _prevLoss = prevLoss;
            _oldDirs = new double[HistorySize][];
            _oldSteps = new double[HistorySize][];
            _ro = new double[HistorySize];
            var allDirs = dirs!.ToDoubleArray();
            var allSteps = steps!.ToDoubleArray();
            var allRo = ro!.ToDoubleArray();
            for (var j = 0; j < k; j++)
            {
                _oldDirs[j] = allDirs.AsSpan(j * _n, _n).ToArray();
                _oldSteps[j] = allSteps.AsSpan(j * _n, _n).ToArray();
                _ro[j] = allRo[j];
            }

            _historyStart = 0;
            _historyCount = k;
        };
    }
}
