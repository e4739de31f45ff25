using NeuralHjb.Analysis;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Reference;
using GatheralSchiedParameters = NeuralHjb.Problems.Execution.GatheralSchiedParameters;
using NeuralHjb.Solvers.Pinn;
using NeuralHjb.Tensors;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// What a Gatheral–Schied solve reports: rollout metrics and errors against the closed form (the JSON contract of
/// issue #7), the value and rate at (X₀, S₀), and figures along one path with the price held at S₀.
/// </summary>
internal static class GatheralSchiedReport
{
    /// <summary>Time steps of the figures' path.</summary>
    private const int FigureSteps = 100;

    public static RunReport Build(SolveContext context, GatheralSchied problem, PinnOptions options, PinnResult result)
    {
        var grid = GatheralSchiedPinn.EvaluationGrid(problem, context.Quick ? PinnPreset.Quick : PinnPreset.Standard);
        var rollout = GatheralSchiedRolloutEvaluator.Evaluate(problem, result.Policy, result.Network.Value, grid, options.DType);
        var p = problem.Parameters;
        var closed = GatheralSchiedClosedFormPolicy.ClosedForm(p);
        var metrics = rollout.Metrics();
        foreach (var (k, v) in result.Metrics)
        {
            metrics["train_" + k] = v;
        }

        metrics["value_x0_s0"] = Value(result, options.DType, 0, p.InitialInventory, p.InitialPrice);
        metrics["rate_x0_s0"] = Rate(result, options.DType, 0, p.InitialInventory, p.InitialPrice);
        var report = new RunReport
        {
            Summary = new RunSummary
            {
                Problem = "gatheral-schied",
                Method = context.Method,
                Parameters = new Dictionary<string, object>
                {
                    ["lambda"] = p.Lambda,
                    ["kappa"] = p.Kappa,
                    ["sigma"] = p.Sigma,
                    ["horizon"] = p.Horizon,
                    ["x0"] = p.InitialInventory,
                    ["s0"] = p.InitialPrice,
                    ["preset"] = context.Preset,
                    ["seed"] = context.Seed,
                    ["iterations"] = options.Stages.Sum(s => s.Steps),
                    ["rollout_paths"] = rollout.Paths,
                },
                Seconds = result.Elapsed.TotalSeconds,
                Metrics = metrics,
                Reference = new Dictionary<string, double>
                {
                    ["value_x0_s0"] = closed.Value(p.Horizon, p.InitialInventory, p.InitialPrice),
                    ["rate_x0_s0"] = closed.Rate(p.Horizon, p.InitialInventory, p.InitialPrice),
                },
                Errors = rollout.Errors(),
            },
            History = result.History,
            Model = result.Network,
        };
        AddFigures(report, result, options, closed, p);
        report.Notes.Add($"Reference: the Gatheral–Schied closed form (REFERENCES §1). Errors are relative L2 over {rollout.Paths} rollouts of the learned policy; p_abs_terminal_inventory_le_0_05 is the share of paths that end within 0.05 shares of zero.");
        return report;
    }

    /// <summary>Value, rate and inventory along one path with the price held at S₀: learned (Euler with the learned rate) against closed form.</summary>
    private static void AddFigures(RunReport report, PinnResult result, PinnOptions options, GatheralSchiedClosedForm closed, GatheralSchiedParameters p)
    {
        var dt = p.Horizon / FigureSteps;
        var t = Enumerable.Range(0, FigureSteps + 1).Select(k => k * dt).ToArray();
        var prices = t.Select(_ => p.InitialPrice).ToArray();
        var closedInventory = closed.InventoryPath(p.Horizon, p.InitialInventory, t, prices);
        var learnedInventory = new double[t.Length];
        learnedInventory[0] = p.InitialInventory;

        // The rate is not defined at t = T (the closed form's X/τ), so the curves stop one step before it.
        var before = t[..^1];
        var learnedRate = new double[before.Length];
        var closedRate = new double[before.Length];
        var learnedValue = new double[before.Length];
        var closedValue = new double[before.Length];
        for (var k = 0; k < before.Length; k++)
        {
            learnedRate[k] = Rate(result, options.DType, t[k], closedInventory[k], p.InitialPrice);
            closedRate[k] = closed.Rate(p.Horizon - t[k], closedInventory[k], p.InitialPrice);
            learnedValue[k] = Value(result, options.DType, t[k], closedInventory[k], p.InitialPrice);
            closedValue[k] = closed.Value(p.Horizon - t[k], closedInventory[k], p.InitialPrice);
            learnedInventory[k + 1] = learnedInventory[k] - (Rate(result, options.DType, t[k], learnedInventory[k], p.InitialPrice) * dt);
        }

        const string along = "along the closed-form path, price held at S₀";
        report.Plots.Add(new NamedPlot("value.svg", ResultPlots.VersusReference($"Value V(t, X*(t), S₀) {along}", "time t", "value V [currency]", before, learnedValue, closedValue)));
        report.Plots.Add(new NamedPlot("control.svg", ResultPlots.VersusReference($"Selling rate v(t, X*(t), S₀) {along}", "time t", "rate v [shares / time]", before, learnedRate, closedRate)));
        report.Plots.Add(new NamedPlot("inventory.svg", ResultPlots.VersusReference("Inventory X(t) when trading at the learned rate, price held at S₀", "time t", "inventory X(t) [shares]", t, learnedInventory, closedInventory)));
        report.Tables.Add(new CsvTable("path.csv",
        [
            new("t", t), new("inventory_learned", learnedInventory), new("inventory_closed_form", closedInventory),
            new("value_learned", learnedValue), new("value_closed_form", closedValue), new("rate_learned", learnedRate), new("rate_closed_form", closedRate),
        ]));
    }

    private static double Value(PinnResult result, DType dtype, double t, double x, double s) =>
        result.Value(Tensor.FromSpan([t], [1, 1], dtype), Tensor.FromSpan([x, s], [1, 2], dtype)).Item();

    private static double Rate(PinnResult result, DType dtype, double t, double x, double s) =>
        result.Control(Tensor.FromSpan([t], [1, 1], dtype), Tensor.FromSpan([x, s], [1, 2], dtype)).Item();
}
