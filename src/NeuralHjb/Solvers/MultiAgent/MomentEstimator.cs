using NeuralHjb.Autodiff;
using NeuralHjb.Tensors;

namespace NeuralHjb.Solvers.MultiAgent;

/// <summary>
/// The learned conditional moments of every agent at every step: per (agent, step) the bagged networks' weights
/// (snapshots of the networks shared across time steps) and the step's gain scale. Evaluates
/// Ĝ₁ = E_n[Y(T) − c_n] and Ĝ₂ = E_n[(Y(T) − c_n)²] over an agent's grid, and the agent's best control.
/// </summary>
/// <remarks>
/// The previous step's estimate fed to step n's network is the step-(n+1) network read at the same state with a
/// zero previous estimate of its own: one extra pass instead of a chain back to T, and always measurable at t_n.
/// </remarks>
internal sealed class MomentEstimator
{
    private const int ChunkRows = 2048;
    private readonly Tensor[][][][] _weights;
    private readonly double[][] _scales;
    private readonly GridNetwork _current;
    private readonly GridNetwork _previous;
    private readonly FeatureMap _features;
    private readonly ControlGrid[] _grids;
    private readonly double[] _gamma;
    private readonly double[] _times;
    private readonly bool _usePrevious;
    private readonly bool _refine;
    private readonly StepMoments? _step;

    public MomentEstimator(int agents, int steps, int bags, GridNetwork current, GridNetwork previous, FeatureMap features, ControlGrid[] grids, double[] gamma, double[] times, MultiAgentBsdeOptions options, StepMoments? stepMoments)
    {
        _weights = new Tensor[agents][][][];
        _scales = new double[agents][];
        for (var j = 0; j < agents; j++)
        {
            _weights[j] = new Tensor[steps][][];
            _scales[j] = new double[steps];
            for (var n = 0; n < steps; n++)
            {
                _weights[j][n] = new Tensor[bags][];
            }
        }

        _current = current;
        _previous = previous;
        _features = features;
        _grids = grids;
        _gamma = gamma;
        _times = times;
        _usePrevious = options.UsePreviousEstimate;
        _refine = options.RefineArgmax;
        _step = stepMoments;
        Bags = bags;
        Steps = steps;
    }

    public int Bags { get; }

    public int Steps { get; }

    public double Scale(int agent, int step) => _scales[agent][step];

    public void Store(int agent, int step, int bag, GridNetwork network, double scale)
    {
        _weights[agent][step][bag] = [.. network.Parameters().Select(p => p.Detach().Clone())];
        _scales[agent][step] = scale;
    }

    public bool Has(int agent, int step) => _weights[agent][step][0] is not null;

    public void LoadInto(int agent, int step, int bag, GridNetwork network) => Load(network, _weights[agent][step][bag]);

    /// <summary>
    /// The previous-estimate input of step <paramref name="step"/> (raw outputs, see <see cref="MomentHead"/>) in that
    /// step's units, [rows, 2, K]; zeros at the
    /// last step or when the option is off. <paramref name="scale"/> is step n's gain scale.
    /// </summary>
    public Tensor PreviousInput(int agent, int step, int bag, Tensor stepFeaturesAtNext, double scale)
    {
        var rows = stepFeaturesAtNext.Size(0);
        var k = _grids[agent].Count;
        if (!_usePrevious || step + 1 >= Steps)
        {
            return Tensor.Zeros([rows, 2, k], stepFeaturesAtNext.DType);
        }

        using var _ = Autograd.NoGrad();
        Load(_previous, _weights[agent][step + 1][bag]);
        var ratio = _scales[agent][step + 1] / scale;
        return MomentHead.Rescale(_previous.Predict(stepFeaturesAtNext, Tensor.Zeros([rows, 2, k], stepFeaturesAtNext.DType)), ratio, _step is not null);
    }

