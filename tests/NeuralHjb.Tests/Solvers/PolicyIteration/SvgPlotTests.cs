using System.Xml.Linq;
using NeuralHjb.Analysis.Plots;

namespace NeuralHjb.Tests.Solvers.PolicyIteration;

public class SvgPlotTests
{
    [Fact]
    public void A_chart_with_a_band_and_lines_is_well_formed_svg_with_a_legend()
    {
        double[] x = [0, 0.5, 1.5];
        var svg = new SvgPlot("π & band", "l", "π")
            .Band("min–max", x, [0.4, 0.3, 0.1], [0.5, 0.35, 0.2])
            .Line("mean", x, [0.45, 0.32, 0.15])
            .Line("FD", x, [0.44, 0.33, 0.16], dashed: true)
            .ToSvg();

        var doc = XDocument.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        doc.Root!.Name.Should().Be(ns + "svg");
        doc.Descendants(ns + "polygon").Should().HaveCount(1);
        doc.Descendants(ns + "polyline").Should().HaveCount(2);
        doc.Descendants(ns + "polyline").Last().Attribute("stroke-dasharray").Should().NotBeNull();
        svg.Should().Contain("π &amp; band").And.Contain("min–max").And.Contain(">FD<");
    }

    [Fact]
    public void Mismatched_lengths_and_empty_charts_are_rejected()
    {
        var plot = new SvgPlot("t", "x", "y");
        var bad = () => plot.Line("a", [0.0, 1.0], [1.0]);
        bad.Should().Throw<ArgumentException>().WithParameterName("y");
        var empty = () => plot.ToSvg();
        empty.Should().Throw<InvalidOperationException>();
    }
}
