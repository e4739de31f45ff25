using NeuralHjb.Problems.Execution;

namespace NeuralHjb.Analysis;

/// <summary>
/// How a trading day is mapped onto the Gatheral–Schied model in the normalised units the MT-PINN is trained in
/// (REFERENCES §1: T = 5, X₀ = 10, S₀ = 55). The day runs over model time t_m = T_m·t (t in days, T = 1), the
/// order q (q₀ = 1) is X = X_m·q, and the price is taken relative to the day's arrival price, S = S_m·S_day/S_arrival,
/// so every day starts at the same model state (X_m, S_m) whatever the price level. A model selling rate v
/// (dX/dt_m = −v) is the day rate ν = dq/dt = −v·T_m/X_m.
/// </summary>
/// <remarks>
/// The cost ∫(v² + κ²X² + λXS)dt_m is, in day units, (X_m²/T_m)·∫(ν² + κ_d²q² + λ_d q S_day)dt with κ_d = κT_m and
/// λ_d = λ·T_m²·S_m/(X_m·S_arrival), and σ_d = σ√T_m (dS = σS dW is unchanged by the price scale). So κT (the
/// urgency) and λ·S_m/X_m (the cross term per unit of relative price and order) are what the mapping preserves.
/// </remarks>
public sealed record GatheralSchiedScaling
{
    /// <summary>Gets T_m, model time units per trading day. Default 5 (the paper's horizon).</summary>
    public double ModelHorizon { get; init; } = 5;

    /// <summary>Gets X_m, the model inventory of the whole order. Default 10 (the paper's X₀).</summary>
    public double ModelOrder { get; init; } = 10;

    /// <summary>Gets S_m, the model price at each day's arrival. Default 55 (the paper's S₀).</summary>
    public double ModelArrivalPrice { get; init; } = 55;

    /// <summary>
    /// Gets κT, the dimensionless urgency (κ = κT/T_m in model units). Default 0.5 (the paper's κ = 0.1 at T = 5).
    /// It is a preference — the aversion to inventory held relative to temporary impact — which bars alone do not
    /// reveal; at 0.5 the λ = 0 schedule sinh(κ(T − t))/sinh(κT) stays within 1.6 % of the order of TWAP (time-average holding 0.490 against 0.5).
    /// </summary>
    public double KappaHorizon { get; init; } = 0.5;

    /// <summary>Gets κ in model units.</summary>
    public double Kappa => KappaHorizon / ModelHorizon;

    /// <summary>
    /// Gets the λ scale Λ = 2κ²X_m coth(κT)/(S_m tanh(κT/2)) in model units: the λ at which the cross term's push
    /// (λS/(2κ)) tanh(κτ/2) on the arrival selling rate equals the risk-neutral rate κ coth(κτ)X, i.e. doubles it.
    /// It makes λXS comparable to the other terms (0.0321 for the paper's set-up, where λ* ∈ {0.05, 0.1} ≈ {1.56, 3.11} Λ).
    /// </summary>
    public double LambdaScale
    {
        get
        {
            var k = Kappa;
            var kt = KappaHorizon;
            return 2 * k * k * ModelOrder / Math.Tanh(kt) / (ModelArrivalPrice * Math.Tanh(kt / 2));
        }
    }

    /// <summary>Checks the scaling.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the property that is not positive and finite.</exception>
    public void Validate()
    {
        Positive(ModelHorizon, nameof(ModelHorizon));
        Positive(ModelOrder, nameof(ModelOrder));
        Positive(ModelArrivalPrice, nameof(ModelArrivalPrice));
        Positive(KappaHorizon, nameof(KappaHorizon));
    }

    /// <summary>The model time of a time of day.</summary>
    /// <param name="dayTime">t in trading days, in [0, 1].</param>
    /// <returns>T_m·t.</returns>
    public double ModelTime(double dayTime) => ModelHorizon * dayTime;

    /// <summary>The model state (X, S) of an inventory and a price move.</summary>
    /// <param name="inventory">q in order units.</param>
    /// <param name="priceChange">S_day − S_arrival.</param>
    /// <param name="arrivalPrice">S_arrival (positive).</param>
    /// <returns>[X_m·q, S_m·(1 + ΔS/S_arrival)].</returns>
    public double[] ModelState(double inventory, double priceChange, double arrivalPrice)
        => [ModelOrder * inventory, ModelArrivalPrice * (1 + (priceChange / arrivalPrice))];

    /// <summary>The day rate of a model selling rate.</summary>
    /// <param name="sellingRate">v, with dX/dt_m = −v.</param>
    /// <returns>ν = dq/dt = −v·T_m/X_m.</returns>
    public double DayRate(double sellingRate) => -sellingRate * ModelHorizon / ModelOrder;

    /// <summary>
    /// The model problem for a calibrated daily volatility and a λ: κ = κT/T_m, σ_m = σ_d/√T_m, horizon T_m, X₀ = X_m,
    /// S₀ = S_m, and the paper's domain in proportion (X ∈ [−X_m, X_m], S ∈ [S_m·10/55, S_m·100/55]).
    /// </summary>
    /// <param name="sigmaPerSqrtDay">σ_d, the relative volatility per √day (non-negative).</param>
    /// <param name="lambda">λ in model units (non-negative).</param>
    /// <returns>The problem.</returns>
    public GatheralSchied Problem(double sigmaPerSqrtDay, double lambda)
    {
        Validate();
        if (!(sigmaPerSqrtDay >= 0) || !double.IsFinite(sigmaPerSqrtDay))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaPerSqrtDay), sigmaPerSqrtDay, "sigmaPerSqrtDay must be non-negative and finite.");
        }

        if (!(lambda >= 0) || !double.IsFinite(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "lambda must be non-negative and finite.");
        }

        return new GatheralSchied(new GatheralSchiedParameters
        {
            Kappa = Kappa,
            Sigma = sigmaPerSqrtDay / Math.Sqrt(ModelHorizon),
            Lambda = lambda,
            Horizon = ModelHorizon,
            InventoryLow = -ModelOrder,
            InventoryHigh = ModelOrder,
            PriceLow = ModelArrivalPrice * 10 / 55,
            PriceHigh = ModelArrivalPrice * 100 / 55,
            InitialInventory = ModelOrder,
            InitialPrice = ModelArrivalPrice,
        });
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");
        }
    }
}
