using NeuralHjb.Control;
using NeuralHjb.Random;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>Points (t, x[, p]) where the residual or the Hamiltonian is evaluated.</summary>
/// <param name="Time">t [batch, 1].</param>
/// <param name="State">x [batch, d].</param>
/// <param name="Preferences">Per-sample preferences, or null.</param>
internal sealed record CollocationBatch(Tensor Time, Tensor State, PreferenceBatch? Preferences)
{
    public int Count => Time.Size(0);

    /// <summary>
    /// Uniform points in [0, T] × domain (× preference box); coordinates the networks see as logarithms are
    /// drawn log-uniformly, so the density is uniform in the networks' own input (otherwise the small-wealth
    /// end of a wide wealth range gets few points and is fitted worst).
    /// </summary>
    public static CollocationBatch Sample(ControlProblem problem, IReadOnlyList<PreferenceSpec> specs, IReadOnlyList<int> logCoordinates, int count, Philox generator, DType dtype)
        => new(
            problem.SampleTime(count, generator, dtype),
            SampleState(problem, logCoordinates, count, generator, dtype),
            specs.Count == 0 ? null : PreferenceBatch.Sample(specs, count, generator, dtype));

    /// <summary>Points at t = T, drawn like <see cref="Sample"/> in space.</summary>
    public static CollocationBatch SampleTerminal(ControlProblem problem, IReadOnlyList<PreferenceSpec> specs, IReadOnlyList<int> logCoordinates, int count, Philox generator, DType dtype)
        => new(
            Tensor.Full([count, 1], problem.Horizon, dtype),
            SampleState(problem, logCoordinates, count, generator, dtype),
            specs.Count == 0 ? null : PreferenceBatch.Sample(specs, count, generator, dtype));

    private static Tensor SampleState(ControlProblem problem, IReadOnlyList<int> logCoordinates, int count, Philox generator, DType dtype)
    {
        var x = problem.Domain.Sample(count, generator, dtype);
        if (logCoordinates.Count == 0)
        {
            return x;
        }

        var d = problem.StateDimension;
        var columns = new Tensor[d];
        for (var i = 0; i < d; i++)
        {
            columns[i] = x.Slice(1, i, 1);
        }

        foreach (var i in logCoordinates)
        {
            var axis = problem.Domain.Axes[i];
            var unit = (columns[i] - axis.Low) / (axis.High - axis.Low);
            columns[i] = (unit * Math.Log(axis.High / axis.Low)).Exp() * axis.Low;
        }

        return d == 1 ? columns[0] : Tensor.Concat(columns, 1);
    }

    public CollocationBatch Append(CollocationBatch? other)
    {
        if (other is null)
        {
            return this;
        }

        PreferenceBatch? prefs = null;
        if (Preferences is not null && other.Preferences is not null)
        {
            var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var name in Preferences.Names)
            {
                values[name] = Tensor.Concat([Preferences[name], other.Preferences[name]], 0);
            }

            prefs = new PreferenceBatch(values);
        }

        return new(Tensor.Concat([Time, other.Time], 0), Tensor.Concat([State, other.State], 0), prefs);
    }
}
