namespace NeuralHjb.Analysis;

/// <summary>
/// Parameters of an arithmetic execution model estimated from binned bars, with time measured in trading days
/// (T = 1) and prices in currency per share: daily volatility, the intraday volatility and volume profiles, and
/// linear impact coefficients per share estimated by regression on the signed-volume proxy.
/// </summary>
/// <param name="Intervals">N.</param>
/// <param name="Days">Number of days used.</param>
/// <param name="Sigma">σ: the square root of the mean realised intraday variance Σₖ ΔSₖ² (currency/share/√day).</param>
/// <param name="VolatilityProfile">mₖ = √(E ΔSₖ² / (σ²/N)): the intraday volatility profile, mean square 1.</param>
/// <param name="VolumeProfile">The mean share of the day's volume traded in each interval (sums to 1).</param>
/// <param name="AverageDailyVolume">Mean daily volume (shares).</param>
/// <param name="PermanentImpact">α per share: OLS through the origin of ΔSₖ on the interval's signed volume (currency/share²).</param>
/// <param name="PermanentImpactRSquared">Uncentred R² of that regression.</param>
/// <param name="TemporaryImpact">κ per share: OLS through the origin of (VWAPₖ − Sₖ) on the signed volume rate (currency·day/share²).</param>
/// <param name="TemporaryImpactRSquared">Uncentred R² of that regression.</param>
public sealed record MarketCalibration(
    int Intervals,
    int Days,
    double Sigma,
    IReadOnlyList<double> VolatilityProfile,
    IReadOnlyList<double> VolumeProfile,
    double AverageDailyVolume,
    double PermanentImpact,
    double PermanentImpactRSquared,
    double TemporaryImpact,
    double TemporaryImpactRSquared)
{
    /// <summary>Estimates the parameters from binned days (all with the same N).</summary>
    /// <param name="days">At least two days.</param>
    /// <returns>The calibration.</returns>
    public static MarketCalibration Estimate(IReadOnlyList<BinnedDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count < 2)
        {
            throw new ArgumentException("calibration needs at least two days.", nameof(days));
        }

        var n = days[0].Intervals;
        var squared = new double[n];
        var volumeShare = new double[n];
        double adv = 0, sxy = 0, sxx = 0, syy = 0, txy = 0, txx = 0, tyy = 0;
        var dt = 1.0 / n;
        foreach (var day in days)
        {
            if (day.Intervals != n)
            {
                throw new ArgumentException($"every day needs {n} intervals (day {day.Date} has {day.Intervals}).", nameof(days));
            }

            var total = day.TotalVolume;
            adv += total;
            for (var k = 0; k < n; k++)
            {
                var dS = day.Prices[k + 1] - day.Prices[k];
                squared[k] += dS * dS;
                volumeShare[k] += total > 0 ? day.Volume[k] / total : 1.0 / n;
                var flow = day.SignedVolume[k];
                sxy += dS * flow;
                sxx += flow * flow;
                syy += dS * dS;
                var rate = flow / dt;
                var deviation = day.Vwap[k] - day.Prices[k];
                txy += deviation * rate;
                txx += rate * rate;
                tyy += deviation * deviation;
            }
        }

        var variance = 0.0;
        for (var k = 0; k < n; k++)
        {
            squared[k] /= days.Count;
            volumeShare[k] /= days.Count;
            variance += squared[k];
        }

        var profile = new double[n];
        for (var k = 0; k < n; k++)
        {
            profile[k] = Math.Sqrt(squared[k] / (variance / n));
        }

        var alpha = sxx > 0 ? sxy / sxx : 0;
        var kappa = txx > 0 ? txy / txx : 0;
        return new MarketCalibration(
            n,
            days.Count,
            Math.Sqrt(variance),
            profile,
            volumeShare,
            adv / days.Count,
            alpha,
            syy > 0 ? alpha * alpha * sxx / syy : 0,
            kappa,
            tyy > 0 ? kappa * kappa * txx / tyy : 0);
    }

    /// <summary>
    /// The relative (lognormal) intraday volatility per √day: the square root of the mean over days of the realised
    /// variance Σₖ ln(Sₖ₊₁/Sₖ)² of the binned prices (overnight gaps excluded), the σ of dS = σS dW with T = 1 day.
    /// </summary>
    /// <param name="days">At least one day.</param>
    /// <returns>σ per √day.</returns>
    public static double RelativeVolatility(IReadOnlyList<BinnedDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0)
        {
            throw new ArgumentException("days must hold at least one day.", nameof(days));
        }

        var variance = 0.0;
        foreach (var day in days)
        {
            for (var k = 0; k < day.Intervals; k++)
            {
                var r = Math.Log(day.Prices[k + 1] / day.Prices[k]);
                variance += r * r;
            }
        }

        return Math.Sqrt(variance / days.Count);
    }

    /// <summary>
    /// The historical increments of each day in the model's dW units (ΔSₖ/σ), for
    /// <see cref="Solvers.DirectControl.BootstrapIncrements"/>.
    /// </summary>
    /// <param name="days">The days (N intervals each).</param>
    /// <returns>One array of N increments per day.</returns>
    public IReadOnlyList<IReadOnlyList<double>> StandardisedIncrements(IReadOnlyList<BinnedDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var result = new double[days.Count][];
        for (var d = 0; d < days.Count; d++)
        {
            var day = days[d];
            result[d] = new double[day.Intervals];
            for (var k = 0; k < day.Intervals; k++)
            {
                result[d][k] = (day.Prices[k + 1] - day.Prices[k]) / Sigma;
            }
        }

        return result;
    }
}
