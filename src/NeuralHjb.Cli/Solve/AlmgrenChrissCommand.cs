using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.MultiAgent;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve almgren-chriss --method bsde-ls</c>: the multi-asset, multi-agent execution game with permanent and
/// temporary impact (REFERENCES section 8) by backward least squares; reports each agent's expected terminal wealth,
/// its standard deviation, Sharpe ratio and the hold benchmark's Sharpe ratio.
/// </summary>
internal static class AlmgrenChrissCommand
{
    public static Command Create()
    {
        var cmd = new Command("almgren-chriss", "Multi-agent, multi-asset optimal execution with price impact by backward least squares.");
        var common = new CommonOptions();
        var shared = new MultiAgentCliOptions();
        var extra = new Extra();
        common.AddTo(cmd);
        shared.AddTo(cmd);
        cmd.Options.Add(extra.TemporaryImpact);
        cmd.Options.Add(extra.PermanentImpact);
        cmd.Options.Add(extra.Holdings);
        cmd.Options.Add(extra.LiquidationTime);
        cmd.SetAction(parse =>
        {
            try
            {
                return Run(parse, common, shared, extra, Console.Out, Console.Error);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    internal static int Run(ParseResult parse, CommonOptions common, MultiAgentCliOptions shared, Extra extra, TextWriter stdout, TextWriter stderr)
    {
        shared.CheckMethod(parse);
        var n = parse.GetValue(shared.Assets);
        var m = parse.GetValue(shared.Agents);
        if (n < 1 || m < 1)
        {
            throw new ArgumentException("--assets and --agents must be at least 1.");
        }

        var options = shared.SolverOptions(parse, parse.GetValue(common.Seed));
        var mu = MultiAgentCliOptions.List(parse.GetValue(shared.Mu), n, 0, "--mu");
        var sigma = MultiAgentCliOptions.List(parse.GetValue(shared.Sigma), n, 0.2, "--sigma");
        var permanent = MultiAgentCliOptions.List(parse.GetValue(extra.PermanentImpact), n, 0.01, "--kappa-p");
        var gamma = MultiAgentCliOptions.List(parse.GetValue(shared.Gamma), m, 2, "--gamma");
        var theta = MultiAgentCliOptions.List(parse.GetValue(shared.Theta), m, 0, "--theta");
        var temporary = MultiAgentCliOptions.List(parse.GetValue(extra.TemporaryImpact), m, 0.02, "--kappa-t");
        var holdings = MultiAgentCliOptions.List(parse.GetValue(extra.Holdings), m, 1, "--holdings");
        var rho = parse.GetValue(shared.Correlation);
        var r = parse.GetValue(shared.Rate);
        var horizon = 1.0;
        var liquidation = parse.GetResult(extra.LiquidationTime) is null ? horizon / options.TimeSteps : parse.GetValue(extra.LiquidationTime);
        var p = new AlmgrenChrissParameters
        {
            Assets = [.. Enumerable.Range(0, n).Select(i => new ExecutionAsset { InitialPrice = 1, Drift = mu[i], Volatility = sigma[i], PermanentImpact = permanent[i] })],
            Agents = [.. Enumerable.Range(0, m).Select(j => new ExecutionAgent
            {
                RiskAversion = gamma[j],
                PerformanceWeight = theta[j],
                TemporaryImpact = temporary[j],
                InitialHoldings = Enumerable.Repeat(holdings[j], n).ToArray(),
            })],
            Correlation = MultiAgentCliOptions.EqualCorrelation(n, rho),
            InterestRate = r,
            Horizon = horizon,
            LiquidationTime = liquidation,
        };
        var clock = Stopwatch.StartNew();
        var result = new MultiAgentBsdeSolver().Solve(new AlmgrenChriss(p), options, MultiAgentCliOptions.Progress(parse.GetValue(common.Quiet) || parse.GetValue(common.Json), stderr));
        var metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal);
        if (!parse.GetValue(common.Json) && !parse.GetValue(common.Quiet))
        {
            stdout.WriteLine("agent  holdings  E[W_T]      std        Sharpe    hold Sharpe");
            foreach (var a in result.Agents)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{a.Agent,5}  {holdings[a.Agent],8:G3}  {a.ExpectedWealth,-10:G5}  {a.WealthStd,-9:G4}  {a.SharpeRatio,-8:F3}  {a.HoldSharpeRatio:F3}"));
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"iterations {result.Iterations}, final control change {result.FinalControlChange:G3}, equilibrium sweeps {result.EquilibriumSweeps}"));
        }

        var summary = new RunSummary
        {
            Problem = "almgren-chriss",
            Method = "bsde-ls",
            Parameters = new Dictionary<string, object>
            {
                ["assets"] = n, ["agents"] = m, ["mu"] = mu, ["r"] = r, ["sigma"] = sigma, ["gamma"] = gamma, ["theta"] = theta,
                ["kappa_t"] = temporary, ["kappa_p"] = permanent, ["holdings"] = holdings, ["correlation"] = rho,
                ["liquidation_time"] = liquidation, ["steps"] = options.TimeSteps, ["paths"] = options.TrainingPaths,
                ["regressor"] = options.Regressor.ToString(), ["seed"] = options.Seed,
            },
            Seconds = clock.Elapsed.TotalSeconds,
            Metrics = metrics,
        };
        RunOutput.Emit(summary, result.History, parse.GetValue(common.Json), parse.GetValue(common.Out), stdout);
        return 0;
    }

    /// <summary>Options only this command has.</summary>
    internal sealed class Extra
    {
        public Option<string> TemporaryImpact { get; } = new("--kappa-t") { Description = "Temporary impact κ_t per agent (one value, or comma-separated)." };

        public Option<string> PermanentImpact { get; } = new("--kappa-p") { Description = "Permanent impact κ_p per asset (one value, or comma-separated)." };

        public Option<string> Holdings { get; } = new("--holdings") { Description = "Initial shares per agent in every asset (sellers > 0, buyers < 0)." };

        public Option<double> LiquidationTime { get; } = new("--liquidation-time") { Description = "Duration of the forced final trade (default: one step)." };
    }
}
