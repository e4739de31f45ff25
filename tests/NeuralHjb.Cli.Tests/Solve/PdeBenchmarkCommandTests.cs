using System.Text.Json;
using NeuralHjb.Cli.Solve;

namespace NeuralHjb.Cli.Tests.Solve;

public class PdeBenchmarkCommandTests
{
    [Theory]
    [InlineData("hjb-lq", "deep-bsde")]
    [InlineData("hjb-lq", "dbdp")]
    [InlineData("allen-cahn", "deep-bsde")]
    public void A_tiny_run_prints_one_json_line_with_metrics_reference_and_error(string problem, string method)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = PdeBenchmarkCommands.Run(problem, method, dim: 3, lambda: 1.0, iterations: 3, seed: 5, json: true, quiet: true, outDir: null, stdout, stderr);

        code.Should().Be(0, stderr.ToString());
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
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
        var dir = Directory.CreateTempSubdirectory("neuralhjb-cli-bsde-");
        try
        {
            var code = Program.Main(["solve", "hjb-lq", "--method", "deep-bsde", "--dim", "2", "--lambda", "0.5", "--iterations", "4", "--seed", "3", "--quiet", "--out", dir.FullName]);
            code.Should().Be(0);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "summary.json")));
            doc.RootElement.GetProperty("parameters").GetProperty("lambda").GetDouble().Should().Be(0.5);
            doc.RootElement.GetProperty("parameters").GetProperty("iterations").GetInt32().Should().Be(4);
            var history = File.ReadAllLines(Path.Combine(dir.FullName, "history.csv"));
            history[0].Should().Be("step,loss,y0");
            history.Should().HaveCount(2, "the last step is always recorded (ReportEvery 10 > 4 steps)");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bad_arguments_exit_non_zero()
    {
        PdeBenchmarkCommands.Run("hjb-lq", "deep-bsde", dim: 0, lambda: 1, iterations: 3, seed: 1, json: true, quiet: true, outDir: null, new StringWriter(), new StringWriter()).Should().NotBe(0);
        PdeBenchmarkCommands.Run("hjb-lq", "deep-bsde", dim: 2, lambda: -1, iterations: 3, seed: 1, json: true, quiet: true, outDir: null, new StringWriter(), new StringWriter()).Should().NotBe(0);
        Program.Main(["solve", "hjb-lq", "--method", "nonsense", "--quiet"]).Should().NotBe(0);
    }
}
