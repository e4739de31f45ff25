using System.Text.Json;
using NeuralHjb.Cli;

namespace NeuralHjb.Cli.Tests;

/// <summary>End to end: <c>solve mean-variance|almgren-chriss --method bsde-ls</c> on tiny runs, read back from the JSON line.</summary>
public class MultiAgentSolveCommandTests
{
    private static (int Code, JsonElement? Summary, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var oldOut = Console.Out;
        var oldError = Console.Error;
        Console.SetOut(stdout);
        Console.SetError(stderr);
        int code;
        try
        {
            code = Program.Main(args);
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }

        var line = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        return (code, line is null ? null : JsonDocument.Parse(line).RootElement.Clone(), stderr.ToString());
    }

    [Fact]
    public void Mean_variance_reports_the_holding_error_against_the_closed_form()
    {
        var (code, summary, _) = Run("solve", "mean-variance", "--method", "bsde-ls", "--mu", "0.11", "--r", "0.03", "--sigma", "0.25", "--gamma", "2", "--time-steps", "3", "--paths", "64", "--seed", "3", "--json");
        code.Should().Be(0);
        var s = summary!.Value;
        s.GetProperty("problem").GetString().Should().Be("mean-variance");
        s.GetProperty("method").GetString().Should().Be("bsde-ls");
        var error = s.GetProperty("errors").GetProperty("holding_rel_l2").GetDouble();
        error.Should().BeInRange(0, 0.1);
        s.GetProperty("reference").GetProperty("agent0_asset0_holding_t0").GetDouble().Should().BeApproximately(0.08 * Math.Exp(-0.03) / (2 * 0.0625), 1e-9);
    }

    [Fact]
    public void Mean_variance_with_two_agents_and_theta_compares_with_the_others_equilibrium()
    {
        var (code, summary, _) = Run("solve", "mean-variance", "--agents", "2", "--gamma", "2,4", "--theta", "0.4,0.6", "--time-steps", "2", "--iterations", "100", "--paths", "48", "--json");
        code.Should().Be(0);
        var errors = summary!.Value.GetProperty("errors");
        errors.GetProperty("agent1_asset0_holding_rel_l2").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        summary.Value.GetProperty("parameters").GetProperty("benchmark").GetString().Should().Be("others");
    }

    [Fact]
    public void Almgren_chriss_reports_per_agent_metrics()
    {
        var (code, summary, _) = Run("solve", "almgren-chriss", "--method", "bsde-ls", "--agents", "2", "--holdings", "1,-1", "--kappa-t", "0.02", "--time-steps", "2", "--iterations", "100", "--paths", "48", "--json");
        code.Should().Be(0);
        var metrics = summary!.Value.GetProperty("metrics");
        foreach (var key in new[] { "agent0_expected_wealth", "agent0_wealth_std", "agent0_sharpe", "agent0_hold_sharpe", "agent1_sharpe", "agent1_hold_sharpe", "iterations", "final_control_change" })
        {
            metrics.TryGetProperty(key, out _).Should().BeTrue(key);
        }
    }

    [Fact]
    public void Almgren_chriss_takes_per_agent_permanent_impact_and_the_grid_kind()
    {
        var (code, summary, _) = Run("solve", "almgren-chriss", "--agents", "2", "--kappa-p-agent", "0.005,0.05", "--execution-grid", "rates", "--time-steps", "2", "--iterations", "20", "--paths", "32", "--json");
        code.Should().Be(0);
        var parameters = summary!.Value.GetProperty("parameters");
        parameters.GetProperty("kappa_p_agent").EnumerateArray().Select(e => e.GetDouble()).Should().Equal(0.005, 0.05);
        parameters.GetProperty("execution_grid").GetString().Should().Be("rates");
        parameters.GetProperty("liquidation_time").GetDouble().Should().Be(0.01, "the problem's default forced-trade duration");

        var (bad, _, error) = Run("solve", "almgren-chriss", "--agents", "2", "--kappa-p-agent", "0.1,0.2,0.3", "--time-steps", "2", "--iterations", "20");
        bad.Should().Be(2);
        error.Should().Contain("--kappa-p-agent needs one value or 2");
    }

    [Fact]
    public void Bad_arguments_exit_non_zero_with_a_message()
    {
        var (code, _, error) = Run("solve", "almgren-chriss", "--method", "pinn", "--time-steps", "2", "--iterations", "100");
        code.Should().Be(2);
        error.Should().Contain("pinn").And.Contain("bsde-ls");
        var (code2, _, error2) = Run("solve", "mean-variance", "--assets", "2", "--mu", "0.1,0.2,0.3", "--time-steps", "2", "--iterations", "100");
        code2.Should().Be(2);
        error2.Should().Contain("--mu needs one value or 2");
    }
}