    /// <summary>
    /// The agent's moments over its grid at step n for the states x ([rows, d]), in currency units: two arrays
    /// [rows, K]. <paramref name="repeat"/> and <paramref name="paths"/> give the path index feature.
    /// </summary>
    public (double[] Mean, double[] Second) Moments(int agent, int step, double[] x, int rows, int repeat, int paths)
    {
        var k = _grids[agent].Count;
        var m1 = new double[rows * k];
        var m2 = new double[rows * k];
        var scale = _scales[agent][step];
        using var _ = Autograd.NoGrad();
        for (var start = 0; start < rows; start += ChunkRows)
        {
            var count = Math.Min(ChunkRows, rows - start);
            var features = _features.Build(x, start, count, _times[step], repeat, paths);
            var nextFeatures = _usePrevious && step + 1 < Steps ? _features.Build(x, start, count, _times[step + 1], repeat, paths) : features;
            Tensor? sum = null;
            for (var b = 0; b < Bags; b++)
            {
                var previous = PreviousInput(agent, step, b, nextFeatures, scale);
                Load(_current, _weights[agent][step][b]);
                var y = MomentHead.Moments(_current.Predict(features, previous), _step is not null);
                sum = sum is null ? y : sum + y;
            }

            var values = sum!.ToDoubleArray();
            var inverseBags = 1.0 / Bags;
            for (var r = 0; r < count; r++)
            {
                for (var c = 0; c < k; c++)
                {
                    m1[((start + r) * k) + c] = values[(r * 2 * k) + c] * inverseBags * scale;
                    m2[((start + r) * k) + c] = values[(r * 2 * k) + k + c] * inverseBags * scale * scale;
                }
            }
        }

        if (_step is not null)
        {
            AddStepMoments(agent, step, x, rows, m1, m2);
        }

        return (m1, m2);
    }

    /// <summary>
    /// Residual moments (R₁, R₂) → whole ones: E[G] = R₁ + e, E[G²] = R₂ + E[δ²] + 2eR₁, with the variance
    /// (R₂ − R₁²) + (E[δ²] − e²) floored at zero.
    /// </summary>
    private void AddStepMoments(int agent, int step, double[] x, int rows, double[] m1, double[] m2)
    {
        var (e, s) = _step!.Compute(agent, step, x, rows);
        for (var i = 0; i < m1.Length; i++)
        {
            var mean = m1[i] + e[i];
            var variance = (m2[i] - (m1[i] * m1[i])) + (s[i] - (e[i] * e[i]));
            m1[i] = mean;
            m2[i] = (mean * mean) + Math.Max(variance, 0);
        }
    }

    /// <summary>
    /// The agent's best controls at step n ([rows, N] into <paramref name="controls"/> at the agent's block of a
    /// [rows, M·N] array) and the moments of the centred gain there.
    /// </summary>
    public (double[] Mean, double[] Second) Choose(int agent, int step, double[] x, int rows, int repeat, int paths, double[] controls, int agents)
    {
        var (m1, m2) = Moments(agent, step, x, rows, repeat, paths);
        var grid = _grids[agent];
        var k = grid.Count;
        var n = grid.Assets;
        var gamma = _gamma[agent];
        var criterion = new double[k];
        var chosen = new double[n];
        var mean = new double[rows];
        var second = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var row1 = m1.AsSpan(r * k, k);
            var row2 = m2.AsSpan(r * k, k);
            for (var c = 0; c < k; c++)
            {
                criterion[c] = row1[c] - (gamma * (row2[c] - (row1[c] * row1[c])));
            }

            grid.Choose(criterion, row1, row2, _refine, chosen, out mean[r], out second[r]);
            for (var i = 0; i < n; i++)
            {
                controls[(r * agents * n) + (agent * n) + i] = chosen[i];
            }
        }

        return (mean, second);
    }

    private static void Load(GridNetwork network, Tensor[] weights)
    {
        var i = 0;
        foreach (var p in network.Parameters())
        {
            p.CopyFrom(weights[i++]);
        }
    }
}
