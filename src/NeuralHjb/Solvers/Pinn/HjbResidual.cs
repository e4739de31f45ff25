using NeuralHjb.Autodiff;
using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// The HJB residual machinery every residual-based solver shares: V, ∂V/∂t, ∇V and the needed
/// entries of ∇²V from a value function by automatic differentiation (differentiable with respect to
/// its parameters), the generator 𝓛ᵘV = V_t + H(t, x, u, ∇V, ∇²V) under a given control (what policy
/// evaluation needs) and the HJB residual V_t + min_u H (with the problem's closed-form minimiser).
/// </summary>
/// <example>
/// <code>
/// var hjb = new HjbResidual(problem);
/// var d = hjb.Derivatives(net.Value, t, x);
/// var r = hjb.Residual(d);                // V_t + H(u*) — zero for the true value function
/// var rPolicy = hjb.Generator(d, u);      // V_t + H(u)  — policy evaluation
/// </code>
/// </example>
public sealed class HjbResidual
{
    private readonly bool _diagonal;
    private readonly int[] _rows;

    /// <summary>Creates the residual for a problem.</summary>
    /// <param name="problem">The control problem.</param>
    /// <param name="entries">Which Hessian entries to compute (see <see cref="SecondOrderEntries"/>).</param>
    public HjbResidual(ControlProblem problem, SecondOrderEntries entries = SecondOrderEntries.Auto)
    {
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
        var d = problem.StateDimension;
        var all = Enumerable.Range(0, d).ToArray();
        var needsFull = problem.HamiltonianMinimizer?.NeedsHessian == true;
        switch (entries)
        {
            case SecondOrderEntries.Full:
                _rows = all;
                break;
            case SecondOrderEntries.Diagonal:
                _rows = all;
                _diagonal = true;
                break;
            case SecondOrderEntries.None:
                _rows = [];
                break;
            case SecondOrderEntries.Auto:
                (_rows, _diagonal) = needsFull ? (all, false) : Probe(problem);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(entries), entries, "unknown SecondOrderEntries.");
        }

        if (needsFull && (_diagonal || _rows.Length < d))
        {
            throw new ArgumentException("the problem's Hamiltonian minimiser reads the full Hessian: use SecondOrderEntries.Auto or Full.", nameof(entries));
        }

