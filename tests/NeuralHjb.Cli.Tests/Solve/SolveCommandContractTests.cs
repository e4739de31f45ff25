using System.CommandLine;
using System.Text.Json;
using NeuralHjb.Cli.Demo;
using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Cli.Solve;

namespace NeuralHjb.Cli.Tests.Solve;

/// <summary>What every solve command promises: ranges in --help, one-line range errors, the JSON keys and the files of --out, and a clean cancel.</summary>
public class SolveCommandContractTests
{
    public static TheoryData<string> Problems => new()
    {
        "hjb-lq", "allen-cahn", "default-risk", "gatheral-schied", "cartea-jaimungal", "merton", "merton-liquidity", "mean-variance", "almgren-chriss",
    };

    /// <summary>Per command: one out-of-range value and the rule the message must state.</summary>
    public static TheoryData<string, string, string, string> OutOfRange => new()
    {
        { "hjb-lq", "--lambda", "0", "> 0" },
        { "allen-cahn", "--dim", "0", ">= 1" },
        { "default-risk", "--dim", "-2", ">= 1" },
        { "gatheral-schied", "--horizon", "0", "> 0" },
        { "cartea-jaimungal", "--phi", "-0.1", ">= 0" },
        { "merton", "--sigma", "0", "> 0" },
        { "merton-liquidity", "--k", "-1", ">= 0" },
        { "mean-variance", "--theta", "0.2,1", ">= 0 and < 1" },
        { "almgren-chriss", "--kappa-t", "-0.5", ">= 0" },
    };

    /// <summary>Per command: the smallest run, and JSON keys ("section.key") it must print.</summary>
    public static TheoryData<string, string[], string[]> QuickRuns => new()
    {
        { "hjb-lq", ["--dim", "2", "--iterations", "20"], ["metrics.y0", "reference.y0", "errors.y0_rel"] },
        { "allen-cahn", ["--dim", "2", "--iterations", "20"], ["metrics.y0"] },
        { "default-risk", ["--dim", "2", "--iterations", "20"], ["metrics.y0"] },
        { "gatheral-schied", ["--preset", "quick", "--iterations", "12"], ["metrics.p_abs_terminal_inventory_le_0_05", "metrics.mean_abs_terminal_inventory", "errors.value_rel_l2", "errors.control_rel_l2", "errors.inventory_rel_l2"] },
        { "cartea-jaimungal", ["--iterations", "5", "--time-steps", "6"], ["errors.control_rel_l2", "metrics.r2_min", "reference.h2_t0", "metrics.h2_t0"] },
        { "merton", ["--preset", "quick", "--iterations", "1"], ["errors.policy_rel", "errors.value_rel", "metrics.iterations"] },
        { "merton-liquidity", ["--preset", "quick", "--iterations", "1"], ["errors.policy_rel", "errors.value_rel"] },
        { "mean-variance", ["--time-steps", "2", "--paths", "32", "--iterations", "20"], ["errors.holding_rel_l2", "reference.agent0_asset0_holding_t0"] },
        { "almgren-chriss", ["--time-steps", "2", "--paths", "32", "--iterations", "20"], ["metrics.agent0_expected_wealth", "metrics.agent0_sharpe", "metrics.agent0_hold_sharpe"] },
    };

    private static readonly string[] NumericHelpNames = ["<number>", "<count>", "<list>"];

    [Theory]
    [MemberData(nameof(Problems))]
    public void Help_lists_the_shared_options_and_the_valid_range_of_every_parameter(string problem)
    {
        var (exit, stdout, _) = CliRun.Invoke("solve", problem, "--help");

        exit.Should().Be(0);
        stdout.Should().Contain("--method").And.Contain("--preset").And.Contain("--iterations").And.Contain("--seed")
            .And.Contain("--out").And.Contain("--json").And.Contain("--quiet");
        stdout.Should().NotContain("--steps ", "training steps are --iterations and decision steps --time-steps everywhere");
        var parameterLines = CliRun.Lines(stdout).Where(l => l.StartsWith("--", StringComparison.Ordinal) && NumericHelpNames.Any(n => l.Contains(n, StringComparison.Ordinal))).ToList();
        parameterLines.Should().HaveCountGreaterThanOrEqualTo(2, "a problem parameter and --iterations");
        parameterLines.Should().OnlyContain(l => l.Contains("valid:", StringComparison.Ordinal), "every numeric parameter states its range");
    }

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void An_out_of_range_value_is_one_line_naming_the_option_and_its_range(string problem, string option, string value, string rule)
    {
        var (exit, stdout, stderr) = CliRun.Invoke("solve", problem, option, value);

        exit.Should().Be(CliErrors.BadInput);
        stdout.Should().BeEmpty("nothing runs");
        CliRun.Lines(stderr).Should().ContainSingle().Which.Should()
            .StartWith($"neuralhjb solve {problem}:").And.Contain(option).And.Contain("out of range").And.Contain(rule);
    }

