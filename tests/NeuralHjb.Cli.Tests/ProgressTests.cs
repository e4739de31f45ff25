using NeuralHjb.Cli.Progress;
using NeuralHjb.Training;

namespace NeuralHjb.Cli.Tests;

public class ProgressTests
{
    private static TrainingProgress Report(int step, int total = 600, TimeSpan? remaining = null) =>
        new("stage-1", step, total, 0.0123, new Dictionary<string, double> { ["terminal"] = 0.01, ["residual"] = 0.0023 }, 1e-3, TimeSpan.FromSeconds(3), remaining);

    [Fact]
    public void A_line_shows_stage_step_loss_terms_learning_rate_and_eta()
    {
        var line = ProgressFormat.Line(Report(120, remaining: TimeSpan.FromSeconds(72)));
        line.Should().Be("stage-1 120/600  loss 0.0123 (terminal 0.01, residual 2.300e-03)  lr 1.0e-03  ETA 1:12");
    }

    [Fact]
    public void Eta_is_dashes_until_known_and_hours_past_an_hour()
    {
        ProgressFormat.Line(Report(1)).Should().EndWith("ETA --:--");
        ProgressFormat.Duration(TimeSpan.FromSeconds(3725)).Should().Be("1:02:05");
    }

    [Fact]
    public void Line_progress_is_throttled_but_always_shows_the_end_of_a_stage()
    {
        var writer = new StringWriter();
        var progress = new LineProgress(writer, TimeSpan.FromHours(1));
        for (var s = 10; s <= 600; s += 10)
        {
            progress.Report(Report(s));
        }

        var lines = CliRun.Lines(writer.ToString());
        lines.Should().HaveCount(2);
        lines[0].Should().StartWith("stage-1 10/600");
        lines[1].Should().StartWith("stage-1 600/600");
    }

    [Fact]
    public void Quiet_turns_progress_off_and_a_captured_writer_gets_plain_lines()
    {
        ProgressDisplay.Choose(quiet: true, new StringWriter()).Should().Be(ProgressMode.Off);
        ProgressDisplay.Choose(quiet: false, new StringWriter()).Should().Be(ProgressMode.Lines);
    }
}

public class LiveDetailsTests
{
    [Fact]
    public void Live_details_put_loss_eta_and_learning_rate_before_the_terms()
    {
        var p = new TrainingProgress("s", 5, 10, 2.5, new Dictionary<string, double> { ["a"] = 1.5 }, 0.01, TimeSpan.Zero, TimeSpan.FromSeconds(9));
        ProgressFormat.Details(p).Should().Be("loss 2.5  ETA 0:09  lr 1.0e-02 (a 1.5)");
    }
}
