using System.CommandLine;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.PolicyIteration;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve merton|merton-liquidity --method policy-iteration</c>: deep policy iteration on Merton's
/// problem (against the closed forms at t = 0 and T/2) or on the costs-and-liquidity model (against the
/// finite-difference reference at t = 0). Errors are relative L2 over the wealth (× liquidity) grid.
/// </summary>
internal static class MertonCommand
{
    public static Command CreateMerton() => Create(liquidity: false);

    public static Command CreateLiquidity() => Create(liquidity: true);

    private static Command Create(bool liquidity)
    {
        var common = new CommonOptions();
        var method = new Option<string>("--method") { Description = "The solver: policy-iteration.", DefaultValueFactory = _ => "policy-iteration" };
        method.AcceptOnlyFromAmong("policy-iteration");
        var utility = new Option<string>("--utility") { Description = "power (x^p/p), log or exp (−e^{−ax}/a; Merton then controls the amount).", DefaultValueFactory = _ => "power" };
        utility.AcceptOnlyFromAmong("power", "log", "exp");
        var p = new Option<double>("--p") { Description = "p of the power utility (< 1, ≠ 0).", DefaultValueFactory = _ => 0.5 };
        var a = new Option<double>("--a") { Description = "a > 0 of the exponential utility.", DefaultValueFactory = _ => 0.5 };
        var mu = new Option<double>("--mu") { Description = "μ, the stock's drift.", DefaultValueFactory = _ => 0.05 };
        var r = new Option<double>("--r") { Description = "r, the riskless rate.", DefaultValueFactory = _ => 0.02 };
        var sigma = new Option<double>("--sigma") { Description = "σ > 0, the stock's volatility (Merton default 0.3 so that power utility's π* = 2/3 is interior; 0.2 with liquidity).", DefaultValueFactory = _ => liquidity ? 0.2 : 0.3 };
        var k = new Option<double>("--k") { Description = "k ≥ 0, the proportional cost rate.", DefaultValueFactory = _ => 0.004 };
        var beta = new Option<double>("--beta") { Description = "β ≥ 0, the stock's loading on liquidity noise.", DefaultValueFactory = _ => 0.3 };
        var preset = new Option<string>("--preset") { Description = "default (the documented accuracy) or quick (seconds, smoke runs).", DefaultValueFactory = _ => "default" };
        preset.AcceptOnlyFromAmong("default", "quick");
        var cmd = liquidity
            ? new Command("merton-liquidity", "Merton with proportional costs and stochastic liquidity (REFERENCES §7, reconstructed), against finite differences.")
            : new Command("merton", "Merton's portfolio problem (REFERENCES §4), against its closed forms.");
        foreach (var o in new Option[] { method, utility, p, a, mu, r, sigma })
        {
            cmd.Options.Add(o);
        }

        if (liquidity)
        {
            cmd.Options.Add(k);
            cmd.Options.Add(beta);
        }

        cmd.Options.Add(preset);
        common.AddTo(cmd);
        cmd.SetAction(result => Run(
            new Request(
                liquidity,
                result.GetValue(utility)!,
                result.GetValue(p),
                result.GetValue(a),
                result.GetValue(mu),
                result.GetValue(r),
                result.GetValue(sigma),
                result.GetValue(k),
                result.GetValue(beta),
                result.GetValue(preset) == "quick",
                result.GetValue(common.Seed),
                result.GetValue(common.Out),
                result.GetValue(common.Json),
                result.GetValue(common.Quiet)),
            Console.Out,
            Console.Error));
        return cmd;
    }

