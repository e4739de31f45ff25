namespace NeuralHjb.Analysis;

/// <summary>
/// One executed schedule: the inventory at each decision time and the average price obtained in each
/// interval. Shares traded in interval k are qₖ − qₖ₊₁ (positive when selling), so one type serves sell and
/// buy programs.
/// </summary>
public sealed record ExecutionPath
{
    /// <summary>Creates a path.</summary>
    /// <param name="inventory">q₀ … q_N (N + 1 finite values; q₀ ≠ 0).</param>
    /// <param name="executionPrices">p₀ … p_{N−1}: the average price of the shares traded in each interval (finite).</param>
    /// <param name="arrivalPrice">The benchmark price at the start (the decision price; positive).</param>
    /// <param name="finalPrice">The price the unexecuted rest q_N is marked at (finite).</param>
    public ExecutionPath(IReadOnlyList<double> inventory, IReadOnlyList<double> executionPrices, double arrivalPrice, double finalPrice)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(executionPrices);
        if (executionPrices.Count == 0 || inventory.Count != executionPrices.Count + 1)
        {
            throw new ArgumentException($"inventory needs one more entry than executionPrices (got {inventory.Count} and {executionPrices.Count}, at least one interval).", nameof(inventory));
        }

        foreach (var q in inventory)
        {
            if (!double.IsFinite(q))
            {
                throw new ArgumentException("inventory must be finite.", nameof(inventory));
            }
        }

        foreach (var p in executionPrices)
        {
            if (!double.IsFinite(p))
            {
                throw new ArgumentException("executionPrices must be finite.", nameof(executionPrices));
            }
        }

        if (inventory[0] == 0)
        {
            throw new ArgumentException("the initial inventory must be non-zero (shortfall and exposure are relative to it).", nameof(inventory));
        }

        if (!(arrivalPrice > 0) || !double.IsFinite(arrivalPrice))
        {
            throw new ArgumentOutOfRangeException(nameof(arrivalPrice), arrivalPrice, "arrivalPrice must be positive and finite.");
        }

        if (!double.IsFinite(finalPrice))
        {
            throw new ArgumentOutOfRangeException(nameof(finalPrice), finalPrice, "finalPrice must be finite.");
        }

        Inventory = [.. inventory];
        ExecutionPrices = [.. executionPrices];
        ArrivalPrice = arrivalPrice;
        FinalPrice = finalPrice;
    }

    /// <summary>Gets q₀ … q_N.</summary>
    public IReadOnlyList<double> Inventory { get; }

    /// <summary>Gets p₀ … p_{N−1}.</summary>
    public IReadOnlyList<double> ExecutionPrices { get; }

    /// <summary>Gets the arrival price.</summary>
    public double ArrivalPrice { get; }

    /// <summary>Gets the price the remaining inventory is marked at.</summary>
    public double FinalPrice { get; }

    /// <summary>Gets N, the number of intervals.</summary>
    public int Intervals => ExecutionPrices.Count;
}

/// <summary>The metrics of one <see cref="ExecutionPath"/>.</summary>
/// <param name="Shortfall">Implementation shortfall in currency: q₀P_arrival − (Σₖ (qₖ − qₖ₊₁) pₖ + q_N P_final); positive is a cost.</param>
/// <param name="ShortfallBps">The shortfall in basis points of the arrival value |q₀| P_arrival.</param>
/// <param name="Exposure">Time-average of |q|/|q₀| (trapezoid rule on the decision grid: exact for constant trading rates between decisions without a sign change).</param>
/// <param name="TerminalInventory">q_N.</param>
/// <param name="TerminalInventoryFraction">q_N/q₀.</param>
/// <param name="SquaredExposure">
/// Time-average of (q/q₀)², integrated exactly for an inventory linear between decisions (each interval contributes
/// (a² + ab + b²)/3 of its ends a, b): 1/3 for TWAP on any grid. It weighs the inventory held early more, as the
/// variance of the unsold position's value does.
/// </param>
public sealed record ExecutionPathMetrics(double Shortfall, double ShortfallBps, double Exposure, double TerminalInventory, double TerminalInventoryFraction, double SquaredExposure);
