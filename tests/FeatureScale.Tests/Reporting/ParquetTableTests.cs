using FeatureScale.Reporting;
using FeatureScale.Tests.Cli;
using FeatureScale.Tests.Support;
using Parquet;
using Parquet.Schema;

namespace FeatureScale.Tests.Reporting;

/// <summary>The Parquet beside each CSV table: same columns in the same order, typed, every cell the CSV's; a
/// Parquet failure costs nothing but a warning; a sweep and its report leave Parquet beside their main
/// tables.</summary>
public class ParquetTableTests
{
    /// <summary>The Parquet file read back with Parquet.Net: its fields and every cell formatted the way CsvTable
    /// formats values (null as the empty cell).</summary>
    private static async Task<(DataField[] Fields, List<string[]> Rows)> ReadBack(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.DataFields;
        var rows = new List<string[]>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            int n = checked((int)group.RowCount);
            var columns = new string[fields.Length][];
            for (int j = 0; j < fields.Length; j++)
                columns[j] = fields[j].ClrType switch
                {
                    var t when t == typeof(long) => await Cells<long>(group, fields[j], n),
                    var t when t == typeof(double) => await Cells<double>(group, fields[j], n),
                    var t when t == typeof(bool) => await Cells<bool>(group, fields[j], n),
                    var t when t == typeof(string) || t == typeof(ReadOnlyMemory<char>) =>
                        await Strings(group, fields[j], n),
                    var t => throw new InvalidOperationException($"{fields[j].Name}: unexpected type {t}"),
                };
            for (int i = 0; i < n; i++) rows.Add(columns.Select(c => c[i]).ToArray());
        }
        return (fields, rows);
    }

    private static async Task<string[]> Cells<T>(ParquetRowGroupReader group, DataField f, int n) where T : struct
    {
        var values = new T?[n];
        await group.ReadAsync<T>(f, values.AsMemory());
        return values.Select(v => v is { } x ? CsvTable.Format(x) : "").ToArray();
    }

    private static async Task<string[]> Strings(ParquetRowGroupReader group, DataField f, int n)
    {
        var values = new string?[n];
        await group.ReadAsync(f, values.AsMemory());
        return values.Select(v => v ?? "").ToArray();
    }

    private static async Task AssertSameTable(string csvPath, string parquetPath)
    {
        var (header, rows) = CsvTable.Read(csvPath);
        var (fields, cells) = await ReadBack(parquetPath);
        Assert.Equal(header, fields.Select(f => f.Name).ToArray());
        Assert.All(fields, f => Assert.True(f.IsNullable, f.Name));
        Assert.Equal(rows.Count, cells.Count);
        for (int i = 0; i < rows.Count; i++) Assert.Equal(rows[i], cells[i]);
    }

    [Fact]
    public async Task RoundTripKeepsTheColumnsInOrderTypedAndEveryCellOfTheCsv()
    {
        using var tmp = new TempDir();
        var table = new CsvTable("index", "α.mean (Å)", "passed", "kind", "sparse", "empty", "seed", "wide_seed",
            "mixed", "ratio");
        table.Add(0, 0.1, true, "agrees, “quoted”", 7, null, 18446744073709551615UL, 9007199254740993L, 1, 1.5);
        table.Add(1, double.NaN, false, "ψ\nline", null, null, 2UL, 1L, "x", 2);
        table.Add(-2, double.PositiveInfinity, true, "", -3, null, 3UL, 2L, 3, -0.25);
        table.Add(long.MaxValue, -1e-300, null, "plain", null, null, 4UL, 0.5, 4, double.NegativeInfinity);
        string csv = tmp.Sub("t.csv");
        table.Write(csv);

        string pq = tmp.Sub("t.parquet");
        Assert.True(File.Exists(pq));
        await AssertSameTable(csv, pq);
        var (_, cells) = await ReadBack(pq);
        // the file's own schema: physical types (strings as UTF-8), every column optional
        await using var reader = await ParquetReader.CreateAsync(pq);
        var elements = reader.Metadata!.Schema.Skip(1).ToList();
        Assert.Equal(table.Columns, elements.Select(e => e.Name ?? "").ToArray());
        Assert.Equal(["INT64", "DOUBLE", "BOOLEAN", "UTF8", "INT64", "UTF8", "UTF8", "UTF8", "UTF8", "DOUBLE"],
            elements.Select(e => e.ConvertedType == Parquet.Meta.ConvertedType.UTF8 ? "UTF8" : $"{e.Type}")
                .ToArray());
        Assert.All(elements, e => Assert.Equal(Parquet.Meta.FieldRepetitionType.OPTIONAL, e.RepetitionType));
        // a seed past 2^63 and one past 2^53 beside a fraction would be rounded as doubles: they stay strings
        Assert.Equal("18446744073709551615", cells[0][6]);
        Assert.Equal("9007199254740993", cells[0][7]);
        Assert.Equal(["NaN", "Infinity", "-1E-300"], cells.Skip(1).Select(r => r[1]).ToArray());
        Assert.Equal(["7", "", "-3", ""], cells.Select(r => r[4]).ToArray());
        Assert.Equal("ψ\nline", cells[1][3]);
        Assert.All(reader.Metadata!.RowGroups.SelectMany(g => g.Columns),
            c => Assert.Equal(Parquet.Meta.CompressionCodec.SNAPPY, c.MetaData!.Codec));
    }

    [Fact]
    public async Task ATableWithoutRowsIsAParquetFileWithItsColumns()
    {
        using var tmp = new TempDir();
        new CsvTable("d", "pstar").Write(tmp.Sub("none.csv"));
        var (fields, rows) = await ReadBack(tmp.Sub("none.parquet"));
        Assert.Equal(["d", "pstar"], fields.Select(f => f.Name).ToArray());
        Assert.Empty(rows);
    }

    [Fact]
    public async Task AFailedParquetCostsOnlyAWarningAndNeverTheCsv()
    {
        using var tmp = new TempDir();
        string csv = tmp.Sub("t.csv"), pq = tmp.Sub("t.parquet");
        var warnings = new List<string>();

        // a folder where the Parquet file should go: the rename fails
        Directory.CreateDirectory(pq);
        new CsvTable("a", "b").Add(1, "x").Write(csv, warn: warnings.Add);
        Assert.Equal(["a", "b"], CsvTable.Read(csv).Columns);
        Assert.Single(warnings);
        Assert.Contains("t.parquet not written", warnings[0]);
        Assert.Contains("t.csv is complete", warnings[0]);
        Directory.Delete(pq);

        // a Parquet that was written before and cannot be now is removed rather than left out of date
        new CsvTable("a", "b").Add(1, "x").Write(csv, warn: warnings.Add);
        Assert.Single(warnings);
        await AssertSameTable(csv, pq);
        new CsvTable("a", "a").Add(2, "y").Add(3, "z").Write(csv, warn: warnings.Add);
        Assert.Equal(2, CsvTable.Read(csv).Rows.Count);
        Assert.Equal(2, warnings.Count);
        Assert.Contains("removed", warnings[1]);
        Assert.False(File.Exists(pq));

        // asked for a CSV alone, or a file that is not .csv: no Parquet
        new CsvTable("a").Add(1).Write(tmp.Sub("only.csv"), parquet: false);
        new CsvTable("a").Add(1).Write(tmp.Sub("table.txt"));
        Assert.False(File.Exists(tmp.Sub("only.parquet")));
        Assert.False(File.Exists(tmp.Sub("table.parquet")));
        Assert.Empty(Directory.GetFiles(tmp.Path, "*.tmp-*"));
    }

    [Fact]
    public async Task ASweepAndItsReportLeaveParquetBesideResultsCurvesAndPStar()
    {
        using var tmp = new TempDir();
        string spec = tmp.Sub("spec.json"), dir = tmp.Sub("study");
        File.WriteAllText(spec, """
            {"name":"parquet-test","executor":"synthetic-alignment","base":{"chains":2},
             "grid":{"d":[8,16],"$alpha":[1,4,16,64]},"derive":{"P":"round($alpha*d)"},
             "analysis":{"kind":"pstar_scaling","predicted_exponent":1,"bootstrap":50}}
            """);
        var run = InProcessCli.Run("sweep", "run", spec, "--out", dir);
        Assert.True(run.Code == 0, run.Err);
        var report = InProcessCli.Run("report", dir);
        Assert.True(report.Code == 0, report.Err);
        Assert.DoesNotContain("parquet", run.Err + report.Err, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(8, CsvTable.Read(Path.Combine(dir, "results.csv")).Rows.Count);
        foreach (var name in new[] { "results", "analysis/curves", "analysis/pstar" })
            await AssertSameTable(Path.Combine(dir, name + ".csv"), Path.Combine(dir, name + ".parquet"));
        Assert.False(File.Exists(Path.Combine(dir, "analysis", "results.parquet")));
    }
}
