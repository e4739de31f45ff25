using System.Diagnostics;
using NeuralHjb.Autodiff;
using NeuralHjb.Cli.Solve;
using NeuralHjb.Nn;
using NeuralHjb.Optim;
using NeuralHjb.Random;
using NeuralHjb.Reference;
using NeuralHjb.Tensors;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Demo;

/// <summary>
/// PLACEHOLDER for the default job until a solver lands: a supervised fit of the Cartea–Jaimungal
/// closed-form h₂(t) by a small MLP through the shared Trainer. It exercises the whole output path
/// (progress, checkpoint, table, plots, CSV, JSON) but is not a solver; it is replaced by a real solve.
/// </summary>
internal static class DemoStub
{
    public static RunReport Solve(SolveContext context)
    {
        var clock = Stopwatch.StartNew();
        var closedForm = new CarteaJaimungalClosedForm(new CarteaJaimungalParameters(kappa: 0.24, alpha: 0.16, phi: 0.7, terminalPenalty: 10, horizon: 1));
        var steps = context.Iterations ?? (context.Preset == "quick" ? 400 : 2000);
        var net = new Mlp([1, 16, 16, 1], Activation.Tanh, generator: new Philox(context.Seed, 0), dtype: DType.Float64);
        var optimizer = new Adam([.. net.Parameters()], learningRate: 1e-2);
        var trainer = new Trainer([.. net.NamedParameters()], optimizer, new TrainerOptions
        {
            Steps = steps,
            ReportEvery = 10,
            Stage = "fit h2",
            CheckpointPath = context.CheckpointPath,
            CheckpointEvery = 100,
        });
        var history = trainer.Run(
            step =>
            {
                var t = Tensor.Uniform([64, 1], new Philox(context.Seed, 1000 + (ulong)step), 0, 1, DType.Float64);
                var target = Tensor.FromSpan(t.ToDoubleArray().Select(closedForm.H2).ToArray(), [64, 1], DType.Float64);
                var fit = (net.Forward(t) - target).Square().Mean();
                return new LossEvaluation(fit, [new("fit", fit)]);
            },
            context.Progress,
            context.CancellationToken);

        var grid = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
        double[] learned;
        using (Autograd.NoGrad())
        {
            learned = net.Forward(Tensor.FromSpan(grid, [grid.Length, 1], DType.Float64)).ToDoubleArray();
        }

        var reference = grid.Select(closedForm.H2).ToArray();
        var summary = new RunSummary
        {
            Problem = "cartea-jaimungal",
            Method = "demo-stub",
            Parameters = new Dictionary<string, object> { ["kappa"] = 0.24, ["alpha"] = 0.16, ["phi"] = 0.7, ["a"] = 10.0, ["seed"] = context.Seed, ["iterations"] = steps },
            Seconds = clock.Elapsed.TotalSeconds,
            Metrics = new Dictionary<string, double> { ["h2_t0"] = learned[0], ["h2_t0.5"] = learned[50], ["h2_t1"] = learned[100] },
            Reference = new Dictionary<string, double> { ["h2_t0"] = reference[0], ["h2_t0.5"] = reference[50], ["h2_t1"] = reference[100] },
        };
        var report = new RunReport { Summary = summary, History = history, Model = net };
        report.Plots.Add(new NamedPlot("h2.svg", ResultPlots.VersusReference("Cartea–Jaimungal h₂(t)", "time t [day]", "h₂(t) [$ per share²]", grid, learned, reference)));
        report.Tables.Add(new CsvTable("h2.csv", [new("t", grid), new("learned", learned), new("closed_form", reference)]));
        return report;
    }
}
