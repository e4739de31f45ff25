using NeuralHjb.Cli.Sweep;

namespace NeuralHjb.Cli.Tests;

public class SweepGridTests
{
    [Fact]
    public void Points_enumerate_the_product_with_the_last_parameter_fastest()
    {
        var g = SweepGrid.Parse("lambda=0,0.05,0.1; kappa=0.1,0.2");
        g.Count.Should().Be(6);
        g.Point(0).Should().Equal(("lambda", "0"), ("kappa", "0.1"));
        g.Point(1).Should().Equal(("lambda", "0"), ("kappa", "0.2"));
        g.Point(5).Should().Equal(("lambda", "0.1"), ("kappa", "0.2"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void Shards_partition_the_grid(int shards)
    {
        var g = SweepGrid.Parse("a=1,2,3;b=4,5;c=6,7");
        var all = Enumerable.Range(1, shards).SelectMany(i => g.Shard(i, shards)).OrderBy(i => i).ToList();
        all.Should().Equal(Enumerable.Range(0, g.Count));
    }

    [Theory]
    [InlineData("")]
    [InlineData("lambda")]
    [InlineData("=1,2")]
    [InlineData("1x=1")]
    [InlineData("a=1;a=2")]
    [InlineData("a=")]
    public void Bad_grids_are_rejected(string text)
    {
        var act = () => SweepGrid.Parse(text);
        act.Should().Throw<FormatException>().WithMessage("*--grid*");
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("x/2")]
    [InlineData("1")]
    public void Bad_shards_are_rejected(string text)
    {
        var act = () => SweepGrid.ParseShard(text);
        act.Should().Throw<FormatException>().WithMessage("*--shard*");
    }

    [Fact]
    public void Sweep_without_a_grid_exits_with_a_clear_error()
    {
        Program.Main(["sweep", "--", "solve"]).Should().Be(2);
    }
}
