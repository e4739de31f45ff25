using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Solvers.DirectControl;

/// <summary>
/// The held-out validations of a direct-control run: the steps and costs so far, the best cost and a copy of
/// the parameters that reached it. As an <see cref="ITrainingState"/> it travels with the checkpoint, so a
/// resumed run reports the same validation curve and keeps the same best policy as an uninterrupted one.
/// </summary>
internal sealed class ValidationRecord(Func<double> meanCost, IReadOnlyList<KeyValuePair<string, Tensor>> parameters) : ITrainingState
{
    private readonly List<int> _steps = [];
    private readonly List<double> _costs = [];
    private Tensor[]? _best;

    public IReadOnlyList<int> Steps => _steps;

    public IReadOnlyList<double> Costs => _costs;

    public double BestCost { get; private set; } = double.PositiveInfinity;

    /// <summary>Gets copies of the parameters at <see cref="BestCost"/>, or null before any finite validation.</summary>
    public IReadOnlyList<Tensor>? BestParameters => _best;

    /// <summary>Evaluates the policy after <paramref name="completed"/> steps and keeps the parameters if it is the best so far.</summary>
    public void Validate(int completed)
    {
        var cost = meanCost();
        _steps.Add(completed);
        _costs.Add(cost);
        if (cost < BestCost)
        {
            BestCost = cost;
            _best = [.. parameters.Select(p => p.Value.Clone())];
        }
    }

    public void Save(TrainingStateWriter writer)
    {
        writer.WriteInt64s("steps", [.. _steps.Select(s => (long)s)]);
        writer.WriteDoubles("costs", [.. _costs]);
        writer.WriteDouble("best_cost", BestCost);
        for (var i = 0; _best is not null && i < _best.Length; i++)
        {
            writer.WriteTensor($"best.{i}", _best[i]);
        }
    }

    public Action PrepareLoad(TrainingStateReader reader)
    {
        var steps = reader.ReadInt64s("steps");
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i] < 1 || steps[i] > int.MaxValue || (i > 0 && steps[i] <= steps[i - 1]))
            {
                throw reader.Invalid("steps", $"holds {steps[i]} at index {i}, not an increasing step count ≥ 1");
            }
        }

        // Costs may be NaN or infinite (a policy that blew up is recorded, not hidden); the best must be their minimum.
        var costs = reader.ReadDoubles("costs", steps.Length, allowNonFinite: true);
        var best = reader.ReadDouble("best_cost", allowNonFinite: true);
        var minimum = costs.Where(c => !double.IsNaN(c)).DefaultIfEmpty(double.PositiveInfinity).Min();
        if (BitConverter.DoubleToInt64Bits(best) != BitConverter.DoubleToInt64Bits(minimum))
        {
            throw reader.Invalid("best_cost", $"is {best}, but the smallest validation cost is {minimum}");
        }

        Tensor[]? bestParameters = null;
        if (best < double.PositiveInfinity)
        {
            bestParameters = new Tensor[parameters.Count];
            for (var i = 0; i < parameters.Count; i++)
            {
                var p = parameters[i].Value;
                var t = reader.ReadTensor($"best.{i}", p.DType);
                if (!t.Shape.SequenceEqual(p.Shape))
                {
                    throw reader.Invalid($"best.{i}", $"has shape [{string.Join(", ", t.ShapeArray())}] but parameter '{parameters[i].Key}' has [{string.Join(", ", p.ShapeArray())}]");
                }

                bestParameters[i] = t;
            }
        }

        return () =>
        {
            _steps.Clear();
            _steps.AddRange(steps.Select(s => (int)s));
            _costs.Clear();
            _costs.AddRange(costs);
            BestCost = best;
            _best = bestParameters;
        };
    }
}
