using System.Globalization;

namespace NeuralHjb.MarketData;

/// <summary>
/// Loads and validates OHLCV bars from CSV text.
/// </summary>
/// <remarks>
/// <para>Format: a header row naming exactly the six columns <c>timestamp,open,high,low,close,volume</c>,
/// matched case-insensitively, in any order, each once (surrounding spaces and a UTF-8 byte-order mark are
/// ignored); then one bar per line, comma-separated, no quoting. Timestamps are ISO-8601 with an explicit UTC
/// offset, <c>yyyy-MM-ddTHH:mm[:ss[.fffffff]]±hh:mm</c> or the same with <c>Z</c>; a timestamp without
/// offset is rejected. Numbers are parsed with the invariant culture (decimal point, optional exponent,
/// no thousands separators) whatever the current culture. Lines may end in LF or CRLF; blank lines are
/// allowed only at the end of the file.</para>
/// <para>Rules, each reported as an <see cref="InvalidDataException"/> whose message gives the 1-based line
/// number in the file (the header is row 1) and the rule: the file is not empty and has at least one data
/// row; the header is right; every row has 6 columns; every field parses; prices and volume are finite;
/// prices are &gt; 0; volume is ≥ 0; high ≥ max(open, close); low ≤ min(open, close); timestamps strictly
/// increase (compared as instants). Loading stops at the first error.</para>
/// </remarks>
public static class MarketBarCsv
{
    /// <summary>The canonical header line, as written by the project's data files.</summary>
    public const string Header = "timestamp,open,high,low,close,volume";

    private static readonly string[] ColumnNames = ["timestamp", "open", "high", "low", "close", "volume"];

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    /// <summary>Loads and validates the CSV file at <paramref name="path"/> (UTF-8, BOM optional).</summary>
    /// <param name="path">File to read.</param>
    /// <returns>The bars in file order (strictly increasing in time).</returns>
    /// <exception cref="InvalidDataException">The content breaks a rule; the message starts with the path and
    /// names the row and the rule.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static MarketBar[] Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        try
        {
            return Load(reader);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Loads and validates bars from <paramref name="reader"/>, reading it to the end.</summary>
    /// <param name="reader">The CSV text; not disposed.</param>
    /// <returns>The bars in file order (strictly increasing in time).</returns>
    /// <exception cref="InvalidDataException">The content breaks a rule; the message names the row and the rule.</exception>
    public static MarketBar[] Load(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? headerLine = reader.ReadLine();
        if (headerLine is null)
        {
            throw new InvalidDataException($"Row 1: the file is empty; expected the header '{Header}'.");
        }

        int[] columnOf = ParseHeader(headerLine); // columnOf[k] = position in the row of ColumnNames[k]
        var fieldStart = new int[6];
        var fieldLength = new int[6];
        var bars = new List<MarketBar>(1024);
        int row = 1;
        int firstBlankRow = 0;
        DateTimeOffset previous = default;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            row++;
            if (string.IsNullOrWhiteSpace(line))
            {
                if (firstBlankRow == 0)
                {
                    firstBlankRow = row;
                }

                continue;
            }

            if (firstBlankRow != 0)
            {
                throw Fail(firstBlankRow, "blank line before the end of the data");
            }

            int columns = Split(line, fieldStart, fieldLength);
            if (columns != 6)
            {
                throw Fail(row, $"expected 6 columns but found {columns}");
            }

            ReadOnlySpan<char> Field(int k) => line.AsSpan(fieldStart[columnOf[k]], fieldLength[columnOf[k]]);

            ReadOnlySpan<char> ts = Field(0);
            if (!TryParseIsoFast(ts, out DateTimeOffset timestamp)
                && !DateTimeOffset.TryParseExact(ts, TimestampFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out timestamp))
            {
                throw Fail(row, $"cannot parse timestamp '{ts.ToString()}' (expected ISO-8601 with a UTC offset, e.g. 2024-02-20T09:30:00-05:00)");
            }

            double open = Number(row, "open", Field(1));
            double high = Number(row, "high", Field(2));
            double low = Number(row, "low", Field(3));
            double close = Number(row, "close", Field(4));
            double volume = Number(row, "volume", Field(5));

            Positive(row, "open", open);
            Positive(row, "high", high);
            Positive(row, "low", low);
            Positive(row, "close", close);
            if (volume < 0)
            {
                throw Fail(row, $"volume must be non-negative but is {Format(volume)}");
            }

            if (high < Math.Max(open, close))
            {
                throw Fail(row, $"high {Format(high)} is below max(open, close) = {Format(Math.Max(open, close))}");
            }

            if (low > Math.Min(open, close))
            {
                throw Fail(row, $"low {Format(low)} is above min(open, close) = {Format(Math.Min(open, close))}");
            }

            if (bars.Count > 0 && timestamp <= previous)
            {
                throw Fail(row, $"timestamp {timestamp:O} is not after the previous row's {previous:O} (timestamps must strictly increase)");
            }

            previous = timestamp;
            bars.Add(new MarketBar(timestamp, open, high, low, close, volume));
        }

        if (bars.Count == 0)
        {
            throw Fail(2, "the file has a header but no data rows");
        }

        return bars.ToArray();
    }

