using System.Diagnostics;
using System.Globalization;
using System.Text;
using NeuralHjb.MarketData;

namespace NeuralHjb.Tests.MarketData;

public class MarketBarCsvTests
{
    internal const string Valid =
        "timestamp,open,high,low,close,volume\n" +
        "2024-03-08T09:30:00-05:00,100.5,101,100,100.75,1200\n" +
        "2024-03-08T09:31:00-05:00,100.75,100.9,100.1,100.2,800\n" +
        "2024-03-11T09:30:00-04:00,99,99.5,98.5,99.25,1000\n" +
        "2024-03-11T09:31:00-04:00,99.25,99.75,99,99.5,0\n";

    internal static MarketBar[] Parse(string csv) => MarketBarCsv.Load(new StringReader(csv));

    private static void ShouldReject(string csv, string pattern) =>
        FluentActions.Invoking(() => Parse(csv)).Should().ThrowExactly<InvalidDataException>().WithMessage(pattern);

    /// <summary>The valid file with data row <paramref name="dataRow"/> (1-based; file line dataRow + 1) replaced.</summary>
    private static string WithRow(int dataRow, string replacement)
    {
        string[] lines = Valid.TrimEnd('\n').Split('\n');
        lines[dataRow] = replacement;
        return string.Join('\n', lines) + "\n";
    }

    [Fact]
    public void Loads_a_valid_file()
    {
        MarketBar[] bars = Parse(Valid);
        bars.Should().HaveCount(4);
        bars[0].Should().Be(new MarketBar(new DateTimeOffset(2024, 3, 8, 9, 30, 0, TimeSpan.FromHours(-5)), 100.5, 101, 100, 100.75, 1200));
        bars[2].Timestamp.Offset.Should().Be(TimeSpan.FromHours(-4));
        bars[3].Volume.Should().Be(0);
        bars[0].TypicalPrice.Should().BeApproximately((101 + 100 + 100.75) / 3, 1e-12);
    }

    [Fact]
    public void Loads_from_a_path_with_BOM_CRLF_and_trailing_blank_lines()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neuralhjb-bars-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, Valid.Replace("\n", "\r\n") + "\r\n\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            MarketBarCsv.Load(path).Should().Equal(Parse(Valid));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Accepts_any_column_order_and_case_and_Z_timestamps()
    {
        const string csv = " Volume ,CLOSE,Low,high,Open,TimeStamp\n" +
                           "5,10.5,10,11,10.25,2024-01-02T14:30:00Z\n" +
                           "6.5,10.75,10.5,10.75,10.5,2024-01-02T14:31:00.250Z\n";
        MarketBar[] bars = Parse(csv);
        bars[0].Should().Be(new MarketBar(new DateTimeOffset(2024, 1, 2, 14, 30, 0, TimeSpan.Zero), 10.25, 11, 10, 10.5, 5));
        bars[1].Timestamp.Should().Be(new DateTimeOffset(2024, 1, 2, 14, 31, 0, 250, TimeSpan.Zero));
        bars[1].Volume.Should().Be(6.5);
    }

