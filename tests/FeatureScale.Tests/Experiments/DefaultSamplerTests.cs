using System.Text.Json.Nodes;
using FeatureScale.Experiments;
using FeatureScale.Reporting;
using FeatureScale.Sampling;
using FeatureScale.Sweeps;
using Xunit;

namespace FeatureScale.Tests.Experiments;

/// <summary>The trainer's default sampler (BAOAB since version 0.2) and what keeps old runs from being mistaken
/// for it.</summary>
[Collection("console")]
public class DefaultSamplerTests
{
    private static TrainConfig Small => new()
    {
        D = 8, P = 60, Width = 8, Chains = 2, Steps = 100, Burnin = 50, Thin = 10, TestPoints = 300, PriorDraws = 4,
        Seed = 3,
    };

    [Fact]
    public void AConfigWithoutASamplerRunsBaoab()
    {
        Assert.Equal("baoab", new TrainConfig().Sampler.Name);
        var r = Training.Run(Small);
        Assert.Equal("baoab", r.Summary.Sampler!.Name);
        Assert.Equal("ula", Training.Run(Small with { Sampler = new() { Name = "ula" } }).Summary.Sampler!.Name);
    }

    [Fact]
    public void EtaWithAnotherSamplerIsRefusedInOneLine()
    {
        var e = Assert.Throws<ConfigException>(() => (Small with { Eta = 0.01 }).Resolve());
        Assert.Contains("sampler 'ula'", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        (Small with { Eta = 0.01, Sampler = new() { Name = "ula" } }).Resolve();
        Assert.Throws<ConfigException>(() =>
            ArchTraining.Resolve(Small with { Arch = "cnn", Patches = 2, Eta = 0.01 }));
    }

    [Fact]
    public void ASweepRunWithoutASamplerIsKeyedWithTheDefaultNamed()
    {
        // up to version 0.1 such a config meant ULA: writing the name in gives it a key of its own, so a stored run
        // of that version is rerun rather than reused as a BAOAB run
        string Spec(string? sampler) =>
            "{\"name\": \"s\", \"executor\": \"train\", \"base\": {\"d\": 8, \"P\": 60, \"width\": 8, " +
            "\"chains\": 2, \"steps\": 20, \"burnin\": 10, \"thin\": 10, \"test_points\": 100" +
            (sampler is null ? "" : ", \"sampler\": " + sampler) + "}, \"grid\": {\"seed\": [1, 2]}}";
        var implicitRuns = SweepSpec.Parse(Spec(null)).Expand();
        var explicitRuns = SweepSpec.Parse(Spec("{\"name\": \"baoab\"}")).Expand();
        var ulaRuns = SweepSpec.Parse(Spec("{\"name\": \"ula\"}")).Expand();
        Assert.All(implicitRuns, r => Assert.Equal("baoab", r.Config["sampler"]!["name"]!.GetValue<string>()));
        Assert.Equal(explicitRuns.Select(r => r.Key), implicitRuns.Select(r => r.Key));
        Assert.NotEqual(ulaRuns.Select(r => r.Key), implicitRuns.Select(r => r.Key));
        // the key of the old (0.1) spelling, a config without the field, is none of them
        var old = (JsonObject)implicitRuns[0].Config.DeepClone();
        old.Remove("sampler");
        Assert.NotEqual(JsonPaths.ShortHash(old), implicitRuns[0].ConfigHash);
        Assert.Equal("ula", ulaRuns[0].Config["sampler"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void TrainCliEtaAloneSelectsUlaAndWithBaoabIsRefused()
    {
        using var dir = new FeatureScale.Tests.Support.TempDir();
        string[] small = ["--d", "8", "--P", "60", "--width", "8", "--chains", "2", "--steps", "40", "--burnin", "20",
            "--thin", "10", "--test-points", "200"];
        var (code, _, err) = FeatureScale.Tests.Cli.InProcessCli.Run(
            ["train", .. small, "--eta", "0.001", "--out", Path.Combine(dir.Path, "a")]);
        Assert.True(code == 0, err);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "a", "summary.json")))!;
        Assert.Equal("ula", summary["sampler"]!["name"]!.GetValue<string>());
        (code, _, err) = FeatureScale.Tests.Cli.InProcessCli.Run(
            ["train", .. small, "--eta", "0.001", "--sampler", "baoab", "--out", Path.Combine(dir.Path, "b")]);
        Assert.Equal(2, code);
        Assert.Contains("eta is the step of sampler 'ula'", err);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "b")));
    }
}

/// <summary>fig2a reuses a stored run only when it was made with the same config.</summary>
public class Fig2aStoredRunTests
{
    [Fact]
    public void AStoredRunOfAnotherSamplerIsNotReused()
    {
        using var dir = new FeatureScale.Tests.Support.TempDir();
        var cfg = new TrainConfig { D = 40, Width = 40, P = 1600, Seed = 1 };
        string path = Path.Combine(dir.Path, "train_manifest.json");
        Assert.False(FeatureScale.Reproductions.Fig2a.SameConfig(path, cfg));
        void Store(TrainConfig c) => File.WriteAllText(path, new JsonObject
        {
            ["config"] = System.Text.Json.JsonSerializer.SerializeToNode(c, Json.Options),
        }.ToJsonString());
        Store(cfg);
        Assert.True(FeatureScale.Reproductions.Fig2a.SameConfig(path, cfg));
        Store(cfg with { Sampler = new() { Name = "ula" } });
        Assert.False(FeatureScale.Reproductions.Fig2a.SameConfig(path, cfg));
        File.WriteAllText(path, "{not json");
        Assert.False(FeatureScale.Reproductions.Fig2a.SameConfig(path, cfg));
    }
}
