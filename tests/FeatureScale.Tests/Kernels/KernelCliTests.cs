using System.Text.Json;

namespace FeatureScale.Tests.Kernels;

/// <summary>The kernel/gp commands: JSON contracts, output files and exit codes (through the serialised in-process
/// runner, so their messages never land in another test's captured console).</summary>
public class KernelCliTests
{
    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fs-kernel-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void SpectrumWritesTheDocumentedJson()
    {
        var dir = TempDir();
        Assert.Equal(0, FeatureScale.Tests.Cli.InProcessCli.Run(["kernel", "spectrum", "--act", "erf", "--depth", "2", "--d", "100", "--max-degree", "8", "--out", dir, "--json"]).Code);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "spectrum.json")));
        var degrees = doc.RootElement.GetProperty("degrees");
        Assert.Equal(9, degrees.GetArrayLength());
        var d1 = degrees[1];
        foreach (var name in new[] { "n", "coefficient", "eigenvalue", "multiplicity" }) Assert.True(d1.TryGetProperty(name, out _), name);
        Assert.Equal(100, d1.GetProperty("multiplicity").GetDouble());
        Assert.True(File.Exists(Path.Combine(dir, "spectrum.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "manifest.json")));
    }

    [Fact]
    public void BadInputExitsWithCodeTwo()
    {
        Assert.Equal(2, FeatureScale.Tests.Cli.InProcessCli.Run(["kernel", "spectrum", "--act", "nope", "--out", TempDir()]).Code);
        Assert.Equal(2, FeatureScale.Tests.Cli.InProcessCli.Run(["kernel", "eval", "--t", "1.5"]).Code);
        Assert.Equal(2, FeatureScale.Tests.Cli.InProcessCli.Run(["kernel", "eval", "--depth", "2", "--sigma2", "1,1,1", "--t", "0.5"]).Code);
        Assert.Equal(2, FeatureScale.Tests.Cli.InProcessCli.Run(["gp", "--config", Path.Combine(TempDir(), "missing.json")]).Code);
    }

    [Fact]
    public void GpReadsATrainConfigAndWritesTheLearningCurve()
    {
        var dir = TempDir();
        var cfg = Path.Combine(dir, "train.json");
        File.WriteAllText(cfg, """{"d": 10, "p": 60, "widths": [200], "act": "erf", "target": "h1+h3", "kappa": 0.1, "sigma2": [1, 1], "seed": 2, "test_points": 300, "steps": 1000, "p_grid": [20, 60]}""");
        var outDir = Path.Combine(dir, "out");
        Assert.Equal(0, FeatureScale.Tests.Cli.InProcessCli.Run(["gp", "--config", cfg, "--out", outDir, "--json"]).Code);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "gp.json")));
        var atP = doc.RootElement.GetProperty("at_p");
        double a = atP.GetProperty("theory_alignment").GetDouble(), ad = atP.GetProperty("direct_alignment").GetDouble();
        Assert.InRange(a, 0, 1);
        Assert.InRange(ad, -0.5, 1.5);
        Assert.Equal(2, doc.RootElement.GetProperty("curve").GetArrayLength());
        Assert.Equal(3, File.ReadAllLines(Path.Combine(outDir, "learning_curve.csv")).Length);
        Assert.True(File.Exists(Path.Combine(outDir, "manifest.json")));
    }

    [Fact]
    public void PropagateWritesCsvPlotAndManifest()
    {
        var dir = TempDir();
        Assert.Equal(0, FeatureScale.Tests.Cli.InProcessCli.Run(["kernel", "propagate", "--quick", "--d", "16", "--n1", "120", "--n2", "60", "--p", "200", "--out", dir]).Code);
        Assert.Equal(14, File.ReadAllLines(Path.Combine(dir, "propagation.csv")).Length);
        Assert.True(new FileInfo(Path.Combine(dir, "propagation.png")).Length > 1000);
        Assert.True(File.Exists(Path.Combine(dir, "propagation.json")));
        Assert.True(File.Exists(Path.Combine(dir, "manifest.json")));
    }
}
