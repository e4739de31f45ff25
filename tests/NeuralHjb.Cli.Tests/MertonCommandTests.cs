using System.Text.Json;
using NeuralHjb.Cli;

namespace NeuralHjb.Cli.Tests;

public class MertonCommandTests
{
    [Theory]
    [InlineData("merton", "log")]
    [InlineData("merton-liquidity", "power")]
    public void A_tiny_policy_iteration_run_writes_the_json_summary_with_errors_and_iterations(string problem, string utility)
    {
        var dir = Directory.CreateTempSubdirectory("neuralhjb-pi-cli-");
        try
        {
            var code = Program.Main(["solve", problem, "--method", "policy-iteration", "--utility", utility, "--preset", "quick", "--seed", "3", "--quiet", "--out", dir.FullName]);
            code.Should().Be(0);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "summary.json")));
            var root = json.RootElement;
            root.GetProperty("problem").GetString().Should().Be(problem);
            root.GetProperty("method").GetString().Should().Be("policy-iteration");
            root.GetProperty("seconds").GetDouble().Should().BePositive();
            root.GetProperty("metrics").GetProperty("iterations").GetDouble().Should().Be(2);
            var errors = root.GetProperty("errors");
            errors.GetProperty("policy_rel").GetDouble().Should().BeInRange(0, 1);
            errors.GetProperty("value_rel").GetDouble().Should().BeInRange(0, 1);
            root.GetProperty("parameters").GetProperty("utility").GetString().Should().Be(utility);
            File.ReadAllLines(Path.Combine(dir.FullName, "history.csv"))[0].Should().StartWith("step,loss");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Resume_continues_the_phase_checkpoints_in_the_out_folder_and_needs_one()
    {
        using var dir = new CliRun.TempDir();
        string[] run = ["solve", "merton", "--utility", "log", "--preset", "quick", "--iterations", "1", "--seed", "4", "--json", "--quiet", "--out", dir.Path];
        var (missing, _, missingErr) = CliRun.Invoke([.. run, "--resume"]);
        missing.Should().Be(2, "there is nothing to resume yet");
        CliRun.Lines(missingErr).Should().ContainSingle().Which.Should().Contain("--resume");

        var (first, firstOut, firstErr) = CliRun.Invoke(run);
        first.Should().Be(0, firstErr);
        File.Exists(Path.Combine(dir.Path, "checkpoints", "iter0-evaluation.safetensors")).Should().BeTrue();

        // Another seed shows which run the second one continued: a fresh seed-5 run ends elsewhere, the resumed
        // one is the finished seed-4 run (every phase restored), bit for bit.
        var other = run.ToArray();
        other[Array.IndexOf(other, "--seed") + 1] = "5";
        var (resumed, resumedOut, resumedErr) = CliRun.Invoke([.. other, "--resume"]);
        resumed.Should().Be(0, resumedErr);
        var (fresh, freshOut, freshErr) = CliRun.Invoke(other);
        fresh.Should().Be(0, freshErr);
        ValueError(freshOut).Should().NotBe(ValueError(firstOut));
        ValueError(resumedOut).Should().Be(ValueError(firstOut), "a finished run resumed from its checkpoints runs no steps and ends with its bits");

        static double ValueError(string stdout)
        {
            using var doc = JsonDocument.Parse(CliRun.Lines(stdout)[^1]);
            return doc.RootElement.GetProperty("errors").GetProperty("value_rel").GetDouble();
        }
    }

    [Fact]
    public void Invalid_parameters_exit_with_code_2()
    {
        Program.Main(["solve", "merton", "--utility", "power", "--p", "1.5", "--quiet"]).Should().Be(2);
        Program.Main(["solve", "merton", "--method", "pinn", "--quiet"]).Should().NotBe(0);
        var (exit, _, stderr) = CliRun.Invoke("solve", "merton", "--p", "0");
        exit.Should().Be(2);
        CliRun.Lines(stderr).Should().ContainSingle().Which.Should().Contain("--p 0 is out of range");
    }
}