    public static int Run(Request request, TextWriter stdout, TextWriter stderr)
    {
        var kind = request.Utility switch { "log" => UtilityKind.Log, "exp" => UtilityKind.Exponential, _ => UtilityKind.Power };
        Func<PolicyIterationResult, PolicyValueErrors> compare;
        Merton? merton = null;
        MertonWithCostsAndLiquidity? model = null;
        PolicyIterationOptions options;
        try
        {
            if (request.Liquidity)
            {
                model = new MertonWithCostsAndLiquidity(new MertonWithCostsAndLiquidityParameters
                {
                    Utility = kind, PowerExponent = request.P, RiskAversion = request.A, Drift = request.Mu, InterestRate = request.R,
                    Volatility = request.Sigma, CostRate = request.K, Beta = request.Beta,
                });
                options = PortfolioPolicyIteration.LiquidityOptions(model, request.Seed);
            }
            else
            {
                merton = new Merton(new MertonParameters
                {
                    Utility = kind, PowerExponent = request.P, RiskAversion = request.A, Drift = request.Mu, InterestRate = request.R,
                    Volatility = request.Sigma, Control = kind == UtilityKind.Exponential ? PortfolioControl.Amount : PortfolioControl.Fraction,
                });
                options = PortfolioPolicyIteration.MertonOptions(merton, request.Seed);
            }

            if (request.Quick)
            {
                options = options with { MaxIterations = 2, InitialEvaluationSteps = 60, EvaluationSteps = 30, ImprovementSteps = 30, ReportEvery = 10 };
            }
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return 2;
        }

        var progress = request.Quiet ? null : new Progress(stderr);
        PolicyIterationResult result;
        if (model is not null)
        {
            var reference = PortfolioReferences.SolveLiquidityFd(model.Parameters);
            compare = res => PortfolioReferences.AgainstFiniteDifference(res, reference);
            result = new PolicyIterationSolver().Solve(model, options, progress);
        }
        else
        {
            compare = res => PortfolioReferences.AgainstMertonClosedForm(res, merton!);
            result = new PolicyIterationSolver().Solve(merton!, options, progress);
        }

        var errors = compare(result);
        var summary = new RunSummary
        {
            Problem = request.Liquidity ? "merton-liquidity" : "merton",
            Method = "policy-iteration",
            Parameters = Parameters(request),
            Seconds = result.Elapsed.TotalSeconds,
            Metrics = result.Metrics,
            Reference = new Dictionary<string, double> { ["points"] = errors.Points },
            Errors = new Dictionary<string, double>
            {
                ["policy_rel"] = errors.PolicyRelativeL2,
                ["value_rel"] = errors.ValueRelativeL2,
                ["policy_max_rel"] = errors.PolicyMaxRelative,
                ["value_max_rel"] = errors.ValueMaxRelative,
            },
        };
        if (!request.Json)
        {
            stdout.WriteLine($"{summary.Problem} ({request.Utility}): {result.IterationCount} iterations ({(result.Converged ? "converged" : "iteration cap")}), {result.Elapsed.TotalSeconds:F1} s");
            stdout.WriteLine($"policy error {errors.PolicyRelativeL2:P3} (max {errors.PolicyMaxRelative:P3}), value error {errors.ValueRelativeL2:P4} vs {(request.Liquidity ? "finite differences" : "the closed form")}");
        }

        RunOutput.Emit(summary, result.History, request.Json, request.Out, stdout);
        return 0;
    }

    private static Dictionary<string, object> Parameters(Request q)
    {
        var d = new Dictionary<string, object> { ["utility"] = q.Utility, ["mu"] = q.Mu, ["r"] = q.R, ["sigma"] = q.Sigma, ["seed"] = q.Seed, ["preset"] = q.Quick ? "quick" : "default" };
        if (q.Utility == "power")
        {
            d["p"] = q.P;
        }
        else if (q.Utility == "exp")
        {
            d["a"] = q.A;
        }

        if (q.Liquidity)
        {
            d["k"] = q.K;
            d["beta"] = q.Beta;
        }

        return d;
    }

    /// <summary>What a run was asked for.</summary>
    internal sealed record Request(bool Liquidity, string Utility, double P, double A, double Mu, double R, double Sigma, double K, double Beta, bool Quick, ulong Seed, string? Out, bool Json, bool Quiet);

    /// <summary>One line per report on stderr (stdout stays clean for --json).</summary>
    private sealed class Progress(TextWriter stderr) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => stderr.WriteLine($"{value.Stage}: {value.Step}/{value.TotalSteps} loss {value.Loss:E3}");
    }
}
