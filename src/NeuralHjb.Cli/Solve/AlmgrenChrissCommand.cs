using System.CommandLine;
using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Problems.Execution;
using NeuralHjb.Solvers.MultiAgent;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve almgren-chriss --method bsde-ls</c>: the multi-asset, multi-agent execution game with permanent and
/// temporary impact (REFERENCES section 8) by backward least squares; reports each agent's expected terminal wealth,
/// its standard deviation, Sharpe ratio and the hold benchmark's Sharpe ratio (<see cref="MultiAgentReport"/>).
/// </summary>
internal static class AlmgrenChrissCommand
{
    private const double Horizon = 1;

    public static Command Create()
    {
        var cmd = new Command("almgren-chriss", "Multi-agent, multi-asset optimal execution with price impact (REFERENCES §2, §8) by backward least squares.");
        var common = new CommonOptions(
            ["quick", "standard"],
            presetDescription: "quick: MLP regressor, one bag, 8 time steps; standard: U-net, three bags, 20 time steps",
            iterationsMeaning: "Adam steps per regression at each time step (the cold last step keeps the preset's multiple)");
        common.AddMethod(cmd, "bsde-ls (backward least squares over control grids, multi-agent)", "bsde-ls");
        var shared = new MultiAgentCliOptions(portfolio: false, rate: 0, mu: 0, sigma: 0.2);
        shared.AddTo(cmd);

        // Ranges as AlmgrenChrissParameters validates them.
        var temporary = ParameterOption.RealList("--kappa-t", "temporary impact κ_t per agent", "per share/time", "0.02", 0);
        var permanent = ParameterOption.RealList("--kappa-p", "permanent impact κ_p per asset", "per share", "0.01", 0);
        var permanentByAgent = ParameterOption.RealList("--kappa-p-agent", "permanent impact κ_p of each agent's own trades, overriding --kappa-p for that agent", "per share", "--kappa-p", 0);
        var grid = ParameterOption.Choice("--execution-grid", "what the control grid discretises: holdings (shares held after the step's trade, centred on the current position) or rates (the published fixed grid of trade rates)", "holdings", "holdings", "rates");
        var holdings = ParameterOption.RealList("--holdings", "initial shares per agent in every asset (sellers > 0, buyers < 0)", "shares", "1");
        var liquidation = ParameterOption.OptionalReal("--liquidation-time", "duration Δ_L of the forced final trade", "time", "0.01, the problem's", 0, minExclusive: true);
        foreach (var option in new Option[] { temporary, permanent, permanentByAgent, holdings, liquidation, grid })
        {
            cmd.Options.Add(option);
        }

        common.AddPresetAndIterations(cmd);
        common.AddTo(cmd);
        SolveRunner.SetAction(cmd, common, context =>
        {
            var n = context.Get(shared.Assets);
            var m = context.Get(shared.Agents);
            var options = shared.SolverOptions(context) with
            {
                ExecutionGrid = context.Get(grid) == "rates" ? ExecutionGrid.TradeRates : ExecutionGrid.Holdings,
            };
            var mu = MultiAgentCliOptions.Expand(context.Get(shared.Mu), n, 0, "--mu");
            var sigma = MultiAgentCliOptions.Expand(context.Get(shared.Sigma), n, 0.2, "--sigma");
            var kappaP = MultiAgentCliOptions.Expand(context.Get(permanent), n, 0.01, "--kappa-p");
            var gamma = MultiAgentCliOptions.Expand(context.Get(shared.Gamma), m, 2, "--gamma");
            var theta = MultiAgentCliOptions.Expand(context.Get(shared.Theta), m, 0, "--theta");
            var kappaT = MultiAgentCliOptions.Expand(context.Get(temporary), m, 0.02, "--kappa-t");
            var shares = MultiAgentCliOptions.Expand(context.Get(holdings), m, 1, "--holdings");
            var ownImpact = context.Get(permanentByAgent) is { Length: > 0 } given ? MultiAgentCliOptions.Expand(given, m, 0, "--kappa-p-agent") : null;
            var parameters = new AlmgrenChrissParameters
            {
                Assets = [.. Enumerable.Range(0, n).Select(i => new ExecutionAsset { InitialPrice = 1, Drift = mu[i], Volatility = sigma[i], PermanentImpact = kappaP[i] })],
                Agents = [.. Enumerable.Range(0, m).Select(j => new ExecutionAgent
                {
                    RiskAversion = gamma[j],
                    PerformanceWeight = theta[j],
                    TemporaryImpact = kappaT[j],
                    PermanentImpact = ownImpact?[j],
                    InitialHoldings = Enumerable.Repeat(shares[j], n).ToArray(),
                })],
                Correlation = MultiAgentCliOptions.EqualCorrelation(n, context.Get(shared.Correlation)),
                InterestRate = context.Get(shared.Rate),
                Horizon = Horizon,
                LiquidationTime = context.Get(liquidation) ?? new AlmgrenChrissParameters().LiquidationTime,
            };
            var result = new MultiAgentBsdeSolver().Solve(new AlmgrenChriss(parameters), options, context.Progress, context.CancellationToken);
            return MultiAgentReport.AlmgrenChriss(context, parameters, context.Get(shared.Correlation), options, result);
        });
        return cmd;
    }
}
