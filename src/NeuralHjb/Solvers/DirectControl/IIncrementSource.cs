using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.DirectControl;

/// <summary>
/// Where the Brownian increments of a rollout come from. The Euler step multiplies them by σ, so a source
/// that returns dWₖ with E dWₖ = 0, Var dWₖ = Δt reproduces the model; other sources replace the model's
/// noise by seasonal or historical noise (the transfer-learning set-up of <see cref="BootstrapIncrements"/>).
/// </summary>
public interface IIncrementSource
{
    /// <summary>Draws the increments of a whole batch of paths.</summary>
    /// <param name="dynamics">The dynamics (for the noise dimension m).</param>
    /// <param name="batch">Number of paths.</param>
    /// <param name="steps">N, the number of time steps.</param>
    /// <param name="dt">Δt = T/N.</param>
    /// <param name="generator">The random source (derived from the training step, so runs are reproducible).</param>
    /// <param name="dtype">Element type.</param>
    /// <returns>N tensors [batch, m].</returns>
    Tensor[] Sample(IDynamics dynamics, int batch, int steps, double dt, Philox generator, DType dtype);
}

/// <summary>Independent Gaussian increments N(0, Δt·I): the model's own noise.</summary>
public sealed class GaussianIncrements : IIncrementSource
{
    /// <summary>The shared instance.</summary>
    public static GaussianIncrements Instance { get; } = new();

    /// <inheritdoc />
    public Tensor[] Sample(IDynamics dynamics, int batch, int steps, double dt, Philox generator, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        var result = new Tensor[steps];
        for (var k = 0; k < steps; k++)
        {
            result[k] = dynamics.SampleIncrements(batch, dt, generator, dtype);
        }

        return result;
    }
}

/// <summary>
/// Gaussian increments with an intraday volatility profile: dWₖ ~ N(0, Δt·mₖ²·I), so the price noise of step k
/// is σ mₖ (mₖ = 1 everywhere is the model's noise). Use an estimated seasonality curve normalised to mean
/// square 1 so the day's total variance stays σ²T.
/// </summary>
public sealed class SeasonalGaussianIncrements : IIncrementSource
{
    private readonly double[] _multipliers;

    /// <summary>Creates the source.</summary>
    /// <param name="multipliers">mₖ for each of the N steps (non-negative, finite).</param>
    public SeasonalGaussianIncrements(IReadOnlyList<double> multipliers)
    {
        ArgumentNullException.ThrowIfNull(multipliers);
        if (multipliers.Count == 0)
        {
            throw new ArgumentException("multipliers must not be empty.", nameof(multipliers));
        }

        foreach (var m in multipliers)
        {
            if (!(m >= 0) || !double.IsFinite(m))
            {
                throw new ArgumentOutOfRangeException(nameof(multipliers), m, "multipliers must be non-negative and finite.");
            }
        }

        _multipliers = [.. multipliers];
    }

    /// <summary>Gets mₖ.</summary>
    public IReadOnlyList<double> Multipliers => _multipliers;

    /// <inheritdoc />
    public Tensor[] Sample(IDynamics dynamics, int batch, int steps, double dt, Philox generator, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        if (steps != _multipliers.Length)
        {
            throw new ArgumentException($"the seasonality has {_multipliers.Length} steps but the rollout has {steps}.", nameof(steps));
        }

        var result = new Tensor[steps];
        for (var k = 0; k < steps; k++)
        {
            result[k] = dynamics.SampleIncrements(batch, dt, generator, dtype) * _multipliers[k];
        }

        return result;
    }
}

/// <summary>
/// Historical noise: each path replays the increments of one historical day, drawn with replacement (a
/// day-block bootstrap, which keeps the intraday seasonality and the within-day dependence of the data).
/// Increments are given in the model's dW units, i.e. price increments divided by σ.
/// </summary>
public sealed class BootstrapIncrements : IIncrementSource
{
    private readonly double[][] _days;

    /// <summary>Creates the source.</summary>
    /// <param name="days">One array per historical day with N increments each (finite), in dW units (ΔS/σ).</param>
    /// <param name="demean">Subtract the pooled mean increment of each step, so the replayed noise has no drift
    /// the policy could learn to exploit from a handful of days.</param>
    public BootstrapIncrements(IReadOnlyList<IReadOnlyList<double>> days, bool demean = true)
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0)
        {
            throw new ArgumentException("days must hold at least one day.", nameof(days));
        }

        var n = days[0].Count;
        _days = new double[days.Count][];
        for (var d = 0; d < days.Count; d++)
        {
            if (days[d].Count != n || n == 0)
            {
                throw new ArgumentException($"every day needs the same, non-zero number of increments (day 0 has {n}, day {d} has {days[d].Count}).", nameof(days));
            }

            _days[d] = [.. days[d]];
            foreach (var v in _days[d])
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"day {d} holds a non-finite increment.", nameof(days));
                }
            }
        }

        if (demean)
        {
            for (var k = 0; k < n; k++)
            {
                var mean = 0.0;
                foreach (var day in _days)
                {
                    mean += day[k];
                }

                mean /= _days.Length;
                foreach (var day in _days)
                {
                    day[k] -= mean;
                }
            }
        }

        Steps = n;
    }

    /// <summary>Gets the number of days to draw from.</summary>
    public int DayCount => _days.Length;

    /// <summary>Gets N, the increments per day.</summary>
    public int Steps { get; }

    /// <inheritdoc />
    public Tensor[] Sample(IDynamics dynamics, int batch, int steps, double dt, Philox generator, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(dynamics);
        ArgumentNullException.ThrowIfNull(generator);
        if (dynamics.NoiseDimension != 1)
        {
            throw new ArgumentException($"historical increments drive one noise; the dynamics have {dynamics.NoiseDimension}.", nameof(dynamics));
        }

        if (steps != Steps)
        {
            throw new ArgumentException($"the historical days have {Steps} increments but the rollout has {steps} steps.", nameof(steps));
        }

        var pick = Tensor.Uniform([batch], generator, 0, _days.Length, DType.Float64).ToDoubleArray();
        var values = new double[steps][];
        for (var k = 0; k < steps; k++)
        {
            values[k] = new double[batch];
        }

        for (var b = 0; b < batch; b++)
        {
            var day = _days[Math.Min((int)pick[b], _days.Length - 1)];
            for (var k = 0; k < steps; k++)
            {
                values[k][b] = day[k];
            }
        }

        var result = new Tensor[steps];
        for (var k = 0; k < steps; k++)
        {
            result[k] = Tensor.FromSpan(values[k], [batch, 1], dtype);
        }

        return result;
    }
}
