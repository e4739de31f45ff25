using System.CommandLine;
using System.Globalization;
using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.PolicyIteration;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve merton|merton-liquidity --method policy-iteration</c>: deep policy iteration on Merton's
/// problem (against the closed forms at t = 0 and T/2) or on the costs-and-liquidity model (against the
/// finite-difference reference at t = 0); see <see cref="PortfolioReport"/>.
/// </summary>
internal static class MertonCommand
{
    public static Command CreateMerton() => Create(liquidity: false);

    public static Command CreateLiquidity() => Create(liquidity: true);

    private static Command Create(bool liquidity)
    {
        var cmd = liquidity
            ? new Command("merton-liquidity", "Merton with proportional costs and stochastic liquidity (REFERENCES §7, reconstructed), against finite differences.")
            : new Command("merton", "Merton's portfolio problem (REFERENCES §4), against its closed forms.");
        var common = new CommonOptions(
            ["standard", "quick"],
            presetDescription: "standard: the tuned configuration of docs/results/policy-iteration.md; quick: two short rounds, seconds",
            iterationsMeaning: "policy-iteration rounds (evaluation + improvement), overriding the preset's cap");
        common.AddMethod(cmd, "policy-iteration (value network + control network)", "policy-iteration");

        // Ranges as MertonParameters / MertonWithCostsAndLiquidityParameters and the utility validate them.
        var utility = ParameterOption.Choice("--utility", "utility: power x^p/p, log, or exp −e^{−γx}/γ (Merton then controls the amount)", "power", "power", "log", "exp");
        var p = ParameterOption.Real("--p", "exponent p of the power utility (not 0)", string.Empty, 0.5, max: 1, maxExclusive: true);
        p.Validators.Add(result =>
        {
            // p = 0 is log utility, which has its own --utility.
            if (result.Tokens.Count > 0 && double.TryParse(result.Tokens[^1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v == 0)
            {
                result.AddError("--p 0 is out of range: it must be < 1 and not 0 (for p = 0 use --utility log).");
            }
        });
        var gamma = ParameterOption.Real("--gamma", "risk aversion γ of the exponential utility", "1/currency", 0.5, 0, minExclusive: true);
        var mu = ParameterOption.Real("--mu", "drift μ of the stock", "1/year", 0.05);
        var r = ParameterOption.Real("--r", "riskless rate r", "1/year", 0.02);
        var sigma = ParameterOption.Real("--sigma", "volatility σ of the stock" + (liquidity ? string.Empty : " (0.3 keeps power utility's π* = 2/3 interior)"), "1/√year", liquidity ? 0.2 : 0.3, 0, minExclusive: true);
        var k = ParameterOption.Real("--k", "proportional cost rate k", string.Empty, 0.004, 0);
        var beta = ParameterOption.Real("--beta", "loading β of the stock on the liquidity noise", string.Empty, 0.3, 0);
        foreach (var option in liquidity ? new Option[] { utility, p, gamma, mu, r, sigma, k, beta } : [utility, p, gamma, mu, r, sigma])
        {
            cmd.Options.Add(option);
        }

        common.AddPresetAndIterations(cmd);
        common.AddResume(cmd);
        common.AddTo(cmd);
        SolveRunner.SetAction(cmd, common, context =>
        {
            var kind = context.Get(utility) switch { "log" => UtilityKind.Log, "exp" => UtilityKind.Exponential, _ => UtilityKind.Power };
            return liquidity
                ? SolveLiquidity(context, new MertonWithCostsAndLiquidityParameters
                {
                    Utility = kind, PowerExponent = context.Get(p), RiskAversion = context.Get(gamma), Drift = context.Get(mu), InterestRate = context.Get(r),
                    Volatility = context.Get(sigma), CostRate = context.Get(k), Beta = context.Get(beta),
                })
                : SolveMerton(context, new MertonParameters
                {
                    Utility = kind, PowerExponent = context.Get(p), RiskAversion = context.Get(gamma), Drift = context.Get(mu), InterestRate = context.Get(r),
                    Volatility = context.Get(sigma), Control = kind == UtilityKind.Exponential ? PortfolioControl.Amount : PortfolioControl.Fraction,
                });
        });
        return cmd;
    }

    private static RunReport SolveMerton(SolveContext context, MertonParameters parameters)
    {
        var problem = new Merton(parameters);
        var options = Configure(PortfolioPolicyIteration.MertonOptions(problem, context.Seed), context);
        var result = new PolicyIterationSolver().Solve(problem, options, context.Progress, context.CancellationToken);
        return PortfolioReport.Merton(context, problem, options, result);
    }

    private static RunReport SolveLiquidity(SolveContext context, MertonWithCostsAndLiquidityParameters parameters)
    {
        var problem = new MertonWithCostsAndLiquidity(parameters);
        var options = Configure(PortfolioPolicyIteration.LiquidityOptions(problem, context.Seed), context);

        // The reference first: it is cheap and fails fast where the finite-difference grid cannot represent the parameters.
        var reference = PortfolioReferences.SolveLiquidityFd(problem.Parameters);
        var result = new PolicyIterationSolver().Solve(problem, options, context.Progress, context.CancellationToken);
        return PortfolioReport.Liquidity(context, problem, options, result, reference);
    }

    /// <summary>The preset, --iterations, the checkpoint folder and --resume applied to the tuned options.</summary>
    private static PolicyIterationOptions Configure(PolicyIterationOptions tuned, SolveContext context)
    {
        var options = context.Quick
            ? tuned with { MaxIterations = 2, InitialEvaluationSteps = 60, EvaluationSteps = 30, ImprovementSteps = 30, ReportEvery = 10 }
            : tuned;
        return options with { MaxIterations = context.Iterations ?? options.MaxIterations, CheckpointDirectory = context.CheckpointDirectory, ResumeFromCheckpoint = context.Resume };
    }
}