    private static int[] ParseHeader(string line)
    {
        if (line.Length > 0 && line[0] == '\uFEFF')
        {
            line = line[1..];
        }

        string[] names = line.Split(',');
        var columnOf = new int[6];
        Array.Fill(columnOf, -1);
        for (int i = 0; i < names.Length; i++)
        {
            string name = names[i].Trim();
            int k = Array.FindIndex(ColumnNames, c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (k < 0)
            {
                throw Fail(1, $"unknown column '{name}' in the header; expected exactly '{Header}' (any order)");
            }

            if (columnOf[k] >= 0)
            {
                throw Fail(1, $"duplicate column '{ColumnNames[k]}' in the header");
            }

            columnOf[k] = i;
        }

        for (int k = 0; k < 6; k++)
        {
            if (columnOf[k] < 0)
            {
                throw Fail(1, $"missing column '{ColumnNames[k]}' in the header; expected exactly '{Header}' (any order)");
            }
        }

        return columnOf;
    }

    /// <summary>Splits on commas into at most 6 recorded fields; returns the true field count.</summary>
    private static int Split(string line, int[] start, int[] length)
    {
        int count = 0;
        int begin = 0;
        while (true)
        {
            int comma = line.IndexOf(',', begin);
            int end = comma < 0 ? line.Length : comma;
            if (count < 6)
            {
                start[count] = begin;
                length[count] = end - begin;
            }

            count++;
            if (comma < 0)
            {
                return count;
            }

            begin = comma + 1;
        }
    }

    /// <summary>
    /// Fast path for the common shape <c>yyyy-MM-ddTHH:mm:ss±hh:mm</c> (25 characters). Returns false for
    /// anything else, including out-of-range fields, and the caller falls back to the general parser.
    /// </summary>
    private static bool TryParseIsoFast(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length != 25 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || (s[19] != '+' && s[19] != '-') || s[22] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
            || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second)
            || !Digits(s, 20, 2, out int offHours) || !Digits(s, 23, 2, out int offMinutes))
        {
            return false;
        }

        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || offMinutes > 59 || (offHours * 60) + offMinutes > 14 * 60)
        {
            return false;
        }

        var offset = new TimeSpan(offHours, offMinutes, 0);
        if (s[19] == '-')
        {
            offset = -offset;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        long utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            int d = s[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    private static double Number(int row, string column, ReadOnlySpan<char> text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw Fail(row, $"cannot parse {column} '{text.ToString()}' as a number");
        }

        if (!double.IsFinite(value))
        {
            throw Fail(row, $"{column} must be finite but is '{text.ToString().Trim()}'");
        }

        return value;
    }

    private static void Positive(int row, string column, double value)
    {
        if (!(value > 0))
        {
            throw Fail(row, $"{column} must be positive but is {Format(value)}");
        }
    }

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static InvalidDataException Fail(int row, string rule) => new($"Row {row}: {rule}.");
}
