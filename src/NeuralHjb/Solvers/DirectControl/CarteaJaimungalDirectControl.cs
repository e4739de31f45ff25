using NeuralHjb.Analysis;
using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Random;
using NeuralHjb.Reference;
using NeuralHjb.Tensors;
using ProblemParameters = NeuralHjb.Problems.Execution.CarteaJaimungalParameters;
using ReferenceParameters = NeuralHjb.Reference.CarteaJaimungalParameters;

namespace NeuralHjb.Solvers.DirectControl;

/// <summary>
/// The Leal–Laurière–Lehalle set-up of <see cref="CarteaJaimungal"/> for the direct-control solver, and the
/// comparison of a learned policy with the closed form (REFERENCES §3).
/// </summary>
/// <remarks>
/// The policy observes (t, q) only, as in the paper: the optimal control does not depend on S or the cash.
/// The inventory does not diffuse (dQ = ν dt), so a feedback policy started from one Q₀ visits a single
/// deterministic path; starting inventories are therefore spread uniformly over
/// [<see cref="InventorySpreadLow"/>·Q₀, <see cref="InventorySpreadHigh"/>·Q₀], which is also what makes the
/// per-time regression of ν on q identifiable.
/// </remarks>
public static class CarteaJaimungalDirectControl
{
    /// <summary>The lower end of the starting-inventory range, as a multiple of Q₀.</summary>
    public const double InventorySpreadLow = 0.0;

    /// <summary>The upper end of the starting-inventory range, as a multiple of Q₀.</summary>
    public const double InventorySpreadHigh = 2.0;

    /// <summary>Adapts solver options to the problem: (t, q) inputs, spread starting inventories, the inventory's input range.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">Base options (network, optimiser, preferences…).</param>
    /// <returns>The options for this problem.</returns>
    public static DirectControlOptions Configure(CarteaJaimungal problem, DirectControlOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var p = problem.Parameters;
        var (qLow, qHigh) = InitialInventoryRange(p);
        return options with
        {
            PolicyStateIndices = [1],
            PolicyStateRanges = [(Math.Min(qLow, -Math.Abs(p.InitialInventory)), Math.Max(qHigh, Math.Abs(p.InitialInventory)))],
            InitialStates = InitialStateSampler.Box([p.InitialPrice, qLow, p.InitialCash], [p.InitialPrice, qHigh, p.InitialCash]),
        };
    }

