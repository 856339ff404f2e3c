extern alias JsonSchemaNet;

using System.Text.Json;
using System.Text.Json.Nodes;
using FeatureScale.Analysis;
using FeatureScale.Tests.Cli;
using FeatureScale.Tests.Support;
using JsonSchemaNet::Json.Schema;

namespace FeatureScale.Tests.Reporting;

/// <summary>
/// The JSON contracts in docs/schemas/ hold for the files FeatureScale ships (problems/, examples/sweeps/) and for
/// the files it writes (a tiny train sweep and its report), and they reject what they should.
/// </summary>
public class SchemaTests
{
    private static string RepoRoot() => SchemaFiles.RepoRoot();
    private static JsonSchema Schema(string name) => SchemaFiles.Schema(name);
    private static void AssertValid(JsonSchema schema, JsonNode? node, string what) =>
        SchemaFiles.AssertValid(schema, node, what);
    private static bool Valid(string schema, JsonNode? node) => SchemaFiles.Valid(schema, node);
    private static JsonNode? Read(string path) => SchemaFiles.Read(path);

    [Fact]
    public void ShippedProblemsAndSweepSpecsValidate()
    {
        var problem = Schema("problem");
        var files = Directory.GetFiles(Path.Combine(RepoRoot(), "problems"), "*.json");
        Assert.NotEmpty(files);
        foreach (var f in files) AssertValid(problem, Read(f), f);
        var sweep = Schema("sweep-spec");
        foreach (var f in Directory.GetFiles(Path.Combine(RepoRoot(), "examples", "sweeps"), "*.json"))
        {
            var spec = Read(f);
            AssertValid(sweep, spec, f);
            if (spec!["executor"]!.GetValue<string>() == "train") AssertValid(Schema("train-config"), spec["base"], f + " base");
        }
    }

    [Fact]
    public void TheTrainConfigSchemaDescribesTheTrainConfigRecord()
    {
        // Every field the record serialises (its defaults, and a config with every optional field set) validates,
        // and a field the record refuses is refused by the schema too.
        var full = new FeatureScale.Experiments.TrainConfig
        {
            Widths = [8], Sigma2Layers = [1, 1], Chi = 8, Eta = 0.01, Freeze = [1], Loss = "mse",
            Sampler = new FeatureScale.Sampling.SamplerSettings { Name = "baoab", Step = 0.5, StepFraction = 1 },
        };
        foreach (var cfg in new[] { new FeatureScale.Experiments.TrainConfig(), full })
            AssertValid(Schema("train-config"), JsonNode.Parse(FeatureScale.Reporting.Json.Serialize(cfg)), "TrainConfig");
        var typo = JsonNode.Parse("""{"d": 8, "stpes": 100}""");
        Assert.False(Valid("train-config", typo));
        Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize<FeatureScale.Experiments.TrainConfig>(typo!.ToJsonString(),
                FeatureScale.Reporting.Json.Options));
    }

    [Fact]
    public void SchemasRejectWhatTheToolRejects()
    {
        var good = Read(Path.Combine(RepoRoot(), "problems", "fcn2-he3.json"))!.AsObject();
        var noTarget = (JsonObject)good.DeepClone();
        noTarget.Remove("target");
        Assert.False(Valid("problem", noTarget));
        var typo = (JsonObject)good.DeepClone();
        typo["activaton"] = "erf";
        Assert.False(Valid("problem", typo));
        Assert.False(Valid("sweep-spec", JsonNode.Parse("""{"name": "x", "grid": {"d": [1]}}""")));
        Assert.False(Valid("verdicts", JsonNode.Parse("""[{"text": "x", "agrees_with_paper": "yes"}]""")));
    }

    [Fact]
    public void VerdictsWithNumbersValidateAndSayInconclusive()
    {
        using var tmp = new TempDir();
        var wide = Verdicts.Exponent("P*", "d", 0.60, -0.04, 1.24, paper: 1, theory: 0.98);
        var tight = Verdicts.Exponent("P*", "d", 1.03, 0.96, 1.10, paper: 1);
        var off = Verdicts.Exponent("P*", "d", 1.50, 1.40, 1.60, paper: 1);
        SweepAnalysis.WriteVerdicts(tmp.Path, [wide, tight, off, new Verdict("chains: R̂ 1.01", null)]);
        var arr = Read(Path.Combine(tmp.Path, "verdicts.json"))!.AsArray();
        AssertValid(Schema("verdicts"), arr, "verdicts.json");
        Assert.Equal(["inconclusive", "agrees", "disagrees", "information"],
            arr.Select(v => v!["status"]!.GetValue<string>()).ToArray());
        Assert.Equal(0.60, arr[0]!["estimate"]!.GetValue<double>());
        Assert.Equal(1.24, arr[0]!["ci_high"]!.GetValue<double>());
        Assert.Equal(Verdicts.ExponentTolerance, arr[0]!["tolerance"]!.GetValue<double>());
        Assert.Equal(0.98, arr[0]!["theory"]!.GetValue<double>());
        Assert.Null(arr[3]!["estimate"]);
    }

    [Fact]
    public void FilesATrainSweepAndItsReportWriteValidate()
    {
        using var tmp = new TempDir();
        string spec = Path.Combine(RepoRoot(), "examples", "sweeps", "train-tiny.json");
        string outDir = tmp.Sub("sweep");
        var run = InProcessCli.Run("sweep", "run", spec, "--out", outDir);
        Assert.True(run.Code == 0, run.Err);
        var report = InProcessCli.Run("report", outDir);
        Assert.True(report.Code == 0, report.Err);

        var manifest = Schema("manifest");
        AssertValid(manifest, Read(Path.Combine(outDir, "manifest.json")), "manifest.json");
        AssertValid(manifest, Read(Path.Combine(outDir, "analysis", "manifest.json")), "analysis/manifest.json");
        AssertValid(Schema("sweep"), Read(Path.Combine(outDir, "sweep.json")), "sweep.json");
        AssertValid(Schema("sweep-spec"), Read(Path.Combine(outDir, "sweep.json"))!["spec"], "sweep.json spec");
        AssertValid(Schema("analysis"), Read(Path.Combine(outDir, "analysis", "analysis.json")), "analysis.json");
        AssertValid(Schema("verdicts"), Read(Path.Combine(outDir, "analysis", "verdicts.json")), "verdicts.json");
        var results = Directory.GetDirectories(Path.Combine(outDir, "runs"))
            .Where(d => !Path.GetFileName(d).StartsWith('.')).Select(d => Path.Combine(d, "result.json")).ToList();
        Assert.Equal(3, results.Count);
        foreach (var f in results)
        {
            var node = Read(f);
            AssertValid(Schema("run-result"), node, f);
            AssertValid(Schema("train-summary"), node!["result"], f + " result");
            string folder = Path.GetDirectoryName(f)!;
            AssertValid(Schema("train-config"), Read(Path.Combine(folder, "config.json")), folder + " config.json");
            AssertValid(Schema("manifest"), Read(Path.Combine(folder, "train_manifest.json")), folder + " train manifest");
        }
    }
}
