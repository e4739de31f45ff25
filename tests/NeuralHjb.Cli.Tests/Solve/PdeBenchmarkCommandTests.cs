using System.Text.Json;

namespace NeuralHjb.Cli.Tests.Solve;

public class PdeBenchmarkCommandTests
{
    [Theory]
    [InlineData("hjb-lq", "deep-bsde")]
    [InlineData("hjb-lq", "dbdp")]
    [InlineData("hjb-lq", "dbdp2")]
    [InlineData("allen-cahn", "deep-bsde")]
    public void A_tiny_run_prints_one_json_line_with_metrics_reference_and_error(string problem, string method)
    {
        string[] lambda = problem == "hjb-lq" ? ["--lambda", "1"] : [];
        var (code, stdout, stderr) = CliRun.Invoke(["solve", problem, "--method", method, "--dim", "3", .. lambda, "--iterations", "3", "--seed", "5", "--json", "--quiet"]);

        code.Should().Be(0, stderr);
        var lines = CliRun.Lines(stdout);
        lines.Should().ContainSingle("with --json --quiet stdout holds only the JSON line");
        using var doc = JsonDocument.Parse(lines[^1]);
        var root = doc.RootElement;
        root.GetProperty("problem").GetString().Should().Be(problem);
        root.GetProperty("method").GetString().Should().Be(method);
        root.GetProperty("seconds").GetDouble().Should().BePositive();
        var y0 = root.GetProperty("metrics").GetProperty("y0").GetDouble();
        double.IsFinite(y0).Should().BeTrue();
        if (problem == "hjb-lq")
        {
            var reference = root.GetProperty("reference").GetProperty("y0").GetDouble();
            reference.Should().BeApproximately(NeuralHjb.Reference.HjbLqReference.Value(3, 1.0, 1.0), 1e-12);
            root.GetProperty("errors").GetProperty("y0_rel").GetDouble().Should().BeApproximately(Math.Abs(y0 - reference) / reference, 1e-12);
        }
        else
        {
            // The published Allen–Cahn reference is for d = 100 only.
            root.GetProperty("reference").EnumerateObject().Should().BeEmpty();
        }
    }

