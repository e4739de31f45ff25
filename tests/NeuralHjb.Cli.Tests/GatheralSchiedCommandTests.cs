using System.Text.Json;
using NeuralHjb.Cli;

namespace NeuralHjb.Cli.Tests;

[Collection("Console")]
public class GatheralSchiedCommandTests
{
    [Fact]
    public void Tiny_mt_pinn_run_prints_the_summary_as_the_last_json_line_and_writes_the_out_folder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "neuralhjb-gs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, _) = Capture(["solve", "gatheral-schied", "--method", "mt-pinn", "--lambda", "0", "--preset", "quick", "--iterations", "60", "--seed", "3", "--json", "--quiet", "--out", dir]);
            code.Should().Be(0);
            var last = stdout.TrimEnd().Split('\n')[^1];
            using var doc = JsonDocument.Parse(last);
            var root = doc.RootElement;
            root.GetProperty("problem").GetString().Should().Be("gatheral-schied");
            root.GetProperty("method").GetString().Should().Be("mt-pinn");
            var p = root.GetProperty("metrics").GetProperty("p_abs_terminal_inventory_le_0_05").GetDouble();
            p.Should().BeInRange(0, 1);
            root.GetProperty("metrics").GetProperty("mean_abs_terminal_inventory").GetDouble().Should().BeGreaterThanOrEqualTo(0);
            var errors = root.GetProperty("errors");
            foreach (var name in new[] { "value_rel_l2", "control_rel_l2", "inventory_rel_l2" })
            {
                errors.GetProperty(name).GetDouble().Should().BeInRange(0, 10);
            }

            // Even 60 steps of the hard-constrained net liquidate on every path (the ansatz contains X/τ).
            p.Should().BeGreaterThanOrEqualTo(0.8);
            root.GetProperty("reference").GetProperty("value_x0_s0").GetDouble().Should().BeApproximately(21.639534, 1e-5);
            File.Exists(Path.Combine(dir, "summary.json")).Should().BeTrue();
            File.ReadAllLines(Path.Combine(dir, "history.csv"))[0].Should().StartWith("step,loss,pde");
            File.Exists(Path.Combine(dir, "model.safetensors")).Should().BeTrue();
            File.Exists(Path.Combine(dir, "value.svg")).Should().BeTrue();
            File.Exists(Path.Combine(dir, "control.svg")).Should().BeTrue();
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("--kappa", "-1")]
    [InlineData("--horizon", "0")]
    [InlineData("--iterations", "2")]
    public void Parameters_outside_their_range_exit_with_a_message(string option, string value)
    {
        var (code, _, stderr) = Capture(["solve", "gatheral-schied", "--preset", "quick", option, value, "--quiet"]);
        code.Should().Be(2);
        CliRun.Lines(stderr).Should().ContainSingle().Which.Should().Contain(option).And.Contain("out of range");
    }

    [Fact]
    public void Unknown_method_is_rejected()
    {
        var (code, _, _) = Capture(["solve", "gatheral-schied", "--method", "magic"]);
        code.Should().NotBe(0);
    }

    private static (int Code, string Stdout, string Stderr) Capture(string[] args)
    {
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = Program.Main(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
