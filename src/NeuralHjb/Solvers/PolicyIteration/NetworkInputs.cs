using NeuralHjb.Control;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>
/// The input features both networks see: t, each state coordinate (or its logarithm) and the trained
/// preferences, every column rescaled affinely so that the training box maps to [−1, 1]. Portfolio
/// problems are scale-invariant in wealth, so ln x is the natural coordinate there.
/// </summary>
internal sealed class NetworkInputs
{
    private readonly int _dimension;
    private readonly bool[] _log;
    private readonly double[] _center;
    private readonly double[] _halfWidth;
    private readonly double _horizon;

    public NetworkInputs(ControlProblem problem, IReadOnlyList<int> logCoordinates, IReadOnlyList<PreferenceSpec> preferences)
    {
        _dimension = problem.StateDimension;
        _horizon = problem.Horizon;
        Preferences = preferences;
        _log = new bool[_dimension];
        _center = new double[_dimension];
        _halfWidth = new double[_dimension];
        foreach (var i in logCoordinates)
        {
            _log[i] = true;
        }

        for (var i = 0; i < _dimension; i++)
        {
            var axis = problem.Domain.Axes[i];
            double lo = _log[i] ? Math.Log(axis.Low) : axis.Low, hi = _log[i] ? Math.Log(axis.High) : axis.High;
            _center[i] = 0.5 * (lo + hi);
            _halfWidth[i] = 0.5 * (hi - lo);
        }
    }

    public IReadOnlyList<PreferenceSpec> Preferences { get; }

    public int Width => 1 + _dimension + Preferences.Count;

    /// <summary>Features [batch, Width] of t [batch, 1], x [batch, d] and the preferences.</summary>
    public Tensor Features(Tensor t, Tensor x, PreferenceBatch? preferences)
    {
        var columns = new List<Tensor>(2 + _dimension) { (t * (2.0 / _horizon)) - 1.0 };
        for (var i = 0; i < _dimension; i++)
        {
            var c = _dimension == 1 ? x : x.Slice(1, i, 1);
            columns.Add(((_log[i] ? c.Log() : c) - _center[i]) / _halfWidth[i]);
        }

        if (Preferences.Count > 0)
        {
            if (preferences is null)
            {
                throw new ArgumentException($"the networks were trained over preferences ({string.Join(", ", Preferences.Select(p => p.Name))}); pass a PreferenceBatch.", nameof(preferences));
            }

            columns.Add(preferences.ToFeatures(Preferences));
        }

        return Tensor.Concat(columns, 1);
    }
}
