using NeuralHjb.Cli.Infrastructure;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Tests;

/// <summary>Bad input is one clear line on stderr and a non-zero exit, never a stack trace.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData("--iterations", "0", "--iterations")]
    [InlineData("--iterations", "abc", "abc")]
    [InlineData("--seed", "-3", "-3")]
    [InlineData("--preset", "fancy", "fancy")]
    [InlineData("--no-such-option", "1", "--no-such-option")]
    public void A_bad_demo_option_is_one_line_naming_it(string option, string value, string named)
    {
        var (exit, stdout, stderr) = CliRun.Invoke("demo", option, value, "--quiet");

        exit.Should().Be(CliErrors.BadInput);
        stdout.Should().BeEmpty();
        CliRun.Lines(stderr).Should().ContainSingle().Which.Should().Contain(named).And.StartWith("neuralhjb demo:");
        stderr.Should().NotContain("   at ");
    }

    [Fact]
    public void An_unknown_problem_is_one_line()
    {
        var (exit, _, stderr) = CliRun.Invoke("solve", "no-such-problem");

        exit.Should().Be(CliErrors.BadInput);
        CliRun.Lines(stderr).Should().ContainSingle().Which.Should().Contain("no-such-problem");
    }

    [Fact]
    public void An_unreadable_merge_file_is_one_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), "neuralhjb-missing-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var (exit, _, stderr) = CliRun.Invoke("sweep", "--merge", missing, "--results", missing + ".out");

        exit.Should().Be(CliErrors.BadInput);
        CliRun.Lines(stderr).Should().ContainSingle().Which.Should().Contain(Path.GetFileName(missing));
    }

    [Fact]
    public void An_out_folder_that_is_a_file_is_one_line()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (exit, _, stderr) = CliRun.Invoke("demo", "--iterations", "5", "--quiet", "--out", file);
            exit.Should().Be(CliErrors.BadInput);
            CliRun.Lines(stderr).Should().ContainSingle();
            stderr.Should().NotContain("   at ");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Cancellation_says_where_the_last_checkpoint_is()
    {
        var checkpoint = Path.GetTempFileName();
        try
        {
            var stderr = new StringWriter();
            var exit = CliErrors.Guard(stderr, "neuralhjb solve x", () => throw new OperationCanceledException(), () => checkpoint);
            exit.Should().Be(CliErrors.Cancelled);
            stderr.ToString().Should().Contain("cancelled").And.Contain(checkpoint);
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }

    [Fact]
    public void Divergence_is_one_line_with_its_own_exit_code()
    {
        var stderr = new StringWriter();
        var terms = new Dictionary<string, double> { ["loss"] = double.NaN };
        var exit = CliErrors.Guard(stderr, "neuralhjb solve x", () => throw new TrainingDivergedException(12, terms, ["w"], null));
        exit.Should().Be(CliErrors.Diverged);
        CliRun.Lines(stderr.ToString()).Should().ContainSingle().Which.Should().Contain("step 12");
    }

    [Fact]
    public void Argument_exceptions_lose_their_parameter_suffix_line()
    {
        var stderr = new StringWriter();
        CliErrors.Guard(stderr, "neuralhjb solve x", () => throw new ArgumentOutOfRangeException("Kappa", "Kappa must be positive."))
            .Should().Be(CliErrors.BadInput);
        CliRun.Lines(stderr.ToString()).Should().ContainSingle().Which.Should().Contain("Kappa must be positive");
    }

    [Fact]
    public void Help_shows_meanings_ranges_and_the_shared_option_names()
    {
        var (exit, stdout, _) = CliRun.Invoke("demo", "--help");

        exit.Should().Be(0);
        stdout.Should().Contain("--iterations").And.Contain("--seed").And.Contain("--out").And.Contain("--json").And.Contain("--quiet").And.Contain("--preset");
        stdout.Should().Contain("valid: >= 1");
    }
}
