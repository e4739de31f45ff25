namespace NeuralHjb.Tests.Reliability;

/// <summary>Bitwise comparison of flattened results (NaN equals NaN with the same payload).</summary>
internal static class Bits
{
    public static bool Equal(IReadOnlyList<double> a, IReadOnlyList<double> b) => FirstDifference(a, b) < 0;

    /// <summary>Index of the first entry whose bits differ (or the shorter length), −1 when identical.</summary>
    public static int FirstDifference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var n = Math.Min(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            if (BitConverter.DoubleToInt64Bits(a[i]) != BitConverter.DoubleToInt64Bits(b[i]))
            {
                return i;
            }
        }

        return a.Count == b.Count ? -1 : n;
    }

    public static void ShouldBeBitwiseEqual(this IReadOnlyList<double> actual, IReadOnlyList<double> expected, string because)
    {
        var i = FirstDifference(actual, expected);
        i.Should().Be(-1, $"{because}; first difference at index {i} of {actual.Count}/{expected.Count}"
            + (i >= 0 && i < Math.Min(actual.Count, expected.Count) ? $" ({actual[i]:R} vs {expected[i]:R})" : string.Empty));
    }
}
