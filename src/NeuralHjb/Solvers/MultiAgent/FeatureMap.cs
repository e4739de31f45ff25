using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// The network's per-path inputs: every state coordinate standardised with fixed statistics (taken once from the
/// first training paths, so the weights shared across time steps and iterations see one scaling), the time scaled to
/// [−1, 1], and optionally the path's index scaled to [−1, 1].
/// </summary>
internal sealed class FeatureMap
{
    private const double Limit = 4;
    private readonly AgentMarket _market;
    private readonly double[] _mean;
    private readonly double[] _inverseStd;
    private readonly double _horizon;
    private readonly DType _dtype;

    public FeatureMap(AgentMarket market, IReadOnlyList<double[]> states, int rows, bool pathIndex, DType dtype)
    {
        _market = market;
        var dimension = market.FeatureCount;
        var horizon = market.Horizon;
        _mean = new double[dimension];
        _inverseStd = new double[dimension];
        var sum = new double[dimension];
        var square = new double[dimension];
        var count = 0L;
        foreach (var state in states)
        {
            var x = market.Features(state, rows);
            for (var p = 0; p < rows; p++)
            {
                for (var i = 0; i < dimension; i++)
                {
                    var v = x[(p * dimension) + i];
                    sum[i] += v;
                    square[i] += v * v;
                }
            }

            count += rows;
        }

        for (var i = 0; i < dimension; i++)
        {
            _mean[i] = sum[i] / count;
            var variance = Math.Max((square[i] / count) - (_mean[i] * _mean[i]), 0);
            var scale = Math.Sqrt(variance);

            // A coordinate that never moves (an idle agent's cash, say) is only centred.
            _inverseStd[i] = scale > 1e-9 * Math.Max(1, Math.Abs(_mean[i])) ? 1 / scale : 1;
        }

        Dimension = dimension;
        PathIndex = pathIndex;
        _horizon = horizon;
        _dtype = dtype;
    }

    public int Dimension { get; }

    public bool PathIndex { get; }

    /// <summary>Number of features.</summary>
    public int Count => Dimension + 1 + (PathIndex ? 1 : 0);

    /// <summary>Features of rows [start, start + rows) of x: [rows, Count].</summary>
    /// <param name="states">States [*, d].</param>
    /// <param name="start">First row.</param>
    /// <param name="rows">Row count.</param>
    /// <param name="t">Time.</param>
    /// <param name="repeat">Rows per path (row r belongs to path r / repeat).</param>
    /// <param name="paths">Number of paths (for the index scaling).</param>
    public Tensor Build(double[] states, int start, int rows, double t, int repeat, int paths)
    {
        // Derived inputs are computed for the chunk only.
        var d = _market.StateDimension;
        var x = _market.Features(states.AsSpan(start * d, rows * d).ToArray(), rows);
        var f = Count;
        var data = new double[rows * f];
        var time = (2 * t / _horizon) - 1;
        for (var r = 0; r < rows; r++)
        {
            var source = r * Dimension;
            var target = r * f;
            for (var i = 0; i < Dimension; i++)
            {
                // Clamped: the networks are read at post-step states beyond the training cloud, where a clamped input
                // extrapolates flat instead of wildly.
                data[target + i] = Math.Clamp((x[source + i] - _mean[i]) * _inverseStd[i], -Limit, Limit);
            }

            data[target + Dimension] = time;
            if (PathIndex)
            {
                data[target + Dimension + 1] = paths > 1 ? ((2.0 * ((start + r) / repeat)) / (paths - 1)) - 1 : 0;
            }
        }

        var tensor = Tensor.FromArray(data, [rows, f]);
        return _dtype == DType.Float64 ? tensor : tensor.To(_dtype);
    }
}
