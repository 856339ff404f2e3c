using System.Text.Json.Nodes;
using FeatureScale.Reporting;
using FeatureScale.Experiments;

namespace FeatureScale.Tests.Cli;

/// <summary>Training.Run determinism across thread counts, divergence handling, outputs, and config rejection by the CLI.</summary>
[Collection("console")]
public class TrainCliTests
{
    private static TrainConfig Small => new()
    {
        D = 8, P = 60, Width = 8, Chains = 3, Steps = 200, Burnin = 100, Thin = 10, TestPoints = 500, PriorDraws = 4, Seed = 42,
    };

    private static string SummaryWithoutTime(TrainResult r)
    {
        var node = JsonNode.Parse(Json.Serialize(r.Summary))!.AsObject();
        node.Remove("wall_seconds");
        return node.ToJsonString();
    }

    [Fact]
    public void SameSeedGivesIdenticalSummaryAtOneAndTwoThreads()
    {
        var one = Training.Run(Small with { Threads = 1 });
        var two = Training.Run(Small with { Threads = 2 });
        Assert.Equal(SummaryWithoutTime(one), SummaryWithoutTime(two));
        Assert.Equal(one.Samples.Select(s => s.Alignment), two.Samples.Select(s => s.Alignment));
        Assert.Equal(3 * 20, one.Samples.Count);
        var other = Training.Run(Small with { Threads = 2, Seed = 43 });
        Assert.NotEqual(SummaryWithoutTime(one), SummaryWithoutTime(other));
    }

    [Fact]
    public void OneChainIsIdenticalWithIntraChainThreads()
    {
        // One chain at two threads splits BLAS and element-wise work inside the chain (P×N = 48,000 elements).
        var cfg = Small with { Chains = 1, P = 1200, Width = 40, Steps = 60, Burnin = 20, Thin = 10 };
        var one = Training.Run(cfg with { Threads = 1 });
        var two = Training.Run(cfg with { Threads = 2 });
        Assert.Equal(SummaryWithoutTime(one), SummaryWithoutTime(two));
    }

    [Fact]
    public void AChainDoesNotDependOnHowManyChainsRun()
    {
        var two = Training.Run(Small with { Chains = 2, Threads = 2 });
        var three = Training.Run(Small with { Chains = 3, Threads = 1 });
        Assert.Equal(two.Samples.Select(s => s.Alignment), three.Samples.Where(s => s.Chain < 2).Select(s => s.Alignment));
    }

    [Fact]
    public void Float32AndDeepNetworksRun()
    {
        var r = Training.Run(Small with { Precision = "float32", Depth = 3, Widths = [8, 6], Activation = "relu", Parameterisation = "meanfield" });
        Assert.False(r.Diverged);
        Assert.Equal(2, r.Summary.Specialised.Count);
        Assert.Equal("float32", r.Summary.Precision);
        Assert.True(double.IsFinite(r.Summary.Alignment.Mean));
        Assert.Equal(1.0 / 6, r.Summary.Sigma2[^1], 12); // σ_L²/χ with χ = N_2 = 6
    }

    [Fact]
    public void Float32TracksFloat64UnderTheSameNoise()
    {
        // Same seed → same initial draw and noise; the dissipative dynamics keeps the float32 chain close to float64.
        var f64 = Training.Run(Small);
        var f32 = Training.Run(Small with { Precision = "float32" });
        var diffs = f64.Samples.Zip(f32.Samples, (a, b) => Math.Abs(a.Alignment - b.Alignment)).ToArray();
        Assert.True(diffs.Max() < 1e-3, $"max |ΔA_f| = {diffs.Max():E2}");
        Assert.True(diffs.Max() > 0, "float32 run is bit-identical to float64: precision not applied?");
    }

