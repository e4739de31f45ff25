using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// The network's per-path inputs: every state coordinate standardised with fixed statistics (taken once from the
/// first training paths, so the weights shared across time steps and iterations see one scaling), the time scaled to
/// [−1, 1], and optionally the path's index scaled to [−1, 1].
/// </summary>
internal sealed class FeatureMap
{
    private readonly double[] _mean;
    private readonly double[] _inverseStd;
    private readonly double _horizon;
    private readonly DType _dtype;

    public FeatureMap(IReadOnlyList<double[]> states, int rows, int dimension, double horizon, bool pathIndex, DType dtype)
    {
        _mean = new double[dimension];
        _inverseStd = new double[dimension];
        var sum = new double[dimension];
        var square = new double[dimension];
        var count = 0L;
        foreach (var x in states)
        {
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
    /// <param name="x">States [*, Dimension].</param>
    /// <param name="start">First row.</param>
    /// <param name="rows">Row count.</param>
    /// <param name="t">Time.</param>
    /// <param name="repeat">Rows per path (row r belongs to path r / repeat).</param>
    /// <param name="paths">Number of paths (for the index scaling).</param>
    public Tensor Build(double[] x, int start, int rows, double t, int repeat, int paths)
    {
        var f = Count;
        var data = new double[rows * f];
        var time = (2 * t / _horizon) - 1;
        for (var r = 0; r < rows; r++)
        {
            var source = (start + r) * Dimension;
            var target = r * f;
            for (var i = 0; i < Dimension; i++)
            {
                data[target + i] = (x[source + i] - _mean[i]) * _inverseStd[i];
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
