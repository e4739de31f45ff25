using NeuralHjb.Training;

namespace NeuralHjb.Solvers.Pinn;

/// <summary>
/// The MT-PINN paper's adaptive loss weights (its "DWA-style" rebalancer, REFERENCES §1). At each
/// update, for every term k:
/// EMAₖ ← β EMAₖ + (1 − β) max(Lₖ, floor) (the first update sets EMAₖ = EMAₖ⁽⁰⁾ = max(Lₖ, floor));
/// rₖ = EMAₖ / EMAₖ⁽⁰⁾ (progress relative to the start); g = geometric mean of r; ρₖ = rₖ / g;
/// multiplier 1 when ρₖ &lt; 1, else ρₖ^(−p); wₖ ← clip(wₖ · multiplier, min, max); finally
/// w ← w / mean(w).
/// </summary>
/// <remarks>
/// Note the direction: a term whose loss falls more slowly than the others (ρ &gt; 1) is damped, not
/// boosted, which keeps one stubborn term (e.g. the PDE residual near the singular close) from
/// dominating the gradient; terms progressing at least as fast keep their weight until the
/// normalisation. The floor keeps terms that reach zero from driving the ratios to zero.
/// <para>As an <see cref="ITrainingState"/> it saves its weights, EMAs and start values, so a run resumed from
/// a checkpoint weights every later step exactly as the uninterrupted run does.</para>
/// </remarks>
public sealed class EmaRatioLossBalancer : LossWeighting, ITrainingState
{
    private double[] _weights = [];
    private double[] _ema = [];
    private double[] _ema0 = [];
    private bool _started;

    /// <summary>Creates the balancer.</summary>
    /// <param name="beta">EMA factor β in [0, 1) (the paper: 0.9 in the 2-D stage, 0.95 in the 3-D stages).</param>
    /// <param name="power">Damping exponent p ≥ 0 (the paper: 0.1, then 0.3).</param>
    /// <param name="floor">Loss floor inside the EMA (positive; the paper: 1e-3).</param>
    /// <param name="minWeight">Lower clip (positive; the paper: 0.1).</param>
    /// <param name="maxWeight">Upper clip (above <paramref name="minWeight"/>; the paper: 2).</param>
    public EmaRatioLossBalancer(double beta = 0.9, double power = 0.1, double floor = 1e-3, double minWeight = 0.1, double maxWeight = 2)
    {
        if (!(beta >= 0 && beta < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "beta must lie in [0, 1).");
        }

        Beta = beta;
        Power = PinnGuard.NonNegative(power, nameof(power));
        Floor = PinnGuard.Positive(floor, nameof(floor));
        MinWeight = PinnGuard.Positive(minWeight, nameof(minWeight));
        MaxWeight = PinnGuard.Positive(maxWeight, nameof(maxWeight));
        if (!(maxWeight > minWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(maxWeight), maxWeight, "maxWeight must exceed minWeight.");
        }
    }

    /// <summary>Gets β.</summary>
    public double Beta { get; }

    /// <summary>Gets p.</summary>
    public double Power { get; }

    /// <summary>Gets the loss floor.</summary>
    public double Floor { get; }

    /// <summary>Gets the lower weight clip.</summary>
    public double MinWeight { get; }

    /// <summary>Gets the upper weight clip.</summary>
    public double MaxWeight { get; }

    /// <inheritdoc />
    public override IReadOnlyList<double> Weights => _weights;

    /// <inheritdoc />
    public override void Reset(IReadOnlyList<double> initialWeights)
    {
        ArgumentNullException.ThrowIfNull(initialWeights);
        _weights = [.. initialWeights];
        _ema = new double[_weights.Length];
        _ema0 = new double[_weights.Length];
        _started = false;
    }

    /// <inheritdoc />
    public override void Update(ReadOnlySpan<double> losses)
    {
        var n = _weights.Length;
        if (losses.Length != n)
        {
            throw new ArgumentException($"expected {n} loss values, got {losses.Length}.", nameof(losses));
        }

        if (n == 0)
        {
            return;
        }

        for (var k = 0; k < n; k++)
        {
            var l = Math.Max(losses[k], Floor);
            if (!double.IsFinite(l))
            {
                // A non-finite term is the trainer's business (it stops or rolls back); keep the weights.
                return;
            }
        }

        for (var k = 0; k < n; k++)
        {
            var l = Math.Max(losses[k], Floor);
            if (!_started)
            {
                _ema[k] = l;
                _ema0[k] = l;
            }
            else
            {
                _ema[k] = (Beta * _ema[k]) + ((1 - Beta) * l);
            }
        }

        _started = true;
        var logMean = 0.0;
        var ratios = new double[n];
        for (var k = 0; k < n; k++)
        {
            ratios[k] = _ema[k] / _ema0[k];
            logMean += Math.Log(ratios[k]);
        }

        var geometric = Math.Exp(logMean / n);
        var mean = 0.0;
        for (var k = 0; k < n; k++)
        {
            var rho = ratios[k] / geometric;
            var multiplier = rho < 1 ? 1 : Math.Pow(rho, -Power);
            _weights[k] = Math.Clamp(_weights[k] * multiplier, MinWeight, MaxWeight);
            mean += _weights[k];
        }

        mean /= n;
        for (var k = 0; k < n; k++)
        {
            _weights[k] /= mean;
        }
    }

    /// <inheritdoc />
    public void Save(TrainingStateWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteDoubles("weights", _weights);
        writer.WriteDoubles("ema", _ema);
        writer.WriteDoubles("ema0", _ema0);
        writer.WriteInt64("started", _started ? 1 : 0);
    }

    /// <inheritdoc />
    /// <remarks>The saved state must have one value per term of the current <see cref="LossWeighting.Reset"/>.</remarks>
    public Action PrepareLoad(TrainingStateReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var n = _weights.Length;
        var weights = reader.ReadDoubles("weights", n);
        if (Array.Exists(weights, w => !(w > 0)))
        {
            throw reader.Invalid("weights", "holds a weight that is not positive");
        }

        var ema = reader.ReadDoubles("ema", n);
        var ema0 = reader.ReadDoubles("ema0", n);
        var started = reader.ReadInt64("started", 0, 1) == 1;
        if (started && (Array.Exists(ema, v => !(v > 0)) || Array.Exists(ema0, v => !(v > 0))))
        {
            throw reader.Invalid(Array.Exists(ema, v => !(v > 0)) ? "ema" : "ema0", "holds a moving average that is not positive");
        }

        return () =>
        {
            _weights = weights;
            _ema = ema;
            _ema0 = ema0;
            _started = started;
        };
    }
}
