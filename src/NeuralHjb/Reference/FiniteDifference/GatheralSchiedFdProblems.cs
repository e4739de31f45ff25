namespace NeuralHjb.Reference.FiniteDifference;

/// <summary>
/// Risk-neutral (λ = 0) Gatheral–Schied execution as a 1-D finite-difference problem in inventory X:
/// <c>Γ_τ = κ²X² − ¼Γ_X² = min_v { v² + κ²X² − v Γ_X }</c>, <c>Γ(0, X) = 0</c> if X = 0 and +∞ otherwise.
/// </summary>
/// <remarks>
/// <para>In calendar time t = T − τ this is <c>Γ_t + min_v { −v Γ_X + v² + κ²X² } = 0</c>: drift −v, running cost
/// v² + κ²X², minimised. The solution's time coordinate is calendar time, so <c>Value(0, X)</c> is Γ at
/// τ = T and <c>Value(t, X)</c> is Γ at τ = T − t.</para>
/// <para>The +∞ terminal condition cannot sit on a grid. We start instead at a small time to close τ₀ from the
/// closed form <c>Γ(τ₀, X) = κ coth(κτ₀) X²</c> — exact data for the remaining horizon, so every error measured
/// afterwards is the scheme's own. (A large penalty A·X² is the alternative; it changes the problem, whose
/// solution is then the Riccati solution from a(0) = A, and converges to the true one only as A → ∞.)
/// The problem's horizon is therefore T − τ₀. The optimal rate v* = ½Γ_X = a(τ)X points towards X = 0 at both
/// ends of a symmetric grid, so the default linear-extrapolation boundaries are inflow boundaries and the
/// scheme stays monotone there.</para>
/// </remarks>
public static class GatheralSchiedFdProblems
{
    /// <summary>The λ = 0 problem on <paramref name="inventory"/>, from τ₀ = <paramref name="startTimeToClose"/> up to τ = <paramref name="horizon"/>.</summary>
    /// <param name="kappa">κ &gt; 0.</param>
    /// <param name="horizon">T &gt; τ₀.</param>
    /// <param name="inventory">Inventory grid (normally symmetric about 0).</param>
    /// <param name="startTimeToClose">τ₀ in (0, T), where the closed form supplies the terminal data.</param>
    /// <param name="closedFormControl">
    /// True: v = ½Γ_X from central differences (fast, approximately consistent with the upwind stencil);
    /// false: a box search of the discrete Hamiltonian over |v| ≤ 2 κ coth(κτ₀) max|X|.
    /// </param>
    public static HjbProblem RiskNeutral(double kappa, double horizon, GridAxis inventory, double startTimeToClose = 0.05, bool closedFormControl = false)
    {
        FdGuard.Positive(kappa, "κ", nameof(kappa));
        FdGuard.Positive(horizon, "the horizon", nameof(horizon));
        ArgumentNullException.ThrowIfNull(inventory);
        FdGuard.Require(double.IsFinite(startTimeToClose) && startTimeToClose > 0 && startTimeToClose < horizon, $"startTimeToClose must lie in (0, horizon) (got {startTimeToClose}).", nameof(startTimeToClose));

        double a0 = kappa / Math.Tanh(kappa * startTimeToClose);
        double k2 = kappa * kappa;
        double vMax = 2 * a0 * Math.Max(Math.Abs(inventory.Lower), Math.Abs(inventory.Upper));
        ControlSet controls = closedFormControl
            ? ControlSet.ClosedForm(static (in ControlContext c) => 0.5 * c.Vx)
            : ControlSet.Box(-vMax, vMax, 41);
        return new HjbProblem
        {
            Grid = new StateGrid(inventory),
            Horizon = horizon - startTimeToClose,
            Sense = OptimizationSense.Minimize,
            Controls = controls,
            Coefficients = (t, x, y, v) => new HjbCoefficients { DriftX = -v, Reward = (v * v) + (k2 * x * x) },
            Terminal = (x, y) => a0 * x * x,
        };
    }
}