    [Theory]
    [MemberData(nameof(QuickRuns))]
    public void A_quick_run_prints_the_documented_keys_and_writes_every_kind_of_output(string problem, string[] args, string[] keys)
    {
        using var dir = new CliRun.TempDir();
        var (exit, stdout, stderr) = CliRun.Invoke(["solve", problem, .. args, "--json", "--out", dir.Path]);

        exit.Should().Be(0, stderr);
        var lines = CliRun.Lines(stdout);
        lines.Should().ContainSingle("--json keeps stdout for the JSON line (the table goes to stderr)");
        stderr.Should().NotContain("ETA", "--json turns the progress display off");
        using var json = JsonDocument.Parse(lines[0]);
        var root = json.RootElement;
        root.GetProperty("problem").GetString().Should().Be(problem);
        root.GetProperty("method").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("seconds").GetDouble().Should().BePositive();
        root.GetProperty("parameters").GetProperty("seed").GetUInt64().Should().Be(1);
        foreach (var key in keys)
        {
            var (section, name) = (key[..key.IndexOf('.', StringComparison.Ordinal)], key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            root.GetProperty(section).TryGetProperty(name, out var v).Should().BeTrue(key);
            double.IsFinite(v.GetDouble()).Should().BeTrue(key);
        }

        var files = Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToList();
        files.Should().Contain(["summary.json", "history.csv", "loss.svg"]);
        files.Count(f => f!.EndsWith(".svg", StringComparison.Ordinal)).Should().BeGreaterThanOrEqualTo(2, "a figure against the reference besides the loss");
        File.ReadAllText(Path.Combine(dir.Path, "summary.json")).Trim().Should().Be(lines[0]);
    }

    [Fact]
    public void Cancellation_through_the_runner_exits_130_and_names_the_checkpoint_it_left()
    {
        using var dir = new CliRun.TempDir();
        var command = new Command("demo");
        var common = new CommonOptions(["demo", "quick", "standard"]);
        common.AddPresetAndIterations(command);
        common.AddTo(command);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        command.SetAction(parse => SolveRunner.Run(parse, common, "neuralhjb demo", DefaultJob.Solve, cancel.Token));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = command.Parse(["--iterations", "50", "--out", dir.Path]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });

        exit.Should().Be(CliErrors.Cancelled);
        var checkpoint = Path.Combine(dir.Path, RunOutput.CheckpointFile);
        File.Exists(checkpoint).Should().BeTrue("the trainer writes its checkpoint before it stops");
        CliRun.Lines(stderr.ToString()).Should().ContainSingle().Which.Should().Be($"neuralhjb demo: cancelled; last checkpoint: {Path.GetFullPath(checkpoint)}");
        stdout.ToString().Should().BeEmpty("a cancelled run prints no results");
    }

    [Fact]
    public void The_last_checkpoint_is_the_newest_file_or_folder_entry()
    {
        using var dir = new CliRun.TempDir();
        RunOutput.LastCheckpoint(dir.Path).Should().BeNull();
        var single = Path.Combine(dir.Path, RunOutput.CheckpointFile);
        File.WriteAllText(single, "x");
        File.SetLastWriteTimeUtc(single, DateTime.UtcNow.AddMinutes(-5));
        var folder = Directory.CreateDirectory(Path.Combine(dir.Path, RunOutput.CheckpointFolder)).FullName;
        var older = Path.Combine(folder, "iter1-evaluation.safetensors");
        var newer = Path.Combine(folder, "iter1-improvement.safetensors");
        File.WriteAllText(older, "x");
        File.WriteAllText(newer, "x");
        File.SetLastWriteTimeUtc(older, DateTime.UtcNow.AddMinutes(-2));
        File.SetLastWriteTimeUtc(newer, DateTime.UtcNow.AddMinutes(-1));

        RunOutput.LastCheckpoint(dir.Path).Should().Be(newer);
    }
}