    [Fact]
    public void PerNeuronOverlapsAreConsistentWithCountsAndHistograms()
    {
        var r = Training.Run(Small with { Chains = 2 });
        var layer1 = r.Overlaps.Where(o => o.Layer == 1 && o.Feature == "linear").OrderBy(o => o.Chain).ToArray();
        Assert.Equal(2, layer1.Length);
        double threshold = r.Summary.Specialised[0].Threshold;
        var counts = layer1.SelectMany(o => Enumerable.Range(0, o.Values.Length / o.Width)
            .Select(s => o.Values.Skip(s * o.Width).Take(o.Width).Count(v => Math.Abs(v) > threshold))).ToArray();
        Assert.Equal(r.Samples.Select(s => s.Specialised[0]), counts);
        long histTotal = r.Histograms.Where(b => b.Layer == 1 && b.Feature == "linear").Sum(b => b.Count);
        Assert.Equal(layer1.Sum(o => o.Values.Length), histTotal);
    }

    [Fact]
    public void DivergenceStopsWithAMessageAndKeepsSamples()
    {
        var r = Training.Run(Small with { Eta = 0.05, Burnin = 0, Thin = 1, Sampler = new() { Name = "ula" } });
        Assert.True(r.Diverged);
        Assert.Contains("η = 0.05", r.Summary.Message);
        var suggested = double.Parse(r.Summary.Message!.Split("--eta ")[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Math.Min(0.05 / 4, 0.1 / r.Summary.LambdaMax), suggested, 0.01 * suggested);
        Assert.Contains(r.Summary.Warnings, w => w.Contains("step size"));
        Assert.True(r.Samples.Count > 0);
    }

    [Fact]
    public void TrainCommandWritesTheContract()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fs-train-" + Guid.NewGuid().ToString("N"));
        var cfgFile = Path.Combine(Path.GetTempPath(), "fs-train-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(cfgFile, Json.Serialize(Small with { Chains = 2, Steps = 100 }));
        var (code, _, err) = RunCli(["train", "--config", cfgFile, "--out", dir, "--seed", "7"]);
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
        foreach (var key in new[] { "alignment", "test_mse", "train_mse" })
        {
            Assert.NotNull(summary[key]!["mean"]); Assert.NotNull(summary[key]!["sem"]);
        }
        Assert.Equal(1, (int)summary["specialised"]![0]!["layer"]!);
        foreach (var key in new[] { "rhat", "ess", "steps", "wall_seconds" }) Assert.NotNull(summary[key]);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
        Assert.Equal(7, (int)manifest["config"]!["seed"]!);
        Assert.Equal(60, (int)manifest["config"]!["P"]!);
        var (cols, rows) = CsvTable.Read(Path.Combine(dir, "samples.csv"));
        Assert.Contains("alignment", cols);
        Assert.Equal(2 * 10, rows.Count);
        var (hcols, hrows) = CsvTable.Read(Path.Combine(dir, "histograms.csv"));
        Assert.Contains("h_pi", hcols);
        Assert.Equal(2 * 60, hrows.Count);
        Directory.Delete(dir, true); File.Delete(cfgFile);
    }

    [Theory]
    [InlineData("--d", "0")]
    [InlineData("--P", "0")]
    [InlineData("--act", "sigmoidish")]
    [InlineData("--kappa", "0")]
    [InlineData("--kappa", "-1")]
    [InlineData("--target", "q3")]
    [InlineData("--precision", "half")]
    [InlineData("--param", "ntk")]
    [InlineData("--chains", "0")]
    [InlineData("--width", "0")]
    [InlineData("--depth", "1")]
    [InlineData("--freeze", "1,2")]
    [InlineData("--eta", "0")]
    public void BadConfigsExitWithCodeTwoAndOneLine(string option, string value)
    {
        var (code, _, err) = RunCli(["train", option, value, "--out", Path.Combine(Path.GetTempPath(), "fs-never")]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("featurescale:", err);
    }

    [Fact]
    public void MissingWidthAndUnknownConfigKeysAreRejected()
    {
        var (code, _, err) = RunCli(["train", "--depth", "3", "--widths", "40"]);
        Assert.Equal(2, code);
        Assert.Contains("widths", err);
        var file = Path.Combine(Path.GetTempPath(), "fs-bad-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, "{\"d\": 10, \"widht\": 5}");
        (code, _, err) = RunCli(["train", "--config", file]);
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
        File.Delete(file);
        (code, _, err) = RunCli(["train", "--config", "/nonexistent/x.json"]);
        Assert.Equal(2, code);
    }

    private static (int Code, string Out, string Err) RunCli(params string[] args) => FeatureScale.Tests.Cli.InProcessCli.Run(args);
}
