using System.Globalization;
using System.Text;

namespace FeatureScale.Reporting;

/// <summary>
/// A tidy CSV table (one observation per row, invariant culture, round-trip doubles), written atomically.
/// </summary>
public sealed class CsvTable
{
    private readonly List<string[]> _rows = [];

    /// <summary>Column names.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>A table with the given columns.</summary>
    public CsvTable(params string[] columns)
    {
        if (columns.Length == 0) throw new ArgumentException("a table needs at least one column");
        Columns = columns;
    }

    /// <summary>Number of data rows.</summary>
    public int Count => _rows.Count;

    /// <summary>Adds a row; values are formatted with the invariant culture ("R" for doubles).</summary>
    public CsvTable Add(params object?[] values)
    {
        if (values.Length != Columns.Count) throw new ArgumentException($"row has {values.Length} values, table has {Columns.Count} columns");
        _rows.Add(values.Select(Format).ToArray());
        return this;
    }

    /// <summary>Formats one value the way every FeatureScale CSV does.</summary>
    public static string Format(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable fm => fm.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static string Escape(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>The CSV text.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", Columns.Select(Escape)));
        foreach (var row in _rows) sb.AppendLine(string.Join(",", row.Select(Escape)));
        return sb.ToString();
    }

    /// <summary>The rows as formatted cells, in order.</summary>
    public IReadOnlyList<string[]> Rows => _rows;

    /// <summary>
    /// Writes the table to path atomically and, when path ends in <c>.csv</c> and <paramref name="parquet"/> is
    /// set, the same table as Parquet beside it (<c>NAME.parquet</c>, typed columns: <see cref="ParquetTable"/>).
    /// The CSV comes first and is what counts: if the Parquet cannot be written, for any reason, a stale
    /// <c>NAME.parquet</c> is removed and a warning goes to <paramref name="warn"/> (default: standard error);
    /// nothing is thrown.
    /// </summary>
    public void Write(string path, bool parquet = true, Action<string>? warn = null)
    {
        AtomicFile.WriteAllText(path, ToString());
        if (!parquet || !path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return;
        string pq = Path.ChangeExtension(path, ".parquet");
        try { WriteParquet(pq); }
        catch (Exception e)
        {
            string message = $"{pq} not written ({e.GetType().Name}: {e.Message}); {path} is complete";
            try { if (File.Exists(pq)) { File.Delete(pq); message += ", the older Parquet beside it removed"; } }
            catch (Exception d) { message += $"; the older {pq} is left out of date ({d.Message})"; }
            (warn ?? (m => Console.Error.WriteLine($"featurescale: warning: {m}")))(message);
        }
    }

    // Its own method, not inlined, so that a failure to load or compile the Parquet code also surfaces inside the
    // try above rather than when Write itself is compiled.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void WriteParquet(string path) => ParquetTable.Write(path, this);

    /// <summary>Reads a CSV written by <see cref="Write"/> (header + rows; quoted fields may hold commas, quotes and
    /// line breaks).</summary>
    public static (string[] Columns, List<string[]> Rows) Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses CSV text (RFC 4180: "" escapes a quote inside a quoted field; \n or \r\n end records).</summary>
    public static (string[] Columns, List<string[]> Rows) Parse(string text, string source = "CSV text")
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; any = true; break;
                case ',': fields.Add(sb.ToString()); sb.Clear(); any = true; break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n': break;
                case '\n':
                    fields.Add(sb.ToString()); sb.Clear();
                    if (any || fields.Count > 1 || fields[0].Length > 0) records.Add(fields.ToArray());
                    fields.Clear(); any = false;
                    break;
                default: sb.Append(c); any = true; break;
            }
        }
        if (quoted) throw new FormatException($"{source}: unterminated quoted field");
        if (any || sb.Length > 0) { fields.Add(sb.ToString()); records.Add(fields.ToArray()); }
        if (records.Count == 0) throw new FormatException($"{source} is empty");
        return (records[0], records.Skip(1).ToList());
    }
}
