using System.Globalization;
using System.Xml.Linq;
using NeuralHjb.Analysis.Plots;

namespace NeuralHjb.Tests.Analysis;

/// <summary>Where the legend goes and which tick labels are drawn, read back from the SVG.</summary>
public class PlotLayoutTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly double[] X = [.. Enumerable.Range(0, 41).Select(i => i / 40.0)];

    private static double At(XElement e, string name) => double.Parse(e.Attribute(name)!.Value, CultureInfo.InvariantCulture);

    /// <summary>The plot area (the second rect, after the background) and the legend box.</summary>
    private static (LabelBox Frame, LabelBox Legend) Boxes(LinePlot plot)
    {
        var rects = XDocument.Parse(plot.ToSvg()).Descendants(Svg + "rect").ToList();
        var frame = rects[1];
        var legend = rects.Single(r => r.Attribute("class")?.Value == "legend");
        return (new(At(frame, "x"), At(frame, "y"), At(frame, "width"), At(frame, "height")), new(At(legend, "x"), At(legend, "y"), At(legend, "width"), At(legend, "height")));
    }

    private static string Corner(LinePlot plot)
    {
        var (frame, legend) = Boxes(plot);
        if (legend.X >= frame.X + frame.Width)
        {
            return "outside";
        }

        var side = legend.X + (legend.Width / 2) > frame.X + (frame.Width / 2) ? "right" : "left";
        var level = legend.Y + (legend.Height / 2) < frame.Y + (frame.Height / 2) ? "top" : "bottom";
        return level + "-" + side;
    }

    private static LinePlot Curves(params Func<double, double>[] curves)
    {
        var plot = new LinePlot("legend", "x", "y");
        for (var i = 0; i < curves.Length; i++)
        {
            plot.Add($"curve {i}", X, [.. X.Select(curves[i])]);
        }

        return plot;
    }

    [Fact]
    public void The_legend_stays_top_right_when_that_corner_is_empty()
    {
        Corner(Curves(x => 1 - x)).Should().Be("top-right");
    }

    [Fact]
    public void The_legend_moves_to_the_first_free_corner_in_the_order_top_right_top_left_bottom_right()
    {
        Corner(Curves(x => x)).Should().Be("top-left");
        Corner(Curves(x => (2 * x - 1) * (2 * x - 1))).Should().Be("bottom-right");
        Corner(Curves(x => x, x => x < 0.2 ? 1 - x : 0.8)).Should().Be("bottom-right");
    }

    [Fact]
    public void A_segment_crossing_a_corner_between_its_two_points_counts_as_covering_it()
    {
        // Two points only, at the ends of the diagonal: the line between them runs through both the top-right and
        // bottom-left corners although no data point lies there.
        var plot = new LinePlot("sparse", "x", "y").Add("diagonal", [0.0, 1.0], [0.0, 1.0]);
        Corner(plot).Should().Be("top-left");
    }

    [Fact]
    public void A_long_title_over_a_narrowed_plot_area_is_moved_inwards_not_cut_off()
    {
        var plot = new LinePlot("Experiment 5: mixed market (two assets, mu = +0.2 and -0.2, rho = 0.3) - asset 1", "x", "y")
            .Add("up", X, [.. X]).Add("down", X, [.. X.Select(x => 1 - x)]);
        Corner(plot).Should().Be("outside");
        var title = XDocument.Parse(plot.ToSvg()).Descendants(Svg + "text").First();
        var box = LabelBox.OfText(At(title, "x"), At(title, "y"), plot.Title.Length, "middle");
        var half = box.Width * 1.15 / 2;
        (At(title, "x") - half).Should().BeGreaterThanOrEqualTo(0, "the title starts on the canvas");
        (At(title, "x") + half).Should().BeLessThanOrEqualTo(plot.Width, "and ends on it");
    }

    [Fact]
    public void When_every_corner_is_covered_the_legend_goes_right_of_a_narrower_plot_area()
    {
        var crossed = Curves(x => x, x => 1 - x);
        Corner(crossed).Should().Be("outside");
        var (frame, legend) = Boxes(crossed);
        (legend.X + legend.Width).Should().BeLessThanOrEqualTo(crossed.Width, "the legend stays on the canvas");
        frame.Width.Should().BeLessThan(crossed.Width - 78 - 20, "the plot area gave up room on the right");
        var (single, _) = Boxes(Curves(x => 1 - x));
        single.Width.Should().Be(crossed.Width - 78 - 20);
    }

    [Fact]
    public void Choose_counts_only_points_inside_the_corner_boxes()
    {
        var frame = new PlotFrame(0, 0, 200, 100, 0, 1, 0, 1, false);
        LegendPlacement.Choose(frame, 50, 20, []).Should().Be(LegendCorner.TopRight);
        LegendPlacement.Choose(frame, 50, 20, [(190, 10)]).Should().Be(LegendCorner.TopLeft);
        LegendPlacement.Choose(frame, 50, 20, [(190, 10), (10, 10)]).Should().Be(LegendCorner.BottomRight);
        LegendPlacement.Choose(frame, 50, 20, [(190, 10), (10, 10), (190, 90)]).Should().Be(LegendCorner.BottomLeft);
        LegendPlacement.Choose(frame, 50, 20, [(190, 10), (10, 10), (190, 90), (10, 90)]).Should().Be(LegendCorner.Outside);
        LegendPlacement.Choose(frame, 50, 20, [(100, 50)]).Should().Be(LegendCorner.TopRight, "the middle is no corner's business");
        LegendPlacement.Choose(frame, 195, 20, []).Should().Be(LegendCorner.Outside, "a legend wider than the plot area does not fit in it");
    }

    public static TheoryData<string, bool, double, double, int, int> Ranges => new()
    {
        { "loss over 16 decades, short", true, 1e-12, 3e3, 720, 260 },
        { "loss over 9 decades", true, 5e-9, 600, 720, 440 },
        { "loss within 2 decades", true, 0.03, 2.5, 720, 440 },
        { "large linear values, narrow", false, -2e6, 7e6, 300, 200 },
        { "small linear values", false, 1e-5, 4.2e-4, 720, 440 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Tick_labels_never_overlap_and_stay_beside_the_frame(string name, bool logY, double lo, double hi, int width, int height)
    {
        var y = X.Select(x => logY ? lo * Math.Pow(hi / lo, x) : lo + ((hi - lo) * x)).ToArray();
        var x = X.Select(v => v * 1.7e6).ToArray();
        var plot = new LinePlot(name, "step", "loss") { LogY = logY, Width = width, Height = height }.Add("loss", x, y);
        var doc = XDocument.Parse(plot.ToSvg());
        var ticks = doc.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "tick")
            .Select(t => new TickLabel(t.Value, At(t, "x"), At(t, "y"), t.Attribute("text-anchor")!.Value)).ToList();
        var (frame, _) = Boxes(plot);

        var yLabels = ticks.Where(t => t.Anchor == "end").ToList();
        var xLabels = ticks.Where(t => t.Anchor == "middle").ToList();
        yLabels.Should().HaveCountGreaterThanOrEqualTo(3, name);
        xLabels.Should().HaveCountGreaterThanOrEqualTo(3, name);
        for (var i = 0; i < ticks.Count; i++)
        {
            for (var j = i + 1; j < ticks.Count; j++)
            {
                ticks[i].Box.Overlaps(ticks[j].Box).Should().BeFalse($"'{ticks[i].Text}' and '{ticks[j].Text}' must not overlap ({name})");
            }
        }

        ticks.Should().AllSatisfy(t => t.Box.X.Should().BeGreaterThanOrEqualTo(0));
        ticks.Should().AllSatisfy(t => (t.Box.X + t.Box.Width).Should().BeLessThanOrEqualTo(width, $"'{t.Text}' stays on the canvas ({name})"));

        // A y label sits level with its grid line, which lies within the frame (the axis spans its outer ticks).
        yLabels.Should().AllSatisfy(t => (t.Baseline - 4).Should().BeInRange(frame.Y - 0.1, frame.Y + frame.Height + 0.1));
        if (logY)
        {
            yLabels.Should().AllSatisfy(t => t.Text.Should().MatchRegex(@"^[125]e-?\d+$", "log labels read alike"));
        }
    }

    [Fact]
    public void Log_labels_and_ticks_are_exact_powers_with_2_and_5_between_when_few_decades_show()
    {
        Ticks.Decades(0.03, 2.5).Should().Equal(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10);
        Ticks.Decades(2e-9, 300).Should().HaveCount(13).And.StartWith(1e-9).And.EndWith(1e3);
        Ticks.FormatLog(1e-3).Should().Be("1e-3");
        Ticks.FormatLog(1).Should().Be("1e0");
        Ticks.FormatLog(5e4).Should().Be("5e4");
        Ticks.Format(2.5e-4).Should().Be("2.5e-4");
        Ticks.Format(1.2e6).Should().Be("1.2e6");
        Ticks.Format(0.25).Should().Be("0.25");
    }

    [Fact]
    public void Overlapping_candidates_are_dropped_in_order_of_preference()
    {
        var taken = new List<LabelBox>();
        var visible = Ticks.Visible([new(0, 0, 20, 10), new(15, 0, 20, 10), new(40, 0, 20, 10)], taken);
        visible.Should().Equal(true, false, true);
        taken.Should().HaveCount(2);
    }
}
