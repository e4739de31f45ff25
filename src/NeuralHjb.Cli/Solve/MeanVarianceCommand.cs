using System.CommandLine;
using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Problems.Portfolio;
using NeuralHjb.Solvers.MultiAgent;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// <c>neuralhjb solve mean-variance --method bsde-ls</c>: time-consistent mean–variance allocation (E − (γ/2)Var) for
/// M agents and N assets by backward least squares, against section 5's closed form (<see cref="MultiAgentReport"/>).
/// </summary>
internal static class MeanVarianceCommand
{
    private const double DefaultRate = 0.03;
    private const double DefaultMu = 0.11;
    private const double DefaultSigma = 0.25;
    private const double DefaultGamma = 2;

    public static Command Create()
    {
        var cmd = new Command("mean-variance", "Time-consistent mean–variance allocation (multi-agent, multi-asset, REFERENCES §5) by backward least squares.");
        var common = new CommonOptions(
            ["quick", "standard"],
            presetDescription: "quick: MLP regressor, one bag, 8 time steps; standard: U-net, three bags, 20 time steps",
            iterationsMeaning: "Adam steps per regression at each time step (the cold last step keeps the preset's multiple)");
        common.AddMethod(cmd, "bsde-ls (backward least squares over control grids, multi-agent)", "bsde-ls");
        var shared = new MultiAgentCliOptions(portfolio: true, DefaultRate, DefaultMu, DefaultSigma);
        shared.AddTo(cmd);
        var benchmark = ParameterOption.Choice("--benchmark", "what each agent's performance is measured against: others (mean of the other agents, §8) or all (mean of all agents, §5)", "others", "others", "all");
        cmd.Options.Add(benchmark);
        common.AddPresetAndIterations(cmd);
        common.AddTo(cmd);
        SolveRunner.SetAction(cmd, common, context =>
        {
            var n = context.Get(shared.Assets);
            var m = context.Get(shared.Agents);
            var parameters = new MeanVarianceParameters
            {
                InterestRate = context.Get(shared.Rate),
                Drifts = MultiAgentCliOptions.Expand(context.Get(shared.Mu), n, DefaultMu, "--mu"),
                Volatilities = MultiAgentCliOptions.Expand(context.Get(shared.Sigma), n, DefaultSigma, "--sigma"),
                Correlation = MultiAgentCliOptions.EqualCorrelation(n, context.Get(shared.Correlation)),
                RiskAversions = MultiAgentCliOptions.Expand(context.Get(shared.Gamma), m, DefaultGamma, "--gamma"),
                PerformanceWeights = MultiAgentCliOptions.Expand(context.Get(shared.Theta), m, 0, "--theta"),
                InitialWealths = Enumerable.Repeat(1.0, m).ToArray(),
                BenchmarkExcludesSelf = context.Get(benchmark) == "others",
            };
            var problem = new MeanVariance(parameters);
            var options = shared.SolverOptions(context);
            var result = new MultiAgentBsdeSolver().Solve(problem, options, context.Progress, context.CancellationToken);
            return MultiAgentReport.MeanVariance(context, parameters, context.Get(shared.Correlation), options, result);
        });
        return cmd;
    }
}
