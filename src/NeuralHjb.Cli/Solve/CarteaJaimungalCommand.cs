using System.CommandLine;
using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Control;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.DirectControl;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve cartea-jaimungal --method direct</c>: the Leal–Laurière–Lehalle direct-control method on
/// Cartea–Jaimungal execution, compared with the closed form (exponent 2) and projected on the closed-form
/// manifold (h̃₁, h̃₂, R²(t)); see <see cref="CarteaJaimungalReport"/>.
/// </summary>
internal static class CarteaJaimungalCommand
{
    /// <summary>The wider multi-preference domain (see docs/solvers/direct-control.md for why).</summary>
    public static readonly PreferenceSpec[] WideDomain =
    [
        new(CarteaJaimungal.APreference, 1, 3, "A, wide domain: liquidation regime 2A >= 12.5 alpha"),
        new(CarteaJaimungal.PhiPreference, 0, 0.3, "phi, wide domain: gamma_c T from 0 to about 1.1"),
    ];

    public static Command Create()
    {
        var cmd = new Command("cartea-jaimungal", "Cartea–Jaimungal optimal execution (Leal–Laurière–Lehalle set-up, REFERENCES §3), against its closed form.");
        var common = new CommonOptions(
            ["standard", "quick"],
            presetDescription: "standard: the solver's default (8000 optimiser steps); quick: its smoke-test preset (800)",
            iterationsMeaning: "optimiser steps (one rollout batch each)");
        common.AddMethod(cmd, "direct (rollout + back-propagation through time)", "direct");

        // Ranges as CarteaJaimungalParameters validates them.
        var a = ParameterOption.Real("--a", "terminal inventory penalty A (single preference)", "$ per share²", 0.01, 0);
        var phi = ParameterOption.Real("--phi", "running inventory penalty φ (single preference)", "$ per share^γ per day", 0.007, 0);
        var kappa = ParameterOption.Real("--kappa", "temporary price impact κ", "$ per share per share/day", 0.24, 0, minExclusive: true);
        var alpha = ParameterOption.Real("--alpha", "permanent price impact α", "$ per share per share", 0.16, 0);
        var sigma = ParameterOption.Real("--sigma", "arithmetic price volatility σ", "$ per √day", 0.2, 0);
        var exponent = ParameterOption.Choice("--exponent", "exponent γ of the running penalty φ|Q|^γ: 2 has a closed form, 1.5 is sub-diffusive", "2", "2", "1.5");
        var multi = new Option<bool>("--multi-preference") { Description = "Train one network over (A, φ) and report the worst error on a 5 x 5 grid." };
        var domain = ParameterOption.Choice("--domain", "multi-preference domain: paper (A <= 0.01, φ <= 0.007) or wide (A in [1, 3], φ in [0, 0.3])", "paper", "paper", "wide");
        var timeSteps = ParameterOption.Integer("--time-steps", "decision steps N on [0, T]", 77, 2, 100_000);
        foreach (var option in new Option[] { a, phi, kappa, alpha, sigma, exponent, multi, domain, timeSteps })
        {
            cmd.Options.Add(option);
        }

        common.AddPresetAndIterations(cmd);
        common.AddResume(cmd);
        common.AddTo(cmd);
        SolveRunner.SetAction(cmd, common, context => Solve(
            context,
            new CarteaJaimungalParameters
            {
                Kappa = context.Get(kappa),
                Alpha = context.Get(alpha),
                Sigma = context.Get(sigma),
                A = context.Get(a),
                Phi = context.Get(phi),
                Exponent = double.Parse(context.Get(exponent), System.Globalization.CultureInfo.InvariantCulture),
            },
            context.Get(multi) ? context.Get(domain) : null,
            context.Get(timeSteps)));
        return cmd;
    }

    /// <param name="context">The run.</param>
    /// <param name="parameters">The problem.</param>
    /// <param name="domain">The multi-preference domain, or null for a single-preference run.</param>
    /// <param name="timeSteps">Decision steps.</param>
    private static RunReport Solve(SolveContext context, CarteaJaimungalParameters parameters, string? domain, int timeSteps)
    {
        var problem = new CarteaJaimungal(parameters);
        var preset = context.Quick ? DirectControlOptions.Quick : DirectControlOptions.Standard;
        if (domain is not null)
        {
            preset = preset with { MultiPreference = true, PreferenceRanges = domain == "wide" ? WideDomain : null };
        }

        var iterations = context.Iterations ?? preset.Iterations;
        var options = CarteaJaimungalDirectControl.Configure(problem, preset with
        {
            Iterations = iterations,
            TimeSteps = timeSteps,
            Seed = context.Seed,
            ValidationEvery = Math.Max(1, Math.Min(preset.ValidationEvery, iterations / 5)),
            CheckpointPath = context.CheckpointPath,
            ResumeFromCheckpoint = context.Resume,
        });
        var result = new DirectControlSolver().Solve(problem, options, context.Progress, context.CancellationToken);
        return CarteaJaimungalReport.Build(context, problem, options, result, domain);
    }
}
