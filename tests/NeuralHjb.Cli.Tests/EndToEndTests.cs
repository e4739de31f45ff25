using System.Text.Json;
using System.Xml.Linq;

namespace NeuralHjb.Cli.Tests;

/// <summary>The demo solve end to end: exit code, JSON shape, files written, SVG well-formedness.</summary>
public class EndToEndTests
{
    [Fact]
    public void A_quick_demo_prints_a_json_summary_last_and_writes_its_files()
    {
        using var dir = new CliRun.TempDir();
        var (exit, stdout, stderr) = CliRun.Invoke("demo", "--iterations", "30", "--json", "--quiet", "--out", dir.Path);

        exit.Should().Be(0, stderr);
        var lines = CliRun.Lines(stdout);
        lines.Should().ContainSingle("with --json --quiet stdout holds only the JSON line");
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        root.GetProperty("problem").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("method").GetString().Should().NotBeNullOrEmpty();
        root.GetProperty("seconds").GetDouble().Should().BePositive();
        root.GetProperty("parameters").ValueKind.Should().Be(JsonValueKind.Object);
        foreach (var name in new[] { "metrics", "reference", "errors" })
        {
            root.GetProperty(name).ValueKind.Should().Be(JsonValueKind.Object, name);
        }

        var reference = root.GetProperty("reference").EnumerateObject().Select(p => p.Name).ToList();
        reference.Should().NotBeEmpty();
        root.GetProperty("metrics").EnumerateObject().Select(p => p.Name).Should().Contain(reference, "every reference quantity has its learned value");

        var files = Directory.GetFiles(dir.Path).Select(Path.GetFileName).ToList();
        files.Should().Contain(["summary.json", "history.csv", "loss.svg", "model.safetensors", "checkpoint.safetensors"]);
        File.ReadAllText(Path.Combine(dir.Path, "summary.json")).Trim().Should().Be(lines[^1]);
        File.ReadLines(Path.Combine(dir.Path, "history.csv")).First().Should().StartWith("step,loss");
    }

    [Fact]
    public void Every_svg_the_cli_writes_is_well_formed_with_title_and_axis_labels()
    {
        using var dir = new CliRun.TempDir();
        CliRun.Invoke("demo", "--iterations", "100", "--quiet", "--out", dir.Path).Exit.Should().Be(0);

        var svgs = Directory.GetFiles(dir.Path, "*.svg");
        svgs.Should().HaveCountGreaterThanOrEqualTo(2);
        XNamespace ns = "http://www.w3.org/2000/svg";
        foreach (var path in svgs)
        {
            var doc = XDocument.Load(path);
            doc.Root!.Name.Should().Be(ns + "svg", path);
            var texts = doc.Descendants(ns + "text").Select(t => t.Value).ToList();
            texts.Count.Should().BeGreaterThanOrEqualTo(5, $"{path} has a title, axis labels and tick labels");
            doc.Descendants(ns + "polyline").Should().NotBeEmpty(path);
            doc.Descendants(ns + "rect").Should().NotBeEmpty(path);
            foreach (var line in doc.Descendants(ns + "polyline"))
            {
                line.Attribute("points")!.Value.Should().NotContain("NaN").And.NotContain("Infinity");
            }
        }
    }

    [Fact]
    public void Without_json_the_table_compares_learned_and_reference_on_stdout_and_progress_goes_to_stderr()
    {
        using var dir = new CliRun.TempDir();
        var (exit, stdout, stderr) = CliRun.Invoke("demo", "--iterations", "20", "--out", dir.Path);

        exit.Should().Be(0);
        stdout.Should().Contain("learned").And.Contain("reference").And.Contain("rel. error").And.Contain("wrote ");
        stdout.Should().NotContain("\u001b[", "redirected output gets no colour codes");
        stderr.Should().Contain("20/20", "the last step of the stage is always reported");
    }

    [Fact]
    public void The_same_seed_gives_the_same_metrics_and_another_seed_does_not()
    {
        static string Metrics(string seed)
        {
            var (exit, stdout, _) = CliRun.Invoke("demo", "--iterations", "20", "--json", "--quiet", "--seed", seed, "--out", Path.Combine(Path.GetTempPath(), "neuralhjb-cli-seed-" + Guid.NewGuid().ToString("N")));
            exit.Should().Be(0);
            using var json = JsonDocument.Parse(CliRun.Lines(stdout)[^1]);
            return json.RootElement.GetProperty("metrics").GetRawText();
        }

        Metrics("5").Should().Be(Metrics("5"));
        Metrics("5").Should().NotBe(Metrics("6"));
    }
}

/// <summary>The default job is a real solve: with the solver's quick preset it already lands near the closed form.</summary>
public class DefaultJobAccuracyTests
{
    [Fact]
    public void The_quick_demo_learns_the_closed_form_control_to_within_a_few_percent()
    {
        using var dir = new CliRun.TempDir();
        var (exit, stdout, stderr) = CliRun.Invoke("demo", "--preset", "quick", "--json", "--quiet", "--out", dir.Path);
        exit.Should().Be(0, stderr);
        using var json = System.Text.Json.JsonDocument.Parse(CliRun.Lines(stdout)[^1]);
        var root = json.RootElement;

        // REFERENCES §3: h2(0) = -1.0308944 and nu/q at t = 0 = -1.814363 for these parameters.
        root.GetProperty("reference").GetProperty("h2_t0").GetDouble().Should().BeApproximately(-1.0308944, 1e-6);
        root.GetProperty("reference").GetProperty("nu_over_q_t0").GetDouble().Should().BeApproximately(-1.814363, 1e-5);
        root.GetProperty("metrics").GetProperty("nu_over_q_t0").GetDouble().Should().BeApproximately(-1.814363, 0.15);
        root.GetProperty("errors").GetProperty("control_rel_l2").GetDouble().Should().BeLessThan(0.15);
    }
}
