using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Control;

/// <summary>
/// A finite-horizon stochastic control problem: minimise E[∫₀ᵀ f(t, Xₜ, uₜ) dt + g(X_T)] subject to
/// the controlled SDE of <see cref="Dynamics"/>. Its value function solves the HJB equation
/// V_t + min_u H(t, x, u, ∇V, ∇²V) = 0, V(T, x) = g(x), with the Hamiltonian
/// H = b·∇V + ½ tr(σσᵀ ∇²V) + f (<see cref="Hamiltonian"/>). Every solver takes one of these.
/// </summary>
public class ControlProblem
{
    private static readonly PreferenceSpec[] NoPreferences = [];

    /// <summary>Assembles a problem from its parts.</summary>
    /// <param name="name">A short name (e.g. "gatheral-schied").</param>
    /// <param name="dynamics">The controlled SDE; it also carries the training domain.</param>
    /// <param name="cost">The cost to minimise.</param>
    /// <param name="horizon">T, positive.</param>
    /// <param name="hamiltonianMinimizer">A closed-form u*(t, x, ∇V, ∇²V), or null.</param>
    /// <param name="symmetry">A symmetry of the value function, or null.</param>
    /// <param name="preferences">Parameters that may be given per sample, or null for none.</param>
    /// <param name="controlBounds">Box constraints on the control, or null when unconstrained.</param>
    public ControlProblem(
        string name,
        IDynamics dynamics,
        ICost cost,
        double horizon,
        HamiltonianMinimizer? hamiltonianMinimizer = null,
        IValueSymmetry? symmetry = null,
        IReadOnlyList<PreferenceSpec>? preferences = null,
        ControlBounds? controlBounds = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Dynamics = dynamics ?? throw new ArgumentNullException(nameof(dynamics));
        Cost = cost ?? throw new ArgumentNullException(nameof(cost));
        Horizon = Guard.Positive(horizon, nameof(horizon));
        HamiltonianMinimizer = hamiltonianMinimizer;
        Symmetry = symmetry;
        Preferences = preferences is null ? NoPreferences : [.. preferences];
        if (controlBounds is not null && controlBounds.Low.Count != dynamics.ControlDimension)
        {
            throw new ArgumentException($"controlBounds has {controlBounds.Low.Count} coordinates but the control has {dynamics.ControlDimension}.", nameof(controlBounds));
        }

        ControlBounds = controlBounds;
    }

    /// <summary>Gets the problem's short name.</summary>
    public string Name { get; }

    /// <summary>Gets the controlled SDE.</summary>
    public IDynamics Dynamics { get; }

    /// <summary>Gets the cost to minimise.</summary>
    public ICost Cost { get; }

    /// <summary>Gets the horizon T.</summary>
    public double Horizon { get; }

    /// <summary>Gets the training domain (from <see cref="Dynamics"/>).</summary>
    public StateDomain Domain => Dynamics.Domain;

    /// <summary>Gets the closed-form Hamiltonian minimiser, or null.</summary>
    public HamiltonianMinimizer? HamiltonianMinimizer { get; }

    /// <summary>Gets the value-function symmetry, or null.</summary>
    public IValueSymmetry? Symmetry { get; }

    /// <summary>Gets the parameters that may be given per sample (empty when none).</summary>
    public IReadOnlyList<PreferenceSpec> Preferences { get; }

    /// <summary>Gets the box constraints on the control, or null.</summary>
    public ControlBounds? ControlBounds { get; }

    /// <summary>Gets d.</summary>
    public int StateDimension => Dynamics.StateDimension;

    /// <summary>Gets c.</summary>
    public int ControlDimension => Dynamics.ControlDimension;

    /// <summary>
    /// The Hamiltonian H(t, x, u, ∇V, ∇²V) = b(t, x, u)·∇V + ½ tr(σσᵀ(t, x, u) ∇²V) + f(t, x, u).
    /// </summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="u">Control [batch, c].</param>
    /// <param name="gradient">∇V [batch, d].</param>
    /// <param name="hessian">∇²V as [batch, d, d], or its diagonal [batch, d] (off-diagonal entries then taken as zero), or null to drop the second-order term.</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, 1].</returns>
    public Tensor Hamiltonian(Tensor t, Tensor x, Tensor u, Tensor gradient, Tensor? hessian, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        var h = (Dynamics.Drift(t, x, u, preferences) * gradient).Sum(1, keepDim: true) + Cost.RunningCost(t, x, u, preferences);
        return hessian is null ? h : h + SecondOrderTerm(t, x, u, hessian, preferences);
    }

    /// <summary>The second-order term ½ tr(σσᵀ(t, x, u) ∇²V).</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="u">Control [batch, c].</param>
    /// <param name="hessian">∇²V as [batch, d, d], or its diagonal [batch, d].</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, 1].</returns>
    public Tensor SecondOrderTerm(Tensor t, Tensor x, Tensor u, Tensor hessian, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        var d = StateDimension;
        var sigma = Dynamics.Diffusion(t, x, u, preferences);
        var diagonalSigma = Dynamics.DiffusionForm == DiffusionForm.Diagonal;
        if (hessian.Rank == 2)
        {
            // Diagonal Hessian: Σᵢ (σσᵀ)ᵢᵢ Hᵢᵢ.
            var variance = diagonalSigma ? sigma.Square() : sigma.Square().Sum(2);
            return (variance * hessian).Sum(1, keepDim: true) * 0.5;
        }

        if (hessian.Rank != 3 || hessian.Size(1) != d || hessian.Size(2) != d)
        {
            throw new ArgumentException($"hessian must be [batch, {d}, {d}] or [batch, {d}] (got {hessian}).", nameof(hessian));
        }

        if (diagonalSigma)
        {
            var diag = hessian.Contiguous().Reshape([hessian.Size(0), d * d]).Slice(1, 0, d, d + 1);
            return (sigma.Square() * diag).Sum(1, keepDim: true) * 0.5;
        }

        // tr(σσᵀH) = Σ_{i,k} (Hσ)_{ik} σ_{ik}.
        return (hessian.MatMul(sigma) * sigma).Sum([1, 2]).Unsqueeze(1) * 0.5;
    }

