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
    public void Backtest_on_a_synthetic_file_reports_every_risk_aversion_and_strategy_with_the_up_down_split()
    {
        var path = Path.GetTempFileName();
        var outDir = Path.Combine(Path.GetTempPath(), "dc-backtest-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(path, SyntheticCsv(days: 4, barsPerDay: 12));
            var output = new StringWriter();
            var root = new RootCommand();
            root.Subcommands.Add(BacktestCommand.Create(output));
            var code = root.Parse(["backtest", "--bars", path, "--intervals", "6", "--risk-aversion", "0.5", "2", "--iterations", "10", "--fine-tune-iterations", "5", "--calibration-fraction", "0.5", "--json", "--out", outDir]).Invoke();

            code.Should().Be(0);
            var json = JsonDocument.Parse(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
            json.GetProperty("calibration_days").GetInt32().Should().Be(2);
            json.GetProperty("test_days").GetInt32().Should().Be(2);
            var phis = json.GetProperty("risk_aversions").EnumerateArray().ToArray();
            phis.Select(p => p.GetProperty("phi").GetDouble()).Should().Equal(0.5, 2);
            phis[0].GetProperty("strategies").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("learned", "learned-simulation-only", "closed-form", "twap", "vwap");
            var twap = phis[0].GetProperty("strategies").GetProperty("twap");
            twap.GetProperty("mean_exposure").GetDouble().Should().BeApproximately(0.5, 1e-9);
            twap.GetProperty("mean_squared_exposure").GetDouble().Should().BeApproximately(1.0 / 3, 1e-9);

            // The up/down split of the Gatheral–Schied mode: each side's days add up to the days of that direction.
            var up = json.GetProperty("up_days").GetInt32();
            var down = json.GetProperty("down_days").GetInt32();
            (up + down).Should().BeLessThanOrEqualTo(2);
            foreach (var (side, count) in new[] { ("up", up), ("down", down) })
            {
                var summary = twap.GetProperty(side);
                if (count == 0)
                {
                    summary.ValueKind.Should().Be(JsonValueKind.Null);
                }
                else
                {
                    summary.GetProperty("days").GetInt32().Should().Be(count);
                    summary.GetProperty("mean_squared_exposure").GetDouble().Should().BeApproximately(1.0 / 3, 1e-9);
                }
            }

            phis[0].TryGetProperty("learned_minus_twap_squared_exposure", out _).Should().BeTrue();
            var days = File.ReadAllLines(Path.Combine(outDir, "days.csv"));
            days[0].Should().Be("phi,date,direction,strategy,shortfall_bps,exposure,squared_exposure,terminal_inventory");
            days.Should().HaveCount(1 + (2 * 5 * 2));
            days.Skip(1).Select(l => l.Split(',')[2]).Should().OnlyContain(d => d == "up" || d == "down" || d == "flat");
        }
        finally
        {
            File.Delete(path);
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public void Gatheral_schied_backtest_reports_each_lambda_with_the_up_down_split()
    {
        var path = Path.GetTempFileName();
        var outDir = Path.Combine(Path.GetTempPath(), "gs-backtest-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(path, SyntheticCsv(days: 6, barsPerDay: 12));
            var output = new StringWriter();
            var root = new RootCommand();
            root.Subcommands.Add(BacktestCommand.Create(output));
            var code = root.Parse(["backtest", "--bars", path, "--model", "gatheral-schied", "--lambda-multipliers", "0", "--preset", "quick", "--intervals", "6", "--calibration-fraction", "0.5", "--seed", "2", "--json", "--out", outDir]).Invoke();

            code.Should().Be(0);
            var json = JsonDocument.Parse(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
            json.GetProperty("model").GetString().Should().Be("gatheral-schied");
            json.GetProperty("test_days").GetInt32().Should().Be(3);
            (json.GetProperty("up_days").GetInt32() + json.GetProperty("down_days").GetInt32()).Should().BeLessThanOrEqualTo(3);
            var lambda = json.GetProperty("lambdas").EnumerateArray().Should().ContainSingle().Subject;
            lambda.GetProperty("multiplier").GetDouble().Should().Be(0);
            var strategies = lambda.GetProperty("strategies");
            strategies.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("mt-pinn", "closed-form", "twap");
            var twap = strategies.GetProperty("twap");
            twap.GetProperty("all").GetProperty("mean_exposure").GetDouble().Should().BeApproximately(0.5, 1e-9);
            twap.GetProperty("all").GetProperty("days").GetDouble().Should().Be(3);
            twap.GetProperty("all").GetProperty("mean_squared_exposure").GetDouble().Should().BeApproximately(1.0 / 3, 1e-9);
            var learned = strategies.GetProperty("mt-pinn").GetProperty("all");
            learned.GetProperty("mean_exposure").GetDouble().Should().BeApproximately(strategies.GetProperty("closed-form").GetProperty("all").GetProperty("mean_exposure").GetDouble(), 2e-3);
            learned.GetProperty("mean_terminal_inventory").GetDouble().Should().BeApproximately(0, 2e-3);
            var days = File.ReadAllLines(Path.Combine(outDir, "days.csv"));
            days.Should().HaveCount(1 + (3 * 3));
            days[0].Should().Be("lambda_multiplier,date,direction,strategy,cost_bps,exposure,squared_exposure,terminal_inventory");
        }
        finally
        {
            File.Delete(path);
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public void Backtest_rejects_an_option_of_the_other_model()
    {
        var path = Path.GetTempFileName();
        try
        {
            // A valid file and a quick budget: only the misplaced option can make these fail.
            File.WriteAllText(path, SyntheticCsv(days: 4, barsPerDay: 12));
            var root = new RootCommand();
            root.Subcommands.Add(BacktestCommand.Create(new StringWriter()));
            root.Parse(["backtest", "--bars", path, "--intervals", "6", "--model", "gatheral-schied", "--preset", "quick", "--lambda-multipliers", "0", "--risk-aversion", "1"]).Invoke().Should().Be(2);
            root.Parse(["backtest", "--bars", path, "--intervals", "6", "--iterations", "2", "--fine-tune-iterations", "0", "--preset", "quick"]).Invoke().Should().Be(2);
            root.Parse(["backtest", "--bars", "/no/such/file.csv", "--model", "gatheral-schied"]).Invoke().Should().Be(2);
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