    [Fact]
    public void The_command_line_writes_summary_and_loss_history_to_the_out_folder()
    {
        using var dir = new CliRun.TempDir();
        var (code, _, stderr) = CliRun.Invoke("solve", "hjb-lq", "--method", "deep-bsde", "--dim", "2", "--lambda", "0.5", "--iterations", "4", "--seed", "3", "--quiet", "--out", dir.Path);
        code.Should().Be(0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "summary.json")));
        doc.RootElement.GetProperty("parameters").GetProperty("lambda").GetDouble().Should().Be(0.5);
        doc.RootElement.GetProperty("parameters").GetProperty("iterations").GetInt32().Should().Be(4);
        var history = File.ReadAllLines(Path.Combine(dir.Path, "history.csv"));
        history[0].Should().Be("step,loss,y0");
        history.Should().HaveCount(2, "the last step is always recorded (ReportEvery 10 > 4 steps)");
        File.Exists(Path.Combine(dir.Path, "y0.svg")).Should().BeFalse("one record of y0 is a number, not a curve");
    }

    [Theory]
    [InlineData("--dim", "0", ">= 1")]
    [InlineData("--lambda", "-1", "> 0")]
    [InlineData("--iterations", "0", ">= 1")]
    public void Out_of_range_arguments_are_one_line_with_the_rule(string option, string value, string rule)
    {
        var (code, _, stderr) = CliRun.Invoke("solve", "hjb-lq", option, value, "--quiet");
        code.Should().Be(2);
        CliRun.Lines(stderr).Should().ContainSingle().Which.Should().Contain(option).And.Contain(rule);
    }

    [Fact]
    public void An_unknown_method_is_rejected_with_the_choices()
    {
        var (code, _, stderr) = CliRun.Invoke("solve", "hjb-lq", "--method", "nonsense", "--quiet");
        code.Should().Be(2);
        CliRun.Lines(stderr).Should().ContainSingle().Which.Should().Contain("nonsense").And.Contain("dbdp");
    }

    [Fact]
    public void Scheme_options_reach_the_solver_and_the_summary()
    {
        using var dir = new CliRun.TempDir();
        var (code, _, stderr) = CliRun.Invoke("solve", "hjb-lq", "--dim", "2", "--iterations", "3", "--time-steps", "7", "--batch-size", "9", "--generator-theta", "0.5", "--quiet", "--out", dir.Path);
        code.Should().Be(0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "summary.json")));
        var parameters = doc.RootElement.GetProperty("parameters");
        parameters.GetProperty("time_steps").GetInt32().Should().Be(7);
        parameters.GetProperty("batch_size").GetInt32().Should().Be(9);
        parameters.GetProperty("generator_theta").GetDouble().Should().Be(0.5);

        var (dbdp, _, dbdpErr) = CliRun.Invoke("solve", "hjb-lq", "--method", "dbdp", "--generator-theta", "0.5", "--quiet");
        dbdp.Should().Be(2);
        CliRun.Lines(dbdpErr).Should().ContainSingle().Which.Should().Contain("--generator-theta");
    }

    [Fact]
    public void The_small_d_preset_takes_the_trapezoidal_generator_and_1024_paths_and_is_for_deep_bsde_only()
    {
        using var dir = new CliRun.TempDir();
        var (code, _, stderr) = CliRun.Invoke("solve", "hjb-lq", "--dim", "2", "--preset", "small-d", "--iterations", "2", "--refinement-iterations", "3", "--quiet", "--out", dir.Path);
        code.Should().Be(0, stderr);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "summary.json")));
        var parameters = doc.RootElement.GetProperty("parameters");
        parameters.GetProperty("generator_theta").GetDouble().Should().Be(NeuralHjb.Solvers.DeepBsde.DeepBsdeOptions.ForSmallDimension.GeneratorTheta);
        parameters.GetProperty("batch_size").GetInt32().Should().Be(NeuralHjb.Solvers.DeepBsde.DeepBsdeOptions.ForSmallDimension.BatchSize);
        parameters.GetProperty("girsanov_reestimate").GetBoolean().Should().BeTrue();
        parameters.GetProperty("refinement_iterations").GetInt32().Should().Be(3);
        var metrics = doc.RootElement.GetProperty("metrics");
        metrics.TryGetProperty("refinement_cost", out _).Should().BeTrue();
        metrics.GetProperty("y0").GetDouble().Should().NotBe(metrics.GetProperty("y0_trained").GetDouble(), "y0 is the re-estimate");
        metrics.GetProperty("y0_standard_error").GetDouble().Should().BePositive();
        doc.RootElement.GetProperty("errors").TryGetProperty("y0_trained_rel", out _).Should().BeTrue();

        var (dbdp, _, dbdpErr) = CliRun.Invoke("solve", "hjb-lq", "--method", "dbdp", "--preset", "small-d", "--quiet");
        dbdp.Should().Be(2);
        CliRun.Lines(dbdpErr).Should().ContainSingle().Which.Should().Contain("small-d");
    }

    [Fact]
    public void Resume_continues_the_checkpoint_in_the_out_folder_and_needs_one()
    {
        using var dir = new CliRun.TempDir();
        string[] run = ["solve", "hjb-lq", "--dim", "2", "--iterations", "5", "--seed", "4", "--json", "--quiet", "--out", dir.Path];
        var (missing, _, missingErr) = CliRun.Invoke([.. run, "--resume"]);
        missing.Should().Be(2, "there is nothing to resume yet");
        CliRun.Lines(missingErr).Should().ContainSingle().Which.Should().Contain("--resume");

        var (first, firstOut, firstErr) = CliRun.Invoke(run);
        first.Should().Be(0, firstErr);
        File.Exists(Path.Combine(dir.Path, "checkpoints", "deep-bsde.safetensors")).Should().BeTrue();
        // Another seed shows which run the second one continued: a fresh seed-5 run ends elsewhere, the resumed
        // one is the finished seed-4 run (no steps left), bit for bit.
        string[] other = [.. run[..^1], dir.Path];
        other[Array.IndexOf(other, "--seed") + 1] = "5";
        var (resumed, resumedOut, resumedErr) = CliRun.Invoke([.. other, "--resume"]);
        resumed.Should().Be(0, resumedErr);
        var (fresh, freshOut, freshErr) = CliRun.Invoke(other);
        fresh.Should().Be(0, freshErr);
        Y0(freshOut).Should().NotBe(Y0(firstOut));

        static double Y0(string stdout)
        {
            using var doc = JsonDocument.Parse(CliRun.Lines(stdout)[^1]);
            return doc.RootElement.GetProperty("metrics").GetProperty("y0").GetDouble();
        }

        Y0(resumedOut).Should().Be(Y0(firstOut), "a finished run resumed from its checkpoint runs no steps and ends with its bits");
    }
}