    /// <summary>u* from the closed-form Hamiltonian minimiser.</summary>
    /// <param name="t">Time: zero-dimensional or [batch, 1].</param>
    /// <param name="x">State [batch, d].</param>
    /// <param name="gradient">∇V [batch, d].</param>
    /// <param name="hessian">∇²V [batch, d, d], when the minimiser needs it.</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>u* [batch, c].</returns>
    /// <exception cref="InvalidOperationException">When the problem has no closed-form minimiser.</exception>
    public Tensor OptimalControl(Tensor t, Tensor x, Tensor gradient, Tensor? hessian = null, PreferenceBatch? preferences = null)
    {
        if (HamiltonianMinimizer is null)
        {
            throw new InvalidOperationException($"Problem '{Name}' has no closed-form Hamiltonian minimiser; use a policy network or a control grid.");
        }

        return HamiltonianMinimizer.Minimize(t, x, gradient, hessian, preferences);
    }

    /// <summary>Times drawn uniformly from [0, T].</summary>
    /// <param name="count">Batch size.</param>
    /// <param name="generator">Random source.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>[count, 1].</returns>
    public Tensor SampleTime(int count, Philox generator, DType dtype = DType.Float32)
        => Tensor.Uniform([Guard.PositiveCount(count, nameof(count)), 1], generator, 0, Horizon, dtype);

    /// <summary>Per-sample preference values drawn uniformly from the declared intervals.</summary>
    /// <param name="count">Batch size.</param>
    /// <param name="generator">Random source.</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>A batch, or null when the problem declares no preferences.</returns>
    public PreferenceBatch? SamplePreferences(int count, Philox generator, DType dtype = DType.Float32)
        => Preferences.Count == 0 ? null : PreferenceBatch.Sample(Preferences, count, generator, dtype);

    /// <summary>
    /// The realised cost Σₖ f(tₖ, xₖ, uₖ) Δt + g(x_N) of an Euler–Maruyama path on the uniform grid
    /// tₖ = k T/N, driven by given controls and increments; differentiable with respect to all of them.
    /// </summary>
    /// <param name="initialState">x₀ [batch, d].</param>
    /// <param name="controls">N controls, each [batch, c].</param>
    /// <param name="increments">N Brownian increments, each [batch, m] with variance T/N.</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>[batch, 1].</returns>
    public Tensor PathCost(Tensor initialState, IReadOnlyList<Tensor> controls, IReadOnlyList<Tensor> increments, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(initialState);
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(increments);
        if (controls.Count == 0 || controls.Count != increments.Count)
        {
            throw new ArgumentException($"controls and increments must have the same, non-zero count (got {controls.Count} and {increments.Count}).", nameof(increments));
        }

        var n = controls.Count;
        var dt = Horizon / n;
        var x = initialState;
        Tensor? running = null;
        for (var k = 0; k < n; k++)
        {
            var t = Tensor.Scalar(k * dt, x.DType);
            var f = Cost.RunningCost(t, x, controls[k], preferences) * dt;
            running = running is null ? f : running + f;
            x = Dynamics.Step(t, x, controls[k], dt, increments[k], preferences);
        }

        return running! + Cost.TerminalCost(x, preferences);
    }

    /// <summary>Simulates the policy on the uniform grid tₖ = k T/N and returns the path and its cost.</summary>
    /// <param name="policy">The feedback control.</param>
    /// <param name="initialState">x₀ [batch, d].</param>
    /// <param name="steps">N, the number of steps.</param>
    /// <param name="generator">Random source of the increments.</param>
    /// <param name="preferences">Per-sample parameter values, or null.</param>
    /// <returns>The states (N + 1), controls (N) and the realised cost [batch, 1].</returns>
    public RolloutResult Rollout(IPolicy policy, Tensor initialState, int steps, Philox generator, PreferenceBatch? preferences = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(initialState);
        ArgumentNullException.ThrowIfNull(generator);
        Guard.PositiveCount(steps, nameof(steps));
        var dt = Horizon / steps;
        var states = new List<Tensor>(steps + 1) { initialState };
        var controls = new List<Tensor>(steps);
        var x = initialState;
        Tensor? running = null;
        for (var k = 0; k < steps; k++)
        {
            var t = Tensor.Scalar(k * dt, x.DType);
            var u = policy.Control(t, x, preferences);
            var f = Cost.RunningCost(t, x, u, preferences) * dt;
            running = running is null ? f : running + f;
            x = Dynamics.Step(t, x, u, dt, Dynamics.SampleIncrements(x.Size(0), dt, generator, x.DType), preferences);
            states.Add(x);
            controls.Add(u);
        }

        return new RolloutResult(states, controls, running! + Cost.TerminalCost(x, preferences));
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} (d = {StateDimension}, c = {ControlDimension}, T = {Horizon})";
}

/// <summary>A simulated path of a controlled problem.</summary>
/// <param name="States">x₀ … x_N, each [batch, d].</param>
/// <param name="Controls">u₀ … u_{N−1}, each [batch, c].</param>
/// <param name="Cost">The realised cost Σ f Δt + g(x_N), [batch, 1].</param>
public sealed record RolloutResult(IReadOnlyList<Tensor> States, IReadOnlyList<Tensor> Controls, Tensor Cost);
