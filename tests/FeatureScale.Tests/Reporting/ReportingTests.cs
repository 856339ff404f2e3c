using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using FeatureScale.Numerics;
using FeatureScale.Reporting;

namespace FeatureScale.Tests.Reporting;

/// <summary>CSV, manifest, atomic writes and figures.</summary>
[Collection("Environment")] // changes CurrentCulture
public class ReportingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "featurescale-tests-" + Guid.NewGuid().ToString("N"));

    public ReportingTests() => Directory.CreateDirectory(_dir);

    public void Dispose() { try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } }

    [Fact]
    public void Csv_round_trips_with_quoting_and_invariant_culture_under_a_German_locale()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // The projects run in invariant-globalization mode (no de-DE data), so build a culture that formats like
            // de-DE: decimal comma, dot for thousands, "−" style differences aside.
            var german = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            german.NumberFormat.NumberDecimalSeparator = ",";
            german.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = german;
            Assert.Equal("1,5", 1.5.ToString(CultureInfo.CurrentCulture)); // the trap is armed
            var table = new CsvTable("name", "value", "count", "flag");
            table.Add("plain", 1.5, 3, true);
            table.Add("with, comma", -2.25e-300, 1_000_000, false);
            table.Add("with \"quotes\"", Math.PI, -7, true);
            table.Add("line\nbreak", double.NaN, 0, false);
            table.Add("", 0.1f, 42L, null);
            var path = Path.Combine(_dir, "t.csv");
            table.Write(path);
            var text = File.ReadAllText(path);
            Assert.Contains("1.5", text);
            Assert.DoesNotContain("1,5", text);
            var (columns, rows) = CsvTable.Read(path);
            Assert.Equal(["name", "value", "count", "flag"], columns);
            Assert.Equal(5, rows.Count);
            Assert.Equal("with, comma", rows[1][0]);
            Assert.Equal("with \"quotes\"", rows[2][0]);
            Assert.Equal("line\nbreak", rows[3][0]);
            Assert.Equal(-2.25e-300, double.Parse(rows[1][1], CultureInfo.InvariantCulture));
            Assert.Equal(Math.PI, double.Parse(rows[2][1], CultureInfo.InvariantCulture)); // round-trip precision
            Assert.Equal("1000000", rows[1][2]);
            Assert.Equal("NaN", rows[3][1]);
            Assert.Equal("0.1", rows[4][1]);
            Assert.Equal("", rows[4][3]);
            Assert.All(rows, r => Assert.Equal(4, r.Length));
        }
        finally { CultureInfo.CurrentCulture = saved; }
        Assert.Throws<ArgumentException>(() => new CsvTable("a", "b").Add(1));
        Assert.Throws<FormatException>(() => CsvTable.Parse("a,b\n\"unterminated,1\n"));
    }

    private sealed record DemoConfig(int Width, double Temperature, string Activation);

    [Fact]
    public void Manifest_records_version_backend_core_threads_seed_and_config()
    {
        var started = DateTimeOffset.UtcNow;
        Manifest.Create("demo", new DemoConfig(128, 0.01, "erf"), 42ul, started, 1.25, new Dictionary<string, string> { ["note"] = "x" }).WriteTo(_dir);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, Manifest.FileName)));
        var root = doc.RootElement;
        Assert.Equal("demo", root.GetProperty("command").GetString());
        Assert.Equal(42ul, root.GetProperty("seed").GetUInt64());
        Assert.Equal(1.25, root.GetProperty("wall_seconds").GetDouble());
        var config = root.GetProperty("config");
        Assert.Equal(128, config.GetProperty("width").GetInt32());
        Assert.Equal(0.01, config.GetProperty("temperature").GetDouble());
        Assert.Equal("erf", config.GetProperty("activation").GetString());
        var env = root.GetProperty("environment");
        Assert.Equal(LibraryInfo.Version, env.GetProperty("version").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", env.GetProperty("version").GetString());
        Assert.Equal(LinearAlgebra.Provider.Name, env.GetProperty("backend").GetString());
        Assert.Equal(LinearAlgebra.Provider.CoreName, env.GetProperty("openblas_core").GetString());
        Assert.True(env.GetProperty("blas_threads").GetInt32() >= 1);
        Assert.True(env.TryGetProperty("git_commit", out _));
        Assert.Equal("x", root.GetProperty("notes").GetProperty("note").GetString());
        Assert.Equal(started, root.GetProperty("started_utc").GetDateTimeOffset());
    }

    [Fact]
    public void Atomic_writes_leave_no_temporary_files()
    {
        var path = Path.Combine(_dir, "sub", "out.json");
        for (int i = 0; i < 20; i++) Json.Write(path, new { i, values = new[] { 1.0, double.NaN } });
        AtomicFile.WriteAllBytes(Path.Combine(_dir, "sub", "b.bin"), [1, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteVia(Path.Combine(_dir, "sub", "fail.txt"), tmp =>
        {
            File.WriteAllText(tmp, "partial");
            throw new InvalidOperationException("writer failed");
        }));
        Assert.Equal(new[] { "b.bin", "out.json" }, Directory.GetFiles(Path.Combine(_dir, "sub")).Select(p => Path.GetFileName(p)!).Order().ToArray());
        Assert.Contains("\"i\": 19", File.ReadAllText(path));
        Assert.Contains("NaN", File.ReadAllText(path));
    }

    [Fact]
    public void Figures_are_written_as_png_and_svg_with_decade_ticks()
    {
        var x = Enumerable.Range(0, 12).Select(i => 10 * Math.Pow(1.6, i)).ToArray();
        var noise = new double[x.Length];
        RandomStream.For(3, 0, "plot").FillGaussian(noise);
        var y = x.Select((v, i) => 50 * Math.Pow(v, -0.8) * Math.Exp(0.05 * noise[i])).ToArray();
        var err = y.Select(v => 0.1 * v).ToArray();
        var fit = PowerLawFit.Fit(x, y, 200, 1);
        var (png, svg) = new FigureBuilder("power law", "sample size P", "test error", logX: true, logY: true)
            .Series("measured", x, y, err)
            .PowerLaw("fit", fit, x[0], x[^1])
            .Line("reference", [10.0, 1000.0], [5.0, 0.05])
            .Series("with a zero", [10.0, 20.0], [0.0, 1.0])
            .Save(Path.Combine(_dir, "fig"));
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.InRange(bytes.Length, 10_000, 2_000_000);
        var doc = XDocument.Parse(File.ReadAllText(svg));
        Assert.Equal("svg", doc.Root!.Name.LocalName);
        var text = string.Concat(doc.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "|"));
        foreach (var label in new[] { "10¹", "10²", "10³", "10⁰", "10⁻¹" }) Assert.Contains(label, text);
        Assert.Contains("power law", text);
        Assert.Contains("sample size P", text);
        Assert.Equal(new[] { "fig.png", "fig.svg" }, Directory.GetFiles(_dir).Select(p => Path.GetFileName(p)!).Order().ToArray());
        Assert.Equal("10⁻¹²", FigureBuilder.DecadeLabel(-12));
        Assert.Equal("10⁰", FigureBuilder.DecadeLabel(0.0000001));
    }

    [Fact]
    public void Linear_figures_work_too()
    {
        var svg = new FigureBuilder("linear", "x", "y").Series("s", [1.0, 2.0, 3.0], [2.0, -1.0, 4.0], [0.5, 0.5, 0.5]).ToSvg();
        Assert.Equal("svg", XDocument.Parse(svg).Root!.Name.LocalName);
        Assert.DoesNotContain("10¹", svg);
        Assert.Throws<ArgumentException>(() => new FigureBuilder("t", "x", "y").Series("s", [1.0], [1.0, 2.0]));
    }
}
