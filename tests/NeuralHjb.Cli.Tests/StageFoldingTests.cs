using NeuralHjb.Cli.Progress;
using NeuralHjb.Training;
using Spectre.Console;

namespace NeuralHjb.Cli.Tests;

/// <summary>Long runs (DBDP, multi-agent) fold their finished stages; short ones (PINN curriculum) list them.</summary>
public class StageFoldingTests
{
    private static readonly Dictionary<string, double> Terms = new() { ["fit"] = 0.5 };

    /// <summary>DBDP's report shape: stage "step i" counting down, with its position in the run.</summary>
    private static TrainingProgress Dbdp(int index, int count, int step, int total = 100, double seconds = 10, double? left = 1) =>
        new($"step {count - 1 - index}", step, total, 0.25, Terms, 1e-3, TimeSpan.FromSeconds(seconds), left is { } l ? TimeSpan.FromSeconds(l) : null)
        {
            StageIndex = index,
            StageCount = count,
        };

    private static void RunDbdp(IProgress<TrainingProgress> progress, int count, int upTo)
    {
        for (var i = 0; i < upTo; i++)
        {
            progress.Report(Dbdp(i, count, 50));
            progress.Report(Dbdp(i, count, 100, left: 0));
        }
    }

    private static IAnsiConsole Console(StringWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 120;
        return console;
    }

    [Fact]
    public void Many_stages_keep_the_last_few_listed_and_fold_the_rest()
    {
        var board = new StageBoard(keepFinished: 4, () => TimeSpan.FromSeconds(400));
        RunDbdp(new Progress(board), count: 50, upTo: 41);

        board.Current!.Stage.Should().Be("step 9");
        board.RecentFinished.Select(p => p.Stage).Should().Equal("step 13", "step 12", "step 11", "step 10");
        board.Folded.Should().Be(36);
        board.StagesDone.Should().Be(40);
        board.ShowsSummary.Should().BeTrue();
    }

    [Fact]
    public void A_short_curriculum_lists_every_stage_without_a_summary()
    {
        var board = new StageBoard(keepFinished: 4, () => TimeSpan.FromSeconds(30));
        foreach (var (name, index) in new[] { ("warm-up", 0), ("main", 1), ("fine", 2) })
        {
            board.Report(new TrainingProgress(name, 600, 600, 0.1, Terms, 1e-3, TimeSpan.FromSeconds(10), TimeSpan.Zero) { StageIndex = index, StageCount = 3 });
        }

        board.RecentFinished.Select(p => p.Stage).Should().Equal("warm-up", "main");
        board.Current!.Stage.Should().Be("fine");
        board.Folded.Should().Be(0);
        board.ShowsSummary.Should().BeFalse();
    }

    [Fact]
    public void The_run_eta_adds_the_unstarted_stages_at_the_mean_finished_time()
    {
        var board = new StageBoard(keepFinished: 4, () => TimeSpan.Zero);
        board.Report(Dbdp(0, 5, 100, seconds: 8));
        board.Report(Dbdp(1, 5, 100, seconds: 12));
        board.Report(Dbdp(2, 5, 40, seconds: 3, left: 4));

        // Stages 3 and 4 are still to come at the mean of 8 s and 12 s, plus the current stage's 4 s.
        board.RunRemaining().Should().Be(TimeSpan.FromSeconds(24));
        board.StagesDone.Should().Be(2);
    }

    [Fact]
    public void Without_a_stage_count_the_board_counts_the_stages_it_saw_end_and_gives_no_run_eta()
    {
        var board = new StageBoard(keepFinished: 2, () => TimeSpan.Zero);
        for (var i = 0; i < 7; i++)
        {
            board.Report(new TrainingProgress($"it0 n{i}", 100, 100, 0.1, Terms, 1e-3, TimeSpan.FromSeconds(1), TimeSpan.Zero));
        }

        board.StagesDone.Should().Be(6);
        board.Folded.Should().Be(4);
        board.RunRemaining().Should().BeNull();
        ProgressFormat.StagesDone(board.StagesDone, board.StageCount).Should().Be("stages done 6");
    }

    [Fact]
    public void The_live_view_of_a_long_run_is_a_summary_the_last_few_stages_and_the_current_bar()
    {
        var board = new StageBoard(keepFinished: 4, () => TimeSpan.FromSeconds(192));
        RunDbdp(new Progress(board), count: 50, upTo: 37);
        board.Report(Dbdp(37, 50, 50, seconds: 5, left: 5));

        var writer = new StringWriter();
        Console(writer).Write(BoardView.Render(board, 120));
        var rows = CliRun.Lines(writer.ToString());

        rows.Should().HaveCount(6);
        rows[0].Should().Contain("stages done 37 of 50").And.Contain("74%").And.Contain("elapsed 3:12").And.Contain("ETA 2:05");
        rows[1].Should().Contain("step 16 100/100").And.Contain("took 0:10");
        rows[5].Should().Contain("step 12 50/100").And.Contain("50%").And.Contain("loss 0.25").And.Contain("(fit 0.5)");
        writer.ToString().Should().NotContain("step 49 ");
    }

    [Fact]
    public void The_live_display_ends_showing_the_folded_run()
    {
        var writer = new StringWriter();
        var result = ProgressDisplay.RunLive(Console(writer), progress =>
        {
            RunDbdp(progress!, count: 30, upTo: 30);
            return 7;
        });

        result.Should().Be(7);
        // Without ANSI every redraw is appended whole, so the last frame is the last six lines: the summary, four
        // finished stages and the current one; the other 25 stages are folded into the summary.
        var frame = CliRun.Lines(writer.ToString())[^6..];
        frame[0].Should().Contain("stages done 29 of 30");
        frame[1].Should().Contain("step 4 100/100");
        frame[5].Should().Contain("step 0 100/100");
    }

    [Fact]
    public void Plain_lines_of_a_long_run_are_rate_limited_and_end_with_a_summary()
    {
        var writer = new StringWriter();
        var progress = new LineProgress(writer, TimeSpan.FromHours(1), keepFinished: 4);
        RunDbdp(progress, count: 200, upTo: 200);
        progress.Complete();

        var lines = CliRun.Lines(writer.ToString());
        lines.Should().HaveCount(7);
        lines[0].Should().StartWith("[1/200] step 199 50/100");
        lines[1].Should().StartWith("[1/200] step 199 100/100");
        lines[4].Should().StartWith("[4/200] step 196 100/100");
        lines[5].Should().StartWith("[200/200] step 0 100/100");
        lines[6].Should().StartWith("stages done 200 of 200  elapsed");
    }

    [Fact]
    public void Plain_lines_of_a_short_run_show_every_stage_end_and_no_summary()
    {
        var writer = new StringWriter();
        var progress = new LineProgress(writer, TimeSpan.FromHours(1), keepFinished: 4);
        foreach (var name in new[] { "warm-up", "main" })
        {
            progress.Report(new TrainingProgress(name, 300, 600, 0.1, Terms, 1e-3, TimeSpan.Zero, null));
            progress.Report(new TrainingProgress(name, 600, 600, 0.1, Terms, 1e-3, TimeSpan.Zero, TimeSpan.Zero));
        }

        progress.Complete();
        CliRun.Lines(writer.ToString()).Select(l => l.Split("  ")[0]).Should().Equal("warm-up 300/600", "warm-up 600/600", "main 600/600");
    }

    /// <summary>Reports straight into a board (System's Progress would post to a thread pool).</summary>
    private sealed class Progress(StageBoard board) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => board.Report(value);
    }
}