    [Fact]
    public void Parses_with_the_invariant_culture_whatever_the_current_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Parse(Valid)[0].Open.Should().Be(100.5);
            ShouldReject(WithRow(1, "2024-03-08T09:30:00-05:00,100,5,101,100,100.75,1200"), "Row 2: expected 6 columns but found 7.");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData("", "Row 1: the file is empty*")]
    [InlineData("timestamp,open,high,low,close,volume\n", "Row 2: the file has a header but no data rows.")]
    [InlineData("timestamp,open,high,low,close\n", "Row 1: missing column 'volume'*")]
    [InlineData("timestamp,open,high,low,close,volume,vwap\n", "Row 1: unknown column 'vwap'*")]
    [InlineData("timestamp,open,open,low,close,volume\n", "Row 1: duplicate column 'open'*")]
    public void Rejects_bad_files_and_headers(string csv, string pattern) => ShouldReject(csv, pattern);

    [Theory]
    [InlineData(2, "2024-03-08T09:31:00-05:00,100.75,100.9,100.1,100.2", "Row 3: expected 6 columns but found 5.")]
    [InlineData(2, "2024-03-08T09:31:00-05:00,100.75,100.9,100.1,100.2,800,1", "Row 3: expected 6 columns but found 7.")]
    [InlineData(3, "2024-03-11 09:30:00-04:00,99,99.5,98.5,99.25,1000", "Row 4: cannot parse timestamp '2024-03-11 09:30:00-04:00'*")]
    [InlineData(3, "2024-03-11T09:30:00,99,99.5,98.5,99.25,1000", "Row 4: cannot parse timestamp*UTC offset*")]
    [InlineData(3, "2024-02-30T09:30:00-04:00,99,99.5,98.5,99.25,1000", "Row 4: cannot parse timestamp*")]
    [InlineData(1, "2024-03-08T09:30:00-05:00,abc,101,100,100.75,1200", "Row 2: cannot parse open 'abc' as a number.")]
    [InlineData(1, "2024-03-08T09:30:00-05:00,100.5,101,100,100.75,1,200", "Row 2: expected 6 columns but found 7.")]
    [InlineData(1, "2024-03-08T09:30:00-05:00,100.5,101,100,,1200", "Row 2: cannot parse close '' as a number.")]
    [InlineData(1, "2024-03-08T09:30:00-05:00,NaN,101,100,100.75,1200", "Row 2: open must be finite but is 'NaN'.")]
    [InlineData(1, "2024-03-08T09:30:00-05:00,100.5,Infinity,100,100.75,1200", "Row 2: high must be finite*")]
    [InlineData(1, "2024-03-08T09:30:00-05:00,100.5,1e999,100,100.75,1200", "Row 2: high must be finite*")]
    [InlineData(1, "2024-03-08T09:30:00-05:00,100.5,101,100,100.75,-Infinity", "Row 2: volume must be finite*")]
    [InlineData(2, "2024-03-08T09:31:00-05:00,0,100.9,0,100.2,800", "Row 3: open must be positive but is 0.")]
    [InlineData(2, "2024-03-08T09:31:00-05:00,100.75,100.9,-1,100.2,800", "Row 3: low must be positive but is -1.")]
    [InlineData(2, "2024-03-08T09:31:00-05:00,100.75,100.9,100.1,100.2,-800", "Row 3: volume must be non-negative but is -800.")]
    [InlineData(2, "2024-03-08T09:31:00-05:00,100.75,100.5,100.1,100.2,800", "Row 3: high 100.5 is below max(open, close) = 100.75.")]
    [InlineData(2, "2024-03-08T09:31:00-05:00,100.75,100.9,100.3,100.2,800", "Row 3: low 100.3 is above min(open, close) = 100.2.")]
    [InlineData(2, "2024-03-08T09:30:00-05:00,100.75,100.9,100.1,100.2,800", "Row 3: timestamp 2024-03-08T09:30:00.0000000-05:00 is not after the previous row's 2024-03-08T09:30:00.0000000-05:00*")]
    [InlineData(2, "2024-03-08T15:29:00+01:00,100.75,100.9,100.1,100.2,800", "Row 3: timestamp*is not after*")]
    public void Rejects_each_rule_with_its_row_number(int dataRow, string replacement, string pattern)
    {
        ShouldReject(WithRow(dataRow, replacement), pattern);
    }

    [Fact]
    public void Rejects_a_blank_line_inside_the_data_with_its_row_number() =>
        // Header and 4 rows are lines 1-5; the blank line is line 6.
        ShouldReject(Valid + "\n2024-03-11T09:32:00-04:00,99.5,99.75,99,99.5,1\n", "Row 6: blank line before the end of the data.");

    [Fact]
    public void Path_errors_name_the_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"neuralhjb-bad-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, WithRow(2, "2024-03-08T09:31:00-05:00,x,100.9,100.1,100.2,800"));
        try
        {
            FluentActions.Invoking(() => MarketBarCsv.Load(path))
                .Should().ThrowExactly<InvalidDataException>().WithMessage($"{path}: Row 3: cannot parse open 'x'*");
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static string Synthetic(int days, int barsPerDay = 390)
    {
        var sb = new StringBuilder(MarketBarCsv.Header).Append('\n');
        var rng = new System.Random(7);
        double price = 500;
        var start = new DateTime(2024, 2, 20);
        for (int d = 0; d < days; d++)
        {
            DateTime date = start.AddDays(d);
            var offset = TimeSpan.FromHours(date < new DateTime(2024, 3, 10) ? -5 : -4);
            for (int m = 0; m < barsPerDay; m++)
            {
                var ts = new DateTimeOffset(date.AddMinutes((9 * 60) + 30 + m), offset);
                double open = price;
                double close = Math.Round(price * (1 + ((rng.NextDouble() - 0.5) * 0.002)), 4);
                double high = Math.Round(Math.Max(open, close) + (rng.NextDouble() * 0.1), 4);
                double low = Math.Round(Math.Min(open, close) - (rng.NextDouble() * 0.1), 4);
                sb.Append(CultureInfo.InvariantCulture, $"{ts:yyyy-MM-dd'T'HH:mm:sszzz},{open},{high},{low},{close},{rng.Next(1000, 500000)}\n");
                price = close;
            }
        }

        return sb.ToString();
    }

    [Fact]
    public void Loads_25k_rows_in_under_100_ms()
    {
        string csv = Synthetic(63);
        Parse(csv).Should().HaveCount(24_570); // warm-up, and a correctness check
        long best = long.MaxValue;
        for (int i = 0; i < 10; i++)
        {
            var sw = Stopwatch.StartNew();
            _ = Parse(csv);
            best = Math.Min(best, sw.ElapsedMilliseconds);
        }

        best.Should().BeLessThan(100);
    }
}
