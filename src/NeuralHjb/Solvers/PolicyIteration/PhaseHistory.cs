using NeuralHjb.Training;

namespace NeuralHjb.Solvers.PolicyIteration;

/// <summary>Folds the per-phase trainer histories into the solve's one history with global step numbers.</summary>
internal sealed class PhaseHistory
{
    public TrainingHistory Global { get; } = new();

    public int StepOffset { get; private set; }

    /// <summary>Appends a phase: its total loss under "{prefix}_loss", its terms as "{prefix}_{term}", and the iteration index.</summary>
    public void Append(TrainingHistory phase, int stepsRun, string prefix, int iteration)
    {
        var names = phase.SeriesNames;
        for (var i = 0; i < phase.Count; i++)
        {
            var terms = new Dictionary<string, double>(StringComparer.Ordinal) { ["iteration"] = iteration };
            foreach (var name in names)
            {
                var key = name == TrainingHistory.TotalLoss ? $"{prefix}_loss" : $"{prefix}_{name}";
                terms[key] = phase[name][i];
            }

            Global.Add(StepOffset + phase.Steps[i], phase[TrainingHistory.TotalLoss][i], terms);
        }

        StepOffset += stepsRun;
    }
}
