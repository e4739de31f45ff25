using System.Globalization;

namespace NeuralHjb.Cli.Solve;

/// <summary>
/// A CSV file of named numeric columns (paths, controls, histories); columns may differ in length,
/// shorter ones leave empty cells. Numbers are written round-trippable in the invariant culture.
/// </summary>
/// <param name="FileName">File name inside --out, ending in .csv.</param>
/// <param name="Columns">Columns in order.</param>
internal sealed record CsvTable(string FileName, IReadOnlyList<CsvColumn> Columns)
{
    /// <summary>A table with a shared first column (e.g. time) and one column per path: <c>{prefix}0, {prefix}1…</c>.</summary>
    public static CsvTable Paths(string fileName, string xName, IReadOnlyList<double> x, string prefix, IReadOnlyList<IReadOnlyList<double>> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var columns = new List<CsvColumn>(paths.Count + 1) { new(xName, x) };
        for (var i = 0; i < paths.Count; i++)
        {
            columns.Add(new CsvColumn(prefix + i.ToString(CultureInfo.InvariantCulture), paths[i]));
        }

        return new CsvTable(fileName, columns);
    }

    /// <summary>Writes the table.</summary>
    public void Write(string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine(string.Join(',', Columns.Select(c => Quote(c.Name))));
        var rows = Columns.Count == 0 ? 0 : Columns.Max(c => c.Values.Count);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < Columns.Count; c++)
            {
                if (c > 0)
                {
                    w.Write(',');
                }

                var values = Columns[c].Values;
                if (r < values.Count)
                {
                    w.Write(values[r].ToString("R", CultureInfo.InvariantCulture));
                }
            }

            w.WriteLine();
        }
    }

    private static string Quote(string name) =>
        name.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : name;
}

/// <summary>One named column of a <see cref="CsvTable"/>.</summary>
/// <param name="Name">Header.</param>
/// <param name="Values">Values.</param>
internal sealed record CsvColumn(string Name, IReadOnlyList<double> Values);
