using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuralHjb.Cli.Solve;

namespace NeuralHjb.Cli.Tests;

/// <summary>End-to-end runs of <c>solve cartea-jaimungal --method direct</c> and <c>backtest</c> with tiny budgets.</summary>
public class DirectControlCommandTests
{
    private static (int Code, JsonElement Json) Solve(params string[] args)
    {
        var (code, output, _) = CliRun.Invoke(["solve", "cartea-jaimungal", "--quiet", .. args]);
        var lines = CliRun.Lines(output);
        return (code, code == 0 ? JsonDocument.Parse(lines[^1]).RootElement : default);
    }

    [Fact]
    public void Single_preference_run_prints_the_error_r2_and_seconds()
    {
        var (code, json) = Solve("--method", "direct", "--a", "10", "--phi", "0.7", "--iterations", "20", "--time-steps", "10", "--seed", "3", "--json");
        code.Should().Be(0);
        json.GetProperty("problem").GetString().Should().Be("cartea-jaimungal");
        json.GetProperty("method").GetString().Should().Be("direct");
        json.GetProperty("seconds").GetDouble().Should().BePositive();
        json.GetProperty("errors").GetProperty("control_rel_l2").GetDouble().Should().BePositive();
        json.GetProperty("metrics").GetProperty("r2_min").GetDouble().Should().BeInRange(0, 1 + 1e-12);
        json.GetProperty("reference").GetProperty("nu_over_q_t0").GetDouble().Should().BeApproximately(-1.814363, 1e-6);
        json.GetProperty("parameters").GetProperty("iterations").GetInt32().Should().Be(20);
    }

    [Fact]
    public void Multi_preference_run_reports_the_worst_grid_error_and_the_grid()
    {
        var (code, json) = Solve("--multi-preference", "--iterations", "10", "--time-steps", "8", "--json");
        code.Should().Be(0);
        var metrics = json.GetProperty("metrics");
        var grid = metrics.EnumerateObject().Where(p => p.Name.StartsWith("grid_rel_l2", StringComparison.Ordinal)).Select(p => p.Value.GetDouble()).ToArray();
        grid.Should().HaveCount(25);
        json.GetProperty("errors").GetProperty("control_rel_l2").GetDouble().Should().Be(grid.Max());
    }

    [Fact]
    public void Sub_diffusive_run_reports_the_projection_without_a_closed_form_error()
    {
        var dir = Directory.CreateTempSubdirectory("neuralhjb-cj-");
        try
        {
            var (code, json) = Solve("--exponent", "1.5", "--iterations", "10", "--time-steps", "8", "--json", "--out", dir.FullName);
            code.Should().Be(0);
            json.GetProperty("errors").EnumerateObject().Should().BeEmpty();
            json.GetProperty("metrics").GetProperty("r2_min").GetDouble().Should().BeInRange(0, 1 + 1e-12);
            var projection = File.ReadAllLines(Path.Combine(dir.FullName, "projection.csv"));
            projection[0].Should().Be("t,h1_tilde,h2_tilde,r2");
            projection.Should().HaveCount(9);
            File.Exists(Path.Combine(dir.FullName, "history.csv")).Should().BeTrue();
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unknown_method_exits_with_an_error()
    {
        Solve("--method", "pinn").Code.Should().Be(2);
    }

    [Fact]
    public void Backtest_on_a_synthetic_file_reports_every_risk_aversion_and_strategy()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, SyntheticCsv(days: 4, barsPerDay: 12));
            var output = new StringWriter();
            var root = new RootCommand();
            root.Subcommands.Add(BacktestCommand.Create(output));
            var code = root.Parse(["backtest", "--bars", path, "--intervals", "6", "--risk-aversion", "0.5", "2", "--iterations", "10", "--fine-tune-iterations", "5", "--calibration-fraction", "0.5", "--json"]).Invoke();

            code.Should().Be(0);
            var json = JsonDocument.Parse(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
            json.GetProperty("calibration_days").GetInt32().Should().Be(2);
            json.GetProperty("test_days").GetInt32().Should().Be(2);
            var phis = json.GetProperty("risk_aversions").EnumerateArray().ToArray();
            phis.Select(p => p.GetProperty("phi").GetDouble()).Should().Equal(0.5, 2);
            phis[0].GetProperty("strategies").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("learned", "learned-simulation-only", "closed-form", "twap", "vwap");
            phis[0].GetProperty("strategies").GetProperty("twap").GetProperty("mean_exposure").GetDouble().Should().BeApproximately(0.5, 1e-9);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Backtest_of_a_missing_file_exits_with_an_error()
    {
        var root = new RootCommand();
        root.Subcommands.Add(BacktestCommand.Create(new StringWriter()));
        root.Parse(["backtest", "--bars", "/no/such/file.csv"]).Invoke().Should().Be(2);
    }

    private static string SyntheticCsv(int days, int barsPerDay)
    {
        var rng = new System.Random(3);
        var sb = new StringBuilder("timestamp,open,high,low,close,volume\n");
        var price = 100.0;
        for (var d = 0; d < days; d++)
        {
            var open = new DateTimeOffset(2024, 3, 4 + d, 9, 30, 0, TimeSpan.FromHours(-5));
            for (var i = 0; i < barsPerDay; i++)
            {
                var volume = 1000 + rng.Next(1000);
                var close = price + ((rng.NextDouble() - 0.5) * 0.2);
                var high = Math.Max(price, close) + 0.02;
                var low = Math.Min(price, close) - 0.02;
                sb.Append(string.Create(CultureInfo.InvariantCulture, $"{open.AddMinutes(i):yyyy-MM-ddTHH:mm:sszzz},{price:F4},{high:F4},{low:F4},{close:F4},{volume}\n"));
                price = close;
            }
        }

        return sb.ToString();
    }
}
