using FsCheck;
using FsCheck.Fluent;
using NeuralHjb.MarketData;
using NeuralHjb.Testing;

namespace NeuralHjb.Tests.MarketData;

/// <summary>Mutated CSV text must load or fail with <see cref="InvalidDataException"/>, nothing else.</summary>
public class MarketBarCsvFuzzTests
{
    /// <summary>One edit of the text; Kind selects the operation.</summary>
    public sealed record Edit(int Kind, int Position, int Value);

    private const string Alphabet = ",.-+:TZ0123456789eE\n\r \tNaInfity\u00a0\uFEFFx";

    private static readonly string Source = MarketBarCsvTests.Valid;

    private static Gen<Edit> EditGen =>
        from kind in Gen.Choose(0, 6)
        from pos in Gen.Choose(0, Source.Length * 2)
        from value in Gen.Choose(0, 10_000)
        select new Edit(kind, pos, value);

    private static Arbitrary<Edit[]> Edits => Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(EditGen, n)).ToArbitrary();

    private static string Apply(string text, IEnumerable<Edit> edits)
    {
        var sb = new System.Text.StringBuilder(text);
        foreach (Edit e in edits)
        {
            if (sb.Length == 0)
            {
                break;
            }

            int p = e.Position % sb.Length;
            char c = Alphabet[e.Value % Alphabet.Length];
            switch (e.Kind)
            {
                case 0: sb.Length = p; break;                 // truncate
                case 1: sb[p] = c; break;                     // replace with a significant character
                case 2: sb.Insert(p, c); break;               // insert
                case 3: sb.Remove(p, 1); break;               // delete
                case 4: sb[p] = (char)(e.Value % 0x3000); break; // replace with any BMP character
                case 5: sb.Insert(p, new string(sb.ToString()[p..].Split('\n')[0])); break; // duplicate a line tail
                default:                                       // swap two lines
                    string[] lines = sb.ToString().Split('\n');
                    int a = e.Position % lines.Length, b = e.Value % lines.Length;
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    sb.Clear().Append(string.Join('\n', lines));
                    break;
            }
        }

        return sb.ToString();
    }

    private static bool LoadsOrRejectsCleanly(Edit[] edits)
    {
        try
        {
            MarketBar[] bars = MarketBarCsv.Load(new StringReader(Apply(Source, edits)));
            for (int i = 0; i < bars.Length; i++)
            {
                MarketBar b = bars[i];
                if (!(b.Low > 0 && b.High >= Math.Max(b.Open, b.Close) && b.Low <= Math.Min(b.Open, b.Close) && b.Volume >= 0)
                    || (i > 0 && b.Timestamp <= bars[i - 1].Timestamp))
                {
                    return false;
                }
            }
        }
        catch (InvalidDataException)
        {
        }

        return true;
    }

    [Fact]
    public void Mutated_csv_only_ever_fails_with_InvalidDataException() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Edits, LoadsOrRejectsCleanly));

    [NightlyFact]
    [Trait("Category", "Nightly")]
    public void Mutated_csv_only_ever_fails_with_InvalidDataException_10000_cases() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10_000), Prop.ForAll(Edits, LoadsOrRejectsCleanly));
}

/// <summary>The loader's fast timestamp path must agree with the framework's ISO parser, in range or not.</summary>
public class TimestampParsingTests
{
    [Fact]
    public void Fast_and_general_timestamp_parsing_agree()
    {
        Gen<string> stamps =
            from y in Gen.Choose(0, 10000)
            from mo in Gen.Choose(0, 13)
            from d in Gen.Choose(0, 32)
            from h in Gen.Choose(0, 25)
            from mi in Gen.Choose(0, 61)
            from s in Gen.Choose(0, 61)
            from oh in Gen.Choose(0, 15)
            from om in Gen.Choose(0, 61)
            from sign in Gen.Elements('+', '-')
            select $"{y:D4}-{mo:D2}-{d:D2}T{h:D2}:{mi:D2}:{s:D2}{sign}{oh:D2}:{om:D2}";

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(stamps.ToArbitrary(), text =>
        {
            bool expectedOk = DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:sszzz",
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out DateTimeOffset expected);
            try
            {
                MarketBar bar = MarketBarCsv.Load(new StringReader($"timestamp,open,high,low,close,volume\n{text},1,1,1,1,1\n"))[0];
                return expectedOk && bar.Timestamp == expected && bar.Timestamp.Offset == expected.Offset;
            }
            catch (InvalidDataException)
            {
                return !expectedOk;
            }
        }));
    }

    [Theory]
    [InlineData("2024-02-29T09:30:00-05:00", true)]
    [InlineData("2023-02-29T09:30:00-05:00", false)]
    [InlineData("2024-03-08T24:00:00-05:00", false)]
    [InlineData("2024-03-08T09:30:00+14:00", true)]
    [InlineData("2024-03-08T09:30:00+14:01", false)]
    [InlineData("0001-01-01T00:00:00+01:00", false)]
    [InlineData("2024-03-08T09:30:00.5-05:00", true)]
    [InlineData("2024-03-08T09:30-05:00", true)]
    public void Edge_timestamps(string text, bool ok)
    {
        Func<MarketBar[]> load = () => MarketBarCsv.Load(new StringReader($"timestamp,open,high,low,close,volume\n{text},1,1,1,1,1\n"));
        if (ok)
        {
            load.Should().NotThrow();
        }
        else
        {
            load.Should().ThrowExactly<InvalidDataException>().WithMessage("Row 2: cannot parse timestamp*");
        }
    }
}
