using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace FeatureScale.Reporting;

/// <summary>
/// Writes a table of CSV cells (as <see cref="CsvTable"/> holds them) as an Apache Parquet file with the same column
/// names in the same order and one typed column each: a column whose every non-empty cell is an integer that fits
/// in 64 bits is <c>int64</c>, one whose every non-empty cell is a number is <c>double</c> (NaN and ±Infinity
/// included), one of <c>True</c>/<c>False</c> is <c>boolean</c>, anything else is a UTF-8 string; every column
/// is optional and an empty cell is null. Column names must be unique. One row group, Snappy compression
/// (Parquet's customary codec, read by every Parquet reader; in Parquet.Net it is managed code, so no native
/// library comes with it). Written atomically through <see cref="AtomicFile"/>.
/// </summary>
public static class ParquetTable
{
    /// <summary>The compression every FeatureScale Parquet file uses.</summary>
    public const CompressionMethod Compression = CompressionMethod.Snappy;

    private const NumberStyles IntegerStyle = NumberStyles.AllowLeadingSign;
    private const NumberStyles FloatStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint |
                                            NumberStyles.AllowExponent;

    /// <summary>The type of a column from its cells, empty ones not counted: <see cref="long"/> when every cell is
    /// an integer within it; <see cref="double"/> when every cell is a number and one written as an integer is held
    /// by a double exactly (a seed past 2⁵³ beside a fraction keeps its column a string rather than being rounded);
    /// <see cref="bool"/> for True/False (any case); otherwise, and for a column without a non-empty cell,
    /// <see cref="string"/>.</summary>
    public static Type Infer(IEnumerable<string> cells)
    {
        bool any = false, integers = true, numbers = true, booleans = true;
        foreach (var c in cells)
        {
            if (c.Length == 0) continue;
            any = true;
            if (integers && !IsInt64(c)) integers = false;
            if (numbers && !IsExactDouble(c)) numbers = false;
            if (booleans && !IsBoolean(c)) booleans = false;
            if (!integers && !numbers && !booleans) return typeof(string);
        }
        return !any ? typeof(string)
            : integers ? typeof(long)
            : numbers ? typeof(double)
            : booleans ? typeof(bool)
            : typeof(string);
    }

    private static bool IsInt64(string c) => long.TryParse(c, IntegerStyle, CultureInfo.InvariantCulture, out _);

    private static bool IsBoolean(string c) =>
        c.Equals("True", StringComparison.OrdinalIgnoreCase) || c.Equals("False", StringComparison.OrdinalIgnoreCase);

    /// <summary>A number, and for an integer written out in digits, one that a double holds exactly.</summary>
    private static bool IsExactDouble(string c)
    {
        if (!double.TryParse(c, FloatStyle, CultureInfo.InvariantCulture, out double d)) return false;
        if (!BigInteger.TryParse(c, IntegerStyle, CultureInfo.InvariantCulture, out var big)) return true;
        return double.IsFinite(d) && new BigInteger(d) == big;
    }

    /// <summary>The Parquet schema of a table: its columns in order, each typed by <see cref="Infer"/>.</summary>
    public static ParquetSchema Schema(IReadOnlyList<string> columns, IReadOnlyList<string[]> rows) =>
        new(columns.Select((name, j) => Field(name, Infer(rows.Select(r => r[j])))).ToArray<Field>());

    private static DataField Field(string name, Type type) =>
        type == typeof(long) ? new DataField<long?>(name)
        : type == typeof(double) ? new DataField<double?>(name)
        : type == typeof(bool) ? new DataField<bool?>(name)
        : new DataField<string>(name, nullable: true);

    /// <summary>The Parquet file's bytes.</summary>
    public static byte[] ToBytes(IReadOnlyList<string> columns, IReadOnlyList<string[]> rows)
    {
        if (columns.Count == 0) throw new ArgumentException("a table needs at least one column");
        // Parquet readers find columns by name; Parquet.Net would write a second one of the same name unasked.
        if (columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"column name '{twice.Key}' appears {twice.Count()} times");
        foreach (var r in rows)
            if (r.Length != columns.Count)
                throw new ArgumentException($"row has {r.Length} values, table has {columns.Count} columns");
        var schema = Schema(columns, rows);
        // Parquet.Net is async only; Task.Run keeps the wait off any synchronisation context of the caller.
        return Task.Run(() => WriteAsync(schema, rows)).GetAwaiter().GetResult();
    }

    private static async Task<byte[]> WriteAsync(ParquetSchema schema, IReadOnlyList<string[]> rows)
    {
        using var ms = new MemoryStream();
        var options = new ParquetOptions { CompressionMethod = Compression };
        await using (var writer = await ParquetWriter.CreateAsync(schema, ms, options).ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            var fields = schema.DataFields;
            for (int j = 0; j < fields.Length; j++)
            {
                var f = fields[j];
                var cells = rows.Select(r => r[j]);
                if (f.ClrType == typeof(long))
                    await group.WriteAsync<long>(f, cells.Select(ParseInt64).ToArray()).ConfigureAwait(false);
                else if (f.ClrType == typeof(double))
                    await group.WriteAsync<double>(f, cells.Select(ParseDouble).ToArray()).ConfigureAwait(false);
                else if (f.ClrType == typeof(bool))
                    await group.WriteAsync<bool>(f, cells.Select(ParseBoolean).ToArray()).ConfigureAwait(false);
                else
                    await group.WriteAsync(f, cells.Select(c => c.Length == 0 ? null : c).ToArray())
                        .ConfigureAwait(false);
            }
            group.CompleteValidate();
        }
        return ms.ToArray();
    }

    private static long? ParseInt64(string c) =>
        c.Length == 0 ? null : long.Parse(c, IntegerStyle, CultureInfo.InvariantCulture);

    private static double? ParseDouble(string c) =>
        c.Length == 0 ? null : double.Parse(c, FloatStyle, CultureInfo.InvariantCulture);

    private static bool? ParseBoolean(string c) =>
        c.Length == 0 ? null : c.Equals("True", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes the table to path atomically (temp file, flush to disk, rename).</summary>
    public static void Write(string path, IReadOnlyList<string> columns, IReadOnlyList<string[]> rows) =>
        AtomicFile.WriteAllBytes(path, ToBytes(columns, rows));

    /// <summary>Writes a <see cref="CsvTable"/>'s cells to path atomically.</summary>
    public static void Write(string path, CsvTable table) => Write(path, table.Columns, table.Rows);
}
