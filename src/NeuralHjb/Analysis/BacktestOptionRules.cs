namespace NeuralHjb.Analysis;

/// <summary>The checks the market-backtest options records share (their properties have the same names and rules).</summary>
internal static class BacktestOptionRules
{
    /// <summary>Checks N, the calibration share and the order size.</summary>
    /// <param name="intervals">Intervals (at least 2).</param>
    /// <param name="calibrationFraction">CalibrationFraction (in (0, 1)).</param>
    /// <param name="orderFractionOfVolume">OrderFractionOfVolume (positive, or non-negative when <paramref name="orderMayBeZero"/>).</param>
    /// <param name="orderMayBeZero">Whether an order of 0 (no impact) is allowed.</param>
    public static void Check(int intervals, double calibrationFraction, double orderFractionOfVolume, bool orderMayBeZero)
    {
        if (intervals < 2)
        {
            throw Broken("Intervals", intervals, "be at least 2");
        }

        if (!(calibrationFraction > 0 && calibrationFraction < 1))
        {
            throw Broken("CalibrationFraction", calibrationFraction, "lie in (0, 1)");
        }

        if (!(orderMayBeZero ? orderFractionOfVolume >= 0 : orderFractionOfVolume > 0) || !double.IsFinite(orderFractionOfVolume))
        {
            throw Broken("OrderFractionOfVolume", orderFractionOfVolume, orderMayBeZero ? "be non-negative and finite" : "be positive and finite");
        }
    }

    // The options' property names, not this method's parameters, are what the caller set.
    private static ArgumentOutOfRangeException Broken(string option, object value, string rule) => new(option, value, $"{option} must {rule}.");
}
