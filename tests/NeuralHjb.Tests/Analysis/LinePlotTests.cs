using System.Xml.Linq;
using NeuralHjb.Analysis.Plots;

namespace NeuralHjb.Tests.Analysis;

public class LinePlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static LinePlot Sample(bool logY = false)
    {
        var x = Enumerable.Range(0, 50).Select(i => i / 10.0).ToArray();
        return new LinePlot("Control vs closed form", "time t", "rate v <units>") { LogY = logY }
            .Add(new PlotBand("seed band", x, x.Select(v => Math.Exp(-v) * 0.9).ToArray(), x.Select(v => Math.Exp(-v) * 1.1).ToArray()))
            .Add("learned", x, x.Select(v => Math.Exp(-v) * 1.01).ToArray())
            .Add("closed form", x, x.Select(v => Math.Exp(-v)).ToArray(), SeriesStyle.Dashed)
            .Add("samples", x, x.Select(v => v == 2.0 ? double.NaN : Math.Exp(-v)).ToArray(), SeriesStyle.Markers);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Svg_is_well_formed_with_title_axes_and_legend(bool logY)
    {
        var doc = XDocument.Parse(Sample(logY).ToSvg());
        doc.Root!.Name.Should().Be(Svg + "svg");
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        texts.Should().Contain(["Control vs closed form", "time t", "rate v <units>", "learned", "closed form", "seed band", "samples"]);
        doc.Descendants(Svg + "polyline").Should().HaveCountGreaterThanOrEqualTo(2);
        doc.Descendants(Svg + "polygon").Should().ContainSingle();
        foreach (var p in doc.Descendants(Svg + "polyline"))
        {
            p.Attribute("points")!.Value.Should().NotContain("NaN").And.NotContain("Infinity");
        }
    }

    [Fact]
    public void Unnamed_series_stay_out_of_the_legend_and_a_given_colour_is_used()
    {
        var x = new[] { 0.0, 1.0 };
        var doc = XDocument.Parse(new LinePlot("paths", "t", "q")
            .Add(new PlotSeries("paths", x, [1.0, 0.0], Color: "#123456"))
            .Add(new PlotSeries(string.Empty, x, [2.0, 0.0], Color: "#123456"))
            .ToSvg());
        doc.Descendants(Svg + "polyline").Should().HaveCount(2).And.OnlyContain(p => p.Attribute("stroke")!.Value == "#123456");
        doc.Descendants(Svg + "text").Count(t => t.Value == "paths").Should().Be(2, "the title and one legend entry");
        var legendSwatches = doc.Descendants(Svg + "line").Count(l => l.Attribute("stroke")?.Value == "#123456");
        legendSwatches.Should().Be(1);
    }

    [Fact]
    public void A_colour_that_could_break_the_svg_is_rejected()
    {
        var act = () => new LinePlot("t", "x", "y").Add(new PlotSeries("s", [0.0], [0.0], Color: "red\" onload=\"x"));
        act.Should().Throw<ArgumentException>().WithMessage("*colour*");
    }

    [Fact]
    public void Points_map_inside_the_frame()
    {
        var doc = XDocument.Parse(new LinePlot("t", "x", "y").Add("s", [0.0, 1.0, 2.0], [5.0, -3.0, 10.0]).ToSvg());
        var frame = doc.Descendants(Svg + "rect").Skip(1).First();
        double fx = (double)frame.Attribute("x")!, fy = (double)frame.Attribute("y")!, fw = (double)frame.Attribute("width")!, fh = (double)frame.Attribute("height")!;
        foreach (var pt in doc.Descendants(Svg + "polyline").Single().Attribute("points")!.Value.Split(' '))
        {
            var xy = pt.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            xy[0].Should().BeInRange(fx, fx + fw);
            xy[1].Should().BeInRange(fy, fy + fh);
        }
    }

    [Fact]
    public void Mismatched_series_lengths_are_rejected()
    {
        var act = () => new LinePlot("t", "x", "y").Add("s", [0.0, 1.0], [1.0]);
        act.Should().Throw<ArgumentException>().WithMessage("*2 x values but 1 y values*");
    }

    [Fact]
    public void Ticks_are_nice_and_cover_the_range()
    {
        var ticks = Ticks.Nice(0.13, 9.7, 6);
        ticks[0].Should().BeLessThanOrEqualTo(0.13);
        ticks[^1].Should().BeGreaterThanOrEqualTo(9.7);
        ticks.Zip(ticks.Skip(1), (a, b) => b - a).Should().AllSatisfy(d => d.Should().BeApproximately(ticks[1] - ticks[0], 1e-12));
    }
}
