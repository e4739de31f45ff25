using NeuralHjb.Reliability.Worker;
using NeuralHjb.Solvers;

namespace NeuralHjb.Tests.Reliability;

/// <summary>
/// The solvers the reliability theory checks — add one line per solver with its quick configuration
/// and the seed wired through (its options' seed, never <c>Init.DefaultGenerator</c>).
/// </summary>
public static class SolverCases
{
    /// <summary>All registered cases.</summary>
    public static IReadOnlyList<SolverCase> All { get; } =
    [
        // The shared trainer on its own: the baseline every solver builds on.
        new("trainer/mlp-regression", (seed, ct) => TrainerRegression.Solve(seed, ct)),
    ];

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static SolverCase Get(string name) => All.Single(c => c.Name == name);
}

/// <summary>The trainer-only baseline case, shaped like a solver (result type derived from <see cref="SolverResult"/>).</summary>
internal static class TrainerRegression
{
    public static SolverResult Solve(ulong seed, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = new TrainingRun(new TrainingSetup { Seed = seed, Width = 24, Steps = 40 });
        var history = run.Run(cancellationToken: cancellationToken);
        return new Result
        {
            History = history,
            Elapsed = clock.Elapsed,
            Metrics = new Dictionary<string, double> { ["final_fit"] = history["fit"][^1], ["weight_0"] = run.Parameters[0].Value.ToDoubleArray()[0] },
        };
    }

    private sealed class Result : SolverResult
    {
    }
}