        Entries = entries;
    }

    /// <summary>Gets the problem.</summary>
    public ControlProblem Problem { get; }

    /// <summary>Gets the requested Hessian mode.</summary>
    public SecondOrderEntries Entries { get; }

    /// <summary>Gets the state coordinates whose Hessian rows are computed.</summary>
    public IReadOnlyList<int> SecondOrderCoordinates => _rows;

    /// <summary>Gets a value indicating whether only diagonal entries are formed.</summary>
    public bool DiagonalOnly => _diagonal;

    /// <summary>
    /// Evaluates V and its derivatives at (t, x). The inputs are copied into fresh leaves that require
    /// gradients, so any tensors may be passed (including ones computed elsewhere in a graph).
    /// </summary>
    /// <param name="value">V(t [batch, 1], x [batch, d]) → [batch, 1], e.g. <see cref="PinnValueNetwork.Value"/>.</param>
    /// <param name="t">Time [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="includeTime">Compute ∂V/∂t.</param>
    /// <param name="includeSecondOrder">Compute the Hessian entries.</param>
    /// <param name="createGraph">Keep the derivatives differentiable (true for training, false for evaluation).</param>
    /// <returns>The derivatives.</returns>
    public ValueDerivatives Derivatives(Func<Tensor, Tensor, Tensor> value, Tensor t, Tensor x, bool includeTime = true, bool includeSecondOrder = true, bool createGraph = true)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        EnsureGradEnabled();
        var tl = t.Detach().RequireGrad();
        var xl = x.Detach().RequireGrad();
        return DerivativesAt(value, tl, xl, includeTime, includeSecondOrder, createGraph);
    }

    /// <summary>
    /// As <see cref="Derivatives"/> for a <see cref="PinnValueNetwork"/>: when V is an affine function of its core MLP
    /// (<see cref="PinnValueNetwork.SupportsForwardDerivatives"/>) and at most the Hessian diagonal is needed, the
    /// derivatives come from one forward pass through the network (forward-mode automatic differentiation, the same
    /// values to rounding, tested against this path); otherwise from <see cref="Derivatives"/> on its Value.
    /// </summary>
    /// <param name="network">The value network.</param>
    /// <param name="t">Time [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="createGraph">Keep the derivatives differentiable (true for training, false for evaluation).</param>
    /// <returns>The derivatives, with the time derivative and the Hessian entries.</returns>
    internal ValueDerivatives DerivativesOf(PinnValueNetwork network, Tensor t, Tensor x, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!network.SupportsForwardDerivatives || !(_diagonal || _rows.Length == 0))
        {
            return Derivatives(network.Value, t, x, createGraph: createGraph);
        }

        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        EnsureGradEnabled();
        var tl = t.Detach().RequireGrad();
        var xl = x.Detach().RequireGrad();
        var (v, vt, gradient, hessian) = network.ForwardDerivatives(tl, xl, includeTime: true, _rows);
        if (!createGraph)
        {
            v = v.Detach();
            vt = vt?.Detach();
            gradient = gradient.Detach();
            hessian = hessian?.Detach();
        }

        return new ValueDerivatives(tl, xl, v, vt, gradient, hessian);
    }

    /// <summary>
    /// As <see cref="Derivatives"/> but differentiates at the given tensors themselves, which must require
    /// gradients: used inside rollouts, where x carries the graph of the earlier steps (back-propagation
    /// through time).
    /// </summary>
    /// <param name="value">V(t, x) → [batch, 1].</param>
    /// <param name="t">Time [batch, 1]; differentiated only when <paramref name="includeTime"/>.</param>
    /// <param name="x">State [batch, d] that requires gradients.</param>
    /// <param name="includeTime">Compute ∂V/∂t (t must then require gradients).</param>
    /// <param name="includeSecondOrder">Compute the Hessian entries.</param>
    /// <param name="createGraph">Keep the derivatives differentiable.</param>
    /// <returns>The derivatives.</returns>
    public ValueDerivatives DerivativesAt(Func<Tensor, Tensor, Tensor> value, Tensor t, Tensor x, bool includeTime, bool includeSecondOrder, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(x);
        EnsureGradEnabled();
        var v = value(t, x);
        var seed = Tensor.OnesLike(v);
        var keep = createGraph || (includeSecondOrder && _rows.Length > 0);
        Tensor? vt = null;
        Tensor gradient;
        if (includeTime)
        {
            var g = Autograd.Grad([v], [t, x], [seed], createGraph: keep, allowUnused: true);
            vt = g[0];
            gradient = g[1];
        }
        else
        {
            gradient = Autograd.Grad([v], [x], [seed], createGraph: keep, allowUnused: true)[0];
        }

        Tensor? hessian = null;
        if (includeSecondOrder && _rows.Length > 0)
        {
            hessian = SecondOrder(gradient, x, createGraph);
        }

        if (!createGraph)
        {
            v = v.Detach();
            vt = vt?.Detach();
            gradient = gradient.Detach();
            hessian = hessian?.Detach();
        }

        return new ValueDerivatives(t, x, v, vt, gradient, hessian);
    }

    /// <summary>u* from the problem's closed-form Hamiltonian minimiser.</summary>
    /// <param name="derivatives">The value derivatives.</param>
    /// <param name="preferences">Per-sample problem parameters, or null.</param>
    /// <returns>[batch, c].</returns>
    public Tensor OptimalControl(ValueDerivatives derivatives, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(derivatives);
        var hessian = Problem.HamiltonianMinimizer?.NeedsHessian == true ? derivatives.Hessian : null;
        return Problem.OptimalControl(derivatives.Time, derivatives.State, derivatives.Gradient, hessian, preferences);
    }

    /// <summary>The generator under a given control: V_t + b·∇V + ½ tr(σσᵀ∇²V) + f, [batch, 1].</summary>
    /// <param name="derivatives">The value derivatives (with the time derivative).</param>
    /// <param name="control">u [batch, c].</param>
    /// <param name="preferences">Per-sample problem parameters, or null.</param>
    /// <returns>[batch, 1]; zero for the value of the policy u (policy evaluation).</returns>
    public Tensor Generator(ValueDerivatives derivatives, Tensor control, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(derivatives);
        ArgumentNullException.ThrowIfNull(control);
        var vt = derivatives.TimeDerivative ?? throw new ArgumentException("the derivatives were computed without the time derivative.", nameof(derivatives));
        return vt + Problem.Hamiltonian(derivatives.Time, derivatives.State, control, derivatives.Gradient, derivatives.Hessian, preferences);
    }

    /// <summary>The HJB residual V_t + min_u H = V_t + H(u*), [batch, 1].</summary>
    /// <param name="derivatives">The value derivatives (with the time derivative).</param>
    /// <param name="preferences">Per-sample problem parameters, or null.</param>
    /// <returns>[batch, 1]; zero for the value function.</returns>
    public Tensor Residual(ValueDerivatives derivatives, PreferenceBatch? preferences = null)
        => Generator(derivatives, OptimalControl(derivatives, preferences), preferences);

    private Tensor SecondOrder(Tensor gradient, Tensor x, bool createGraph)
    {
        var d = Problem.StateDimension;
        var batch = x.Size(0);
        var rows = new Tensor?[d];
        for (var k = 0; k < _rows.Length; k++)
        {
            var i = _rows[k];
            var keep = createGraph || k < _rows.Length - 1;
            rows[i] = Autograd.Grad([gradient.Slice(1, i, 1)], [x], [Tensor.Ones([batch, 1], x.DType)], createGraph: createGraph, retainGraph: keep, allowUnused: true)[0];
        }

        if (_diagonal)
        {
            var columns = new Tensor[d];
            for (var i = 0; i < d; i++)
            {
                columns[i] = rows[i] is { } r ? r.Slice(1, i, 1) : Tensor.Zeros([batch, 1], x.DType);
            }

            return d == 1 ? columns[0] : Tensor.Concat(columns, 1);
        }

        var full = new Tensor[d];
        for (var i = 0; i < d; i++)
        {
            full[i] = rows[i] ?? Tensor.Zeros([batch, d], x.DType);
        }

        return Tensor.Stack(full, 1);
    }

    private static (int[] Rows, bool Diagonal) Probe(ControlProblem problem)
    {
        // σ may depend on the state and the control: probe it at random states with zero and random controls.
        var d = problem.StateDimension;
        var c = problem.ControlDimension;
        var g = new Philox(0x5eed, 0x9e37);
        const int n = 64;
        var x = problem.Domain.Sample(n, g, DType.Float64);
        var t = Tensor.Uniform([n, 1], g, 0, problem.Horizon, DType.Float64);
        var noisy = new bool[d];
        var diagonal = true;
        foreach (var u in new[] { Tensor.Zeros([n, c], DType.Float64), Tensor.Normal([n, c], g, 0, 1, DType.Float64) })
        {
            Tensor sigma;
            using (Autograd.NoGrad())
            {
                sigma = problem.Dynamics.Diffusion(t, x, u);
            }

            if (problem.Dynamics.DiffusionForm == DiffusionForm.Diagonal)
            {
                var s = sigma.ToDoubleArray();
                for (var k = 0; k < s.Length; k++)
                {
                    noisy[k % d] |= s[k] != 0;
                }

                continue;
            }

            var m = sigma.Size(2);
            var values = sigma.Contiguous().ToDoubleArray();
            for (var b = 0; b < n; b++)
            {
                for (var j = 0; j < m; j++)
                {
                    var moved = 0;
                    for (var i = 0; i < d; i++)
                    {
                        if (values[(((b * d) + i) * m) + j] != 0)
                        {
                            noisy[i] = true;
                            moved++;
                        }
                    }

                    diagonal &= moved <= 1;
                }
            }
        }

        var rows = new List<int>();
        for (var i = 0; i < d; i++)
        {
            if (noisy[i])
            {
                rows.Add(i);
            }
        }

        return ([.. rows], diagonal);
    }

    private static void EnsureGradEnabled()
    {
        if (!Autograd.IsGradEnabled)
        {
            throw new InvalidOperationException("value derivatives are computed by automatic differentiation: call this outside Autograd.NoGrad().");
        }
    }
}
