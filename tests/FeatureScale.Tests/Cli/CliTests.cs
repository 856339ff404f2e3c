using System.Text.Json;
using FeatureScale.Cli;

namespace FeatureScale.Tests.Cli;

/// <summary>The command line: info --json and the handling of bad arguments (exit 2, one line, no stack trace).</summary>
[Collection("Environment")] // redirects Console
public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => FeatureScale.Tests.Cli.InProcessCli.Run(args);

    [Fact]
    public void Info_json_reports_backend_and_core()
    {
        var (code, output, err) = Run("info", "--json");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(FeatureScale.Numerics.LinearAlgebra.Provider.Name, root.GetProperty("backend").GetString());
        Assert.Equal(FeatureScale.Numerics.LinearAlgebra.Provider.CoreName, root.GetProperty("openblas_core").GetString());
        Assert.Equal(FeatureScale.LibraryInfo.Version, root.GetProperty("version").GetString());
        Assert.True(root.GetProperty("blas_threads").GetInt32() >= 1);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("simd").GetString()));
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("info", "--no-such-option")]
    [InlineData("info", "--json", "extra")]
    [InlineData("selfcheck", "--out")]
    public void Bad_arguments_give_exit_code_2_and_one_line_on_stderr(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("featurescale:", lines[0]);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("Exception", err);
    }

    [Fact]
    public void Config_errors_inside_commands_become_exit_code_2()
    {
        var saved = Console.Error;
        var stderr = new StringWriter();
        Console.SetError(stderr);
        try
        {
            Assert.Equal(2, Fail.Guard(() => throw new FeatureScale.ConfigException("width must be positive")));
            Assert.Equal(1, Fail.Guard(() => throw new InvalidOperationException("boom\nsecond line")));
        }
        finally { Console.SetError(saved); }
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["featurescale: width must be positive", "featurescale: error: boom"], lines);
    }

    [Fact]
    public void Selfcheck_passes_and_writes_csv_and_manifest()
    {
        var dir = Path.Combine(Path.GetTempPath(), "featurescale-selfcheck-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, output, err) = Run("selfcheck", "--out", dir);
            Assert.True(code == 0, output + err);
            Assert.Contains("all checks passed", output);
            var (columns, rows) = FeatureScale.Reporting.CsvTable.Read(Path.Combine(dir, "selfcheck.csv"));
            Assert.Equal(["check", "value", "tolerance", "passed"], columns);
            Assert.All(rows, r => Assert.Equal("True", r[3]));
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")));
            Assert.Equal("selfcheck", manifest.RootElement.GetProperty("command").GetString());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("info", output);
        Assert.Contains("selfcheck", output);
    }
}
