using System.Text.Json.Nodes;
using FeatureScale.Reporting;
using FeatureScale.Sweeps;

namespace FeatureScale.Tests.Sweeps;

public class SweepSpecTests
{
    [Fact]
    public void GridIsACartesianProductWithTheFirstFieldOutermost()
    {
        var spec = SweepSpec.Parse("""{"executor":"x","base":{"k":7},"grid":{"a":[1,2,3],"b":["u","v"]}}""");
        var runs = spec.Expand();
        Assert.Equal(6, spec.Count);
        Assert.Equal(6, runs.Count);
        var pairs = runs.Select(r => ((int)r.Config["a"]!, (string)r.Config["b"]!)).ToList();
        Assert.Equal([(1, "u"), (1, "v"), (2, "u"), (2, "v"), (3, "u"), (3, "v")], pairs);
        Assert.All(runs, r => Assert.Equal(7, (int)r.Config["k"]!));
        Assert.Equal(Enumerable.Range(0, 6), runs.Select(r => r.Index));
    }

    [Fact]
    public void ZipGroupsVaryTogetherAndCombineWithTheGrid()
    {
        var spec = SweepSpec.Parse("""
        {"executor":"x","base":{"widths":[1,5],"model":{"act":"erf"}},
         "grid":{"seed":[1,2]},
         "zip":[{"d":[10,20,40],"widths[0]":[10,20,40],"model.kappa":[0.5,0.25,0.125]}]}
        """);
        var runs = spec.Expand();
        Assert.Equal(6, runs.Count);
        foreach (var r in runs)
        {
            int d = (int)r.Config["d"]!;
            Assert.Equal(d, (int)r.Config["widths"]![0]!);
            Assert.Equal(5, (int)r.Config["widths"]![1]!);
            Assert.Equal(5.0 / d, (double)r.Config["model"]!["kappa"]!, 12);
            Assert.Equal("erf", (string)r.Config["model"]!["act"]!);
        }
        Assert.Equal([1, 1, 1, 2, 2, 2], runs.Select(r => (int)r.Config["seed"]!));
    }

    [Fact]
    public void MismatchedZipLengthsAreRejected()
    {
        var e = Assert.Throws<ConfigException>(() => SweepSpec.Parse("""{"executor":"x","zip":[{"d":[10,20,40],"P":[100,200]}]}"""));
        Assert.Contains("differ in length", e.Message);
        Assert.Contains("'P' has 2", e.Message);
    }

    [Theory]
    [InlineData("""{"base":{}}""", "'executor'")]
    [InlineData("""{"executor":"x","grid":{"d":[]}}""", "no values")]
    [InlineData("""{"executor":"x","grid":{"d":5}}""", "list of values")]
    [InlineData("""{"executor":"x","grid":{"d":[1]},"zip":[{"d":[2]}]}""", "swept twice")]
    [InlineData("""{"executor":"x","gird":{"d":[1]}}""", "unknown field 'gird'")]
    [InlineData("""{"executor":"x","base":{"w":[1]},"grid":{"w[3]":[1,2]}}""", "outside the array")]
    [InlineData("""{"executor":"x","grid":{"$a":[1,2]}}""", "same config")]
    [InlineData("""{"executor": """, "not valid JSON")]
    public void BadSpecsAreRejectedWithOneClearLine(string json, string fragment)
    {
        var e = Assert.ThrowsAny<ConfigException>(() => SweepSpec.Parse(json).Expand());
        Assert.Contains(fragment, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void DerivedFieldsUseSweepVariablesThatStayOutOfTheConfig()
    {
        var spec = SweepSpec.Parse("""{"executor":"x","grid":{"d":[10,40],"$alpha":[2.5,40]},"derive":{"P":"round($alpha*d)","half":"d/2"}}""");
        var runs = spec.Expand();
        Assert.Equal([25.0, 400, 100, 1600], runs.Select(r => (double)r.Config["P"]!));
        Assert.Equal([5.0, 5, 20, 20], runs.Select(r => (double)r.Config["half"]!));
        Assert.All(runs, r => Assert.False(r.Config.ContainsKey("$alpha")));
        Assert.StartsWith("P=1600_alpha=40_d=40_half=20_", runs[3].Key);
    }

    [Fact]
    public void KeysAreReadableUniqueAndStable()
    {
        const string a = """{"executor":"x","base":{"kappa":1,"sigma2":1},"grid":{"P":[800,1600],"d":[20,40],"seed":[1,2,3]}}""";
        const string b = """{"executor":"x","base":{"sigma2":1,"kappa":1},"grid":{"P":[800,1600],"d":[20,40],"seed":[1,2,3]}}""";
        var ra = SweepSpec.Parse(a).Expand();
        var rb = SweepSpec.Parse(b).Expand();
        Assert.Equal(ra.Select(r => r.Key), rb.Select(r => r.Key));   // base key order does not matter
        Assert.Equal(ra.Count, ra.Select(r => r.Key).Distinct().Count());
        var k = ra.Single(r => (int)r.Config["P"]! == 1600 && (int)r.Config["d"]! == 40 && (int)r.Config["seed"]! == 3).Key;
        Assert.Matches("^P=1600_d=40_seed=3_[0-9a-f]{8}$", k);
        // Pinned: a stored sweep must still be recognised by later builds (key = values + SHA-256 of the canonical config).
        Assert.Equal("P=1600_d=40_seed=3_" + JsonPaths.ShortHash(JsonNode.Parse("""{"P":1600,"d":40,"kappa":1,"seed":3,"sigma2":1}""")), k);
        // A change anywhere in the config changes the hash, even outside the swept fields.
        var rc = SweepSpec.Parse(a.Replace("\"kappa\":1", "\"kappa\":2")).Expand();
        Assert.All(ra.Zip(rc), t => Assert.NotEqual(t.First.Key, t.Second.Key));
    }

    [Fact]
    public void ArrayValuesAppearInKeysJoinedByX()
    {
        var runs = SweepSpec.Parse("""{"executor":"x","grid":{"widths":[[40,40],[80,20]]}}""").Expand();
        Assert.StartsWith("widths=40x40_", runs[0].Key);
        Assert.StartsWith("widths=80x20_", runs[1].Key);
    }

    [Fact]
    public void ShardsPartitionTheRuns()
    {
        var runs = SweepSpec.Parse("""{"executor":"x","grid":{"a":[1,2,3,4,5,6,7],"b":[1,2,3]}}""").Expand();
        for (int n = 1; n <= 6; n++)
        {
            var slices = Enumerable.Range(1, n).Select(i => runs.Where(r => new Shard(i, n).Contains(r.Index)).Select(r => r.Key).ToList()).ToList();
            Assert.Equal(runs.Count, slices.Sum(s => s.Count));
            Assert.Equal(runs.Select(r => r.Key).Order(), slices.SelectMany(s => s).Order());
            Assert.True(slices.Max(s => s.Count) - slices.Min(s => s.Count) <= 1);   // balanced
        }
    }

    [Theory]
    [InlineData("0/2")]
    [InlineData("3/2")]
    [InlineData("1/0")]
    [InlineData("a/b")]
    [InlineData("1")]
    public void BadShardsAreRejected(string text) => Assert.Throws<ConfigException>(() => Shard.Parse(text));

    [Fact]
    public void ShardParsesOneBased()
    {
        Assert.Equal(new Shard(2, 3), Shard.Parse("2/3"));
        Assert.Equal(Shard.All, Shard.Parse(null));
    }
}
