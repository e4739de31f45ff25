using NeuralHjb.MarketData;

namespace NeuralHjb.Tests.MarketData;

/// <summary>Checks against the real SPY file in ../shared/data, which must never be committed; skipped where absent.</summary>
public class SpyDataTests
{
    private const string SpyPath = "../shared/data/spy_1min.csv";

    [RequiresFileFact(SpyPath)]
    public void Real_SPY_file_has_63_days_of_390_bars()
    {
        MarketBar[] bars = MarketBarCsv.Load(RequiresFileFactAttribute.Resolve(SpyPath)!);
        bars.Should().HaveCount(24_570);
        IReadOnlyList<TradingDay> days = IntradaySessions.SplitByDay(bars);
        days.Should().HaveCount(63);
        days.Should().OnlyContain(d => d.Bars.Count == 390);
        days[0].Date.Should().Be(new DateOnly(2024, 2, 20));
        days[^1].Date.Should().Be(new DateOnly(2024, 5, 17));
        days.Where(d => d.Date < new DateOnly(2024, 3, 10)).Should().OnlyContain(d => d.UtcOffset == TimeSpan.FromHours(-5));
        days.Where(d => d.Date > new DateOnly(2024, 3, 10)).Should().OnlyContain(d => d.UtcOffset == TimeSpan.FromHours(-4));
        foreach (TradingDay day in days)
        {
            IntervalBar[] bins = IntradaySessions.BinByTime(day.Bars, new TimeOnly(9, 30), TimeSpan.FromMinutes(5), 78);
            bins.Should().Equal(IntradaySessions.Bin(day.Bars, 78));
            bins.Sum(b => b.Volume).Should().Be(day.Volume);
        }
    }

    [Fact]
    public void Repository_root_is_found()
    {
        string? root = RequiresFileFactAttribute.RepoRoot();
        root.Should().NotBeNull();
        File.Exists(Path.Combine(root!, "NeuralHjb.sln")).Should().BeTrue();
        RequiresFileFactAttribute.Resolve("no/such/file.csv").Should().BeNull();
    }
}