    /// <summary>The range starting inventories are drawn from.</summary>
    /// <param name="parameters">The problem parameters.</param>
    /// <returns>(low, high).</returns>
    public static (double Low, double High) InitialInventoryRange(ProblemParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var a = InventorySpreadLow * parameters.InitialInventory;
        var b = InventorySpreadHigh * parameters.InitialInventory;
        return (Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>The closed form for the problem's parameters with A and φ replaced.</summary>
    /// <param name="parameters">The problem parameters (κ, α, T).</param>
    /// <param name="a">A.</param>
    /// <param name="phi">φ.</param>
    /// <returns>The closed form.</returns>
    public static CarteaJaimungalClosedForm ClosedForm(ProblemParameters parameters, double a, double phi)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new CarteaJaimungalClosedForm(new ReferenceParameters(parameters.Kappa, parameters.Alpha, phi, a, parameters.Horizon));
    }

    /// <summary>
    /// Simulates the policy (float64 closed loop) from a grid of starting inventories spread over the training
    /// range and projects its controls on the affine manifold [1, q]: h̃₁, h̃₂ and R² per step. Works for either
    /// exponent (the sub-diffusive one has no closed form to compare with).
    /// </summary>
    /// <param name="policy">The learned policy.</param>
    /// <param name="problem">The problem.</param>
    /// <param name="steps">N, the decision steps.</param>
    /// <param name="a">A (fed to a multi-preference policy).</param>
    /// <param name="phi">φ (likewise).</param>
    /// <param name="paths">Number of starting inventories (at least 3).</param>
    /// <param name="seed">Seed of the price noise (it does not move a (t, q) policy).</param>
    /// <returns>The manifold coordinates and the recorded paths.</returns>
    public static (CarteaJaimungalManifold Manifold, RolloutResult Path) Explain(IPolicy policy, CarteaJaimungal problem, int steps, double a, double phi, int paths = 101, ulong seed = 12345)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(paths, 3);
        var p = problem.Parameters;
        var (qLow, qHigh) = InitialInventoryRange(p);
        var x0 = new double[paths * 3];
        for (var i = 0; i < paths; i++)
        {
            x0[i * 3] = p.InitialPrice;
            x0[(i * 3) + 1] = qLow + ((qHigh - qLow) * i / (paths - 1));
            x0[(i * 3) + 2] = p.InitialCash;
        }

        var dtype = DType.Float64;
        var initial = Tensor.FromSpan(x0, [paths, 3], dtype);
        var increments = GaussianIncrements.Instance.Sample(problem.Dynamics, paths, steps, p.Horizon / steps, new Philox(seed, 0), dtype);
        PreferenceBatch? prefs = null;
        if (policy is DirectControlPolicy { IsMultiPreference: true } multi)
        {
            var columns = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var spec in multi.Preferences)
            {
                var value = spec.Name == CarteaJaimungal.APreference ? a
                    : spec.Name == CarteaJaimungal.PhiPreference ? phi
                    : throw new ArgumentException($"unexpected preference '{spec.Name}'.", nameof(policy));
                columns[spec.Name] = Tensor.Full([paths, 1], value, dtype);
            }

            prefs = new PreferenceBatch(columns);
        }
        else if (a != p.A || phi != p.Phi)
        {
            throw new ArgumentException($"a single-preference policy was trained for A = {p.A}, phi = {p.Phi}; evaluate it there.", nameof(a));
        }

        RolloutResult path;
        using (Autodiff.Autograd.NoGrad())
        {
            path = DirectControlRollout.Simulate(problem, new DTypeAdapter(policy), initial, increments, prefs, recordPath: true);
        }

