namespace NeuralHjb.Reference;

/// <summary>
/// Closed-form value function and control of the Gatheral–Schied execution problem (REFERENCES §1):
/// Γ(τ, X, S) = a(τ) X² + b(τ) X S + c(τ) S², τ = T − t the time to close, with
/// a = κ coth(κτ), b = (λ/κ) tanh(κτ/2), c = −(λ²/(4κ²)) ∫₀^τ tanh²(κu/2) e^{σ²(τ−u)} du,
/// which solve a′ = κ² − a², b′ = λ − a b, c′ = σ² c − b²/4 with b(0) = c(0) = 0, and the HJB
/// Γ_τ = ½ σ² S² Γ_SS + κ² X² + λ X S − ¼ Γ_X². The optimal selling rate is v* = ½ Γ_X.
/// </summary>
public sealed class GatheralSchiedClosedForm
{
    private const int QuadratureOrder = 20;

    /// <summary>Creates the closed form for a parameter set.</summary>
    /// <param name="parameters">The model parameters (already validated by their constructor).</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
    public GatheralSchiedClosedForm(GatheralSchiedParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    /// <summary>Creates the closed form from κ, σ, λ (validated as in <see cref="GatheralSchiedParameters"/>).</summary>
    /// <param name="kappa">κ &gt; 0, the inventory weight.</param>
    /// <param name="sigma">σ ≥ 0, the price volatility.</param>
    /// <param name="lambda">λ, the cross-term weight.</param>
    public GatheralSchiedClosedForm(double kappa, double sigma, double lambda)
        : this(new GatheralSchiedParameters(kappa, sigma, lambda))
    {
    }

    /// <summary>The model parameters.</summary>
    public GatheralSchiedParameters Parameters { get; }

    /// <summary>a(τ) = κ coth(κτ); +∞ at τ = 0 (the terminal constraint X_T = 0).</summary>
    /// <param name="tau">Time to close τ ≥ 0.</param>
    /// <returns>The X² coefficient of Γ.</returns>
    public double A(double tau)
    {
        Guard.NonNegative(tau);
        return tau == 0 ? double.PositiveInfinity : Hyperbolic.XCothX(Parameters.Kappa * tau) / tau;
    }

    /// <summary>b(τ) = (λ/κ) tanh(κτ/2).</summary>
    /// <param name="tau">Time to close τ ≥ 0.</param>
    /// <returns>The X S coefficient of Γ.</returns>
    public double B(double tau)
    {
        Guard.NonNegative(tau);
        return Parameters.Lambda / Parameters.Kappa * Math.Tanh(Parameters.Kappa * tau / 2);
    }

    /// <summary>
    /// c(τ) = −(λ²/(4κ²)) e^{σ²τ} ∫₀^τ tanh²(κu/2) e^{−σ²u} du, by composite 20-point Gauss–Legendre on panels
    /// of width at most 2/κ and 2/σ² (relative error near machine precision); beyond κu = 80, where tanh² = 1 in
    /// double precision, the integral is finished analytically.
    /// </summary>
    /// <param name="tau">Time to close τ ≥ 0.</param>
    /// <returns>The S² coefficient of Γ (≤ 0).</returns>
    public double C(double tau)
    {
        Guard.NonNegative(tau);
        double lambda = Parameters.Lambda;
        if (tau == 0 || lambda == 0)
        {
            return 0;
        }

        double kappa = Parameters.Kappa;
        double s2 = Parameters.Sigma * Parameters.Sigma;
        double saturation = 80 / kappa;
        double numericEnd = Math.Min(tau, saturation);
        double panelWidth = 2 / kappa;
        if (s2 > 0)
        {
            panelWidth = Math.Min(panelWidth, 2 / s2);
        }

        int panels = (int)Math.Clamp(Math.Ceiling(numericEnd / panelWidth), 1, 4000);
        double integral = CompositeGaussLegendre.Integrate(
            u =>
            {
                double t = Math.Tanh(kappa * u / 2);
                return t * t * Math.Exp(s2 * (tau - u));
            },
            0,
            numericEnd,
            panels,
            QuadratureOrder);
        if (tau > saturation)
        {
            // ∫_{u0}^{τ} e^{σ²(τ−u)} du = expm1(σ²(τ−u0))/σ², or τ − u0 when σ = 0.
            double rest = tau - saturation;
            integral += s2 > 0 ? Hyperbolic.ExpM1(s2 * rest) / s2 : rest;
        }

        return -(lambda * lambda) / (4 * kappa * kappa) * integral;
    }

    /// <summary>
    /// The value function Γ(τ, X, S) = a X² + b X S + c S². At τ = 0 it is the terminal condition: 0 when X = 0, +∞ otherwise.
    /// </summary>
    /// <param name="tau">Time to close τ ≥ 0.</param>
    /// <param name="inventory">Inventory X (finite).</param>
    /// <param name="price">Price S (finite).</param>
    /// <returns>The minimal expected cost to go.</returns>
    public double Value(double tau, double inventory, double price)
    {
        Guard.Finite(inventory);
        Guard.Finite(price);
        if (tau == 0)
        {
            return inventory == 0 ? 0 : double.PositiveInfinity;
        }

        return (A(tau) * inventory * inventory) + (B(tau) * inventory * price) + (C(tau) * price * price);
    }

    /// <summary>
    /// The optimal selling rate v*(τ, X, S) = ½ Γ_X = κ coth(κτ) X + (λ S/(2κ)) tanh(κτ/2). At τ = 0 it is ±∞ for X ≠ 0
    /// (everything left is sold at once) and λS/(2κ)·0 = 0 for X = 0.
    /// </summary>
    /// <param name="tau">Time to close τ ≥ 0.</param>
    /// <param name="inventory">Inventory X (finite).</param>
    /// <param name="price">Price S (finite).</param>
    /// <returns>The rate v with dX/dt = −v.</returns>
    public double Rate(double tau, double inventory, double price)
    {
        Guard.Finite(inventory);
        Guard.Finite(price);
        double linear = inventory == 0 ? 0 : A(tau) * inventory;
        return linear + (B(tau) * price / 2);
    }

    /// <summary>
    /// The optimal inventory along a discretely observed price path (REFERENCES §1, derived by solving dx/dt = −v*):
    /// x*(t) = sinh(κ(T−t)) [X₀/sinh(κT) − (λ/(2κ)) ∫₀ᵗ S_u/(1 + cosh(κ(T−u))) du].
    /// The integral is the cumulative trapezoid rule over the observation times: error O(Δt²) for a smooth price
    /// path; for a sampled diffusion path it converges to the pathwise Riemann integral as the grid refines (the
    /// weight is deterministic, so no Itô/Stratonovich question arises).
    /// This uses S_u, not S_u − X₀ as the paper's public code does (see REFERENCES §1).
    /// </summary>
    /// <param name="horizon">Horizon T &gt; 0.</param>
    /// <param name="initialInventory">X₀, the inventory at t = 0 (finite).</param>
    /// <param name="times">Observation times, strictly increasing, starting at 0 and not beyond T.</param>
    /// <param name="prices">Prices observed at <paramref name="times"/> (same length, finite).</param>
    /// <returns>x*(t_k) for every observation time; exactly 0 at t = T.</returns>
    /// <exception cref="ArgumentException">The grid or the prices break a rule above.</exception>
    public double[] InventoryPath(double horizon, double initialInventory, IReadOnlyList<double> times, IReadOnlyList<double> prices)
    {
        Guard.Positive(horizon);
        Guard.Finite(initialInventory);
        Guard.IncreasingGrid(times);
        ArgumentNullException.ThrowIfNull(prices);
        if (prices.Count != times.Count)
        {
            throw new ArgumentException($"prices must have one entry per time ({times.Count}), not {prices.Count}.", nameof(prices));
        }

        if (times[0] != 0)
        {
            throw new ArgumentException("times must start at 0 (the time at which the inventory is initialInventory).", nameof(times));
        }

        if (times[^1] > horizon)
        {
            throw new ArgumentException($"times must not go beyond the horizon {horizon}.", nameof(times));
        }

        double kappa = Parameters.Kappa;
        double coefficient = Parameters.Lambda / (2 * kappa);
        var result = new double[times.Count];
        double integral = 0;
        double previous = 0;
        for (int k = 0; k < times.Count; k++)
        {
            double price = Guard.Finite(prices[k], nameof(prices));
            double weighted = price / (1 + Math.Cosh(kappa * (horizon - times[k])));
            if (k > 0)
            {
                integral += 0.5 * (times[k] - times[k - 1]) * (weighted + previous);
            }

            previous = weighted;
            double remaining = horizon - times[k];

            // sinh(κ(T−t)) X₀/sinh(κT) written as a ratio so large κT does not overflow.
            result[k] = (initialInventory * Hyperbolic.SinhRatio(kappa, remaining, horizon))
                - (Math.Sinh(kappa * remaining) * coefficient * integral);
        }

        return result;
    }
}