        var projection = PolicyProjection.Project(path, ProjectionBasis.Affine(1, "q"), p.Horizon);
        return (CarteaJaimungalManifold.FromProjection(projection, p.Kappa, p.Alpha), path);
    }

    /// <summary>
    /// Compares the policy with the closed form at every (tₖ, qₖ) it visits from the grid of starting
    /// inventories of <see cref="Explain"/>, and projects it on the affine manifold.
    /// </summary>
    /// <param name="policy">The learned policy.</param>
    /// <param name="problem">The problem (exponent 2).</param>
    /// <param name="steps">N, the decision steps.</param>
    /// <param name="a">A (fed to a multi-preference policy and used by the closed form).</param>
    /// <param name="phi">φ (likewise).</param>
    /// <param name="paths">Number of starting inventories (at least 3).</param>
    /// <param name="seed">Seed of the price noise.</param>
    /// <returns>The comparison.</returns>
    public static CarteaJaimungalComparison Compare(IPolicy policy, CarteaJaimungal problem, int steps, double a, double phi, int paths = 101, ulong seed = 12345)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var p = problem.Parameters;
        if (p.Exponent != 2)
        {
            throw new ArgumentException("the closed form exists for exponent 2 only; use Explain for the sub-diffusive penalty.", nameof(problem));
        }

        var (manifold, path) = Explain(policy, problem, steps, a, phi, paths, seed);
        var closed = ClosedForm(p, a, phi);
        double num = 0, den = 0, maxAbs = 0;
        var h2 = new double[steps];
        for (var k = 0; k < steps; k++)
        {
            var t = k * p.Horizon / steps;
            h2[k] = closed.H2(t);
            var q = path.States[k].Slice(1, 1, 1).ToDoubleArray();
            var u = path.Controls[k].ToDoubleArray();
            var slope = closed.RatePerShare(t);
            for (var i = 0; i < q.Length; i++)
            {
                var e = u[i] - (slope * q[i]);
                num += e * e;
                den += slope * q[i] * slope * q[i];
                maxAbs = Math.Max(maxAbs, Math.Abs(e));
            }
        }

        return new CarteaJaimungalComparison(a, phi, Math.Sqrt(num / den), maxAbs, manifold, h2, path);
    }

    /// <summary>Compares a multi-preference policy with the closed form on an n × n grid of (A, φ) spanning its training ranges.</summary>
    /// <param name="policy">A multi-preference policy over "A" and "phi".</param>
    /// <param name="problem">The problem (κ, α, T, Q₀).</param>
    /// <param name="steps">N, the decision steps.</param>
    /// <param name="gridSize">Points per axis (at least 2); the corners are the range ends.</param>
    /// <param name="paths">Starting inventories per grid point.</param>
    /// <returns>One comparison per grid point, A varying slowest.</returns>
    public static IReadOnlyList<CarteaJaimungalComparison> CompareGrid(DirectControlPolicy policy, CarteaJaimungal problem, int steps, int gridSize = 5, int paths = 41)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 2);
        var a = policy.Preferences.FirstOrDefault(p => p.Name == CarteaJaimungal.APreference)
            ?? throw new ArgumentException("the policy does not take A.", nameof(policy));
        var phi = policy.Preferences.FirstOrDefault(p => p.Name == CarteaJaimungal.PhiPreference)
            ?? throw new ArgumentException("the policy does not take phi.", nameof(policy));
        var result = new List<CarteaJaimungalComparison>(gridSize * gridSize);
        for (var i = 0; i < gridSize; i++)
        {
            for (var j = 0; j < gridSize; j++)
            {
                var av = a.Low + ((a.High - a.Low) * i / (gridSize - 1));
                var pv = phi.Low + ((phi.High - phi.Low) * j / (gridSize - 1));
                result.Add(Compare(policy, problem, steps, av, pv, paths));
            }
        }

        return result;
    }

    private sealed class DTypeAdapter(IPolicy inner) : IPolicy
    {
        public Tensor Control(Tensor t, Tensor x, PreferenceBatch? preferences = null)
        {
            var native = inner is DirectControlPolicy d ? d.Layers[0].Weight.DType : x.DType;
            var prefs = preferences;
            if (prefs is not null && prefs.DType != native)
            {
                var columns = new Dictionary<string, Tensor>(StringComparer.Ordinal);
                foreach (var name in prefs.Names)
                {
                    columns[name] = prefs[name].To(native);
                }

                prefs = new PreferenceBatch(columns);
            }

            return inner.Control(t.To(native), x.To(native), prefs).To(x.DType);
        }
    }
}

/// <summary>A learned Cartea–Jaimungal control compared with the closed form at one (A, φ).</summary>
/// <param name="A">A.</param>
/// <param name="Phi">φ.</param>
/// <param name="ControlRelativeL2">‖ν − ν*‖₂/‖ν*‖₂ over every (tₖ, qₖ) the learned policy visits from the grid of starting inventories.</param>
/// <param name="ControlMaxAbsError">max |ν − ν*| over the same states.</param>
/// <param name="Manifold">The projection on [1, q]: h̃₁, h̃₂, R² per step.</param>
/// <param name="ClosedFormH2">h₂(tₖ) of the closed form.</param>
/// <param name="Path">The recorded paths (float64).</param>
public sealed record CarteaJaimungalComparison(double A, double Phi, double ControlRelativeL2, double ControlMaxAbsError, CarteaJaimungalManifold Manifold, IReadOnlyList<double> ClosedFormH2, RolloutResult Path)
{
    /// <summary>Gets max over k of |h̃₂(tₖ) − h₂(tₖ)|.</summary>
    public double H2MaxAbsError
    {
        get
        {
            var m = 0.0;
            for (var k = 0; k < ClosedFormH2.Count; k++)
            {
                m = Math.Max(m, Math.Abs(Manifold.H2[k] - ClosedFormH2[k]));
            }

            return m;
        }
    }
}
