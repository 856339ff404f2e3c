using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FeatureScale.Analysis;
using FeatureScale.Cli.Commands;
using FeatureScale.Experiments;
using FeatureScale.Kernels;
using FeatureScale.Reporting;
using FeatureScale.Reproductions;
using FeatureScale.Sampling;
using FeatureScale.Sweeps;
using FeatureScale.Sweeps.Slurm;
using FeatureScale.Tests.Cli;
using FeatureScale.Tests.Support;
using FeatureScale.Theory.Adaptive;
using static FeatureScale.Tests.Support.SchemaFiles;

namespace FeatureScale.Tests.Reporting;

/// <summary>
/// The schemas in docs/schemas/ of the summaries and result files beyond the FCN train sweep (SchemaTests): each
/// validates the file the tool writes in a tiny run (train --arch cnn|attention, the reproductions' cached runs, a
/// synthetic sweep with its analysis, failure and Slurm records, the theory commands' --out files), rejects a copy
/// with a required field missing or a field misspelt, lists exactly the properties its C# type serialises, and
/// follows the house style.
/// </summary>
public class OutputSchemaTests
{
    /// <summary>The schemas this class checks (the others are SchemaTests').</summary>
    private static readonly string[] Checked =
    [
        "arch-train-summary", "grok-run", "cubic-langevin-settings", "linear-chi-run", "linear-chi-config",
        "modular-sizes", "synthetic-summary", "sweep", "run-failure", "slurm-jobs", "analysis", "ldt", "prediction",
        "kernel-spectrum", "kernel-propagation", "gp", "adaptive-result", "verify-prediction", "verify-design",
    ];

    private static ReproductionContext Context(string dir) =>
        new(ReproductionMode.Quick, dir, NullProgress.Instance, TextWriter.Null);

    /// <summary>Valid, and invalid once its first field (a required one) is removed or misspelt.</summary>
    private static void AssertValidAndStrict(string schema, JsonNode? node, string what)
    {
        AssertValid(schema, node, what);
        var obj = node is JsonArray a ? a[0]!.AsObject() : node!.AsObject();
        string first = obj.First().Key;
        Assert.False(Valid(schema, Without(node!, first)), $"{what} without '{first}' still matches {schema}");
        Assert.False(Valid(schema, Misspelt(node!, first)), $"{what} with '{first}' misspelt still matches {schema}");
    }

    private static JsonNode Without(JsonNode node, string key) => Edit(node, o => o.Remove(key));

    private static JsonNode Misspelt(JsonNode node, string key) => Edit(node, o =>
    {
        var v = o[key]?.DeepClone();
        o.Remove(key);
        o[key + "_"] = v;
    });

    private static JsonNode Edit(JsonNode node, Action<JsonObject> edit)
    {
        var copy = node.DeepClone();
        edit(copy is JsonArray a ? a[0]!.AsObject() : copy.AsObject());
        return copy;
    }

    /// <summary>runs/KEY of a reproduction's store: the envelope, the config and the manifest.</summary>
    private static JsonNode RunFolder(string dir, string key, string configSchema)
    {
        string run = Path.Combine(dir, "runs", key);
        var envelope = Read(Path.Combine(run, "result.json"))!;
        AssertValid("run-result", envelope, $"{key}/result.json");
        Assert.Equal(-1, envelope["index"]!.GetValue<int>());
        Assert.Empty(envelope["values"]!.AsObject());
        AssertValid(configSchema, Read(Path.Combine(run, "config.json")), $"{key}/config.json");
        AssertValid("manifest", Read(Path.Combine(run, "manifest.json")), $"{key}/manifest.json");
        return envelope["result"]!;
    }

    [Fact]
    public void CnnAndAttentionTrainSummariesValidate()
    {
        using var tmp = new TempDir();
        string[] common = ["--chains", "2", "--steps", "200", "--burnin", "100", "--thin", "20", "--threads", "1"];
        string[][] runs =
        [
            ["--arch", "cnn", "--target", "h1", "--d", "12", "--patches", "3", "--width", "6", "--P", "60",
             "--test-points", "40"],
            ["--arch", "attention", "--task", "attention-cubic", "--d", "4", "--context-length", "4", "--P", "40",
             "--test-points", "20"],
        ];
        foreach (var args in runs)
        {
            string dir = tmp.Sub(args[1]);
            var r = InProcessCli.Run(["train", .. args, .. common, "--out", dir]);
            Assert.True(r.Code == 0, r.Err);
            var summary = Read(Path.Combine(dir, "summary.json"))!;
            Assert.Equal(args[1], summary["arch"]!.GetValue<string>());
            AssertValidAndStrict("arch-train-summary", summary, $"{args[1]} summary.json");
            AssertValid("manifest", Read(Path.Combine(dir, "manifest.json")), $"{args[1]} manifest.json");
        }
    }

    [Fact]
    public void ArchReproductionCachedRunsValidate()
    {
        // ArchReproductions.RunCached (fig3b, fig7b) directly, and through grok-modadd with its config.json
        using var tmp = new TempDir();
        var parity = new TrainConfig
        {
            Task = "parity", Activation = "relu", D = 4, Width = 6, P = 40, TestPoints = 40, Chains = 2, Steps = 100,
            Burnin = 50, Thin = 10, Threads = 1,
        };
        ArchReproductions.RunCached(tmp.Path, "N6", parity, NullProgress.Instance);
        var result = RunFolder(tmp.Path, "N6", "train-config");
        AssertValidAndStrict("arch-train-summary", result, "N6 result");
        AssertValid("arch-train-summary", Read(Path.Combine(tmp.Path, "runs", "N6", "summary.json")), "summary.json");

        string mod = tmp.Sub("modadd");
        ModularReproduction.GrokModAdd(Context(mod), new ModularSizes(5, 6, 1, 1e-4, [1], 0.8, 2, 50, 100, 10, [], 4));
        AssertValidAndStrict("modular-sizes", Read(Path.Combine(mod, "config.json")), "grok-modadd config.json");
        AssertValid("arch-train-summary", RunFolder(mod, "sigma2_1", "train-config"), "sigma2_1 result");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("baoab")]
    public void GrokCachedRunValidates(string? sampler)
    {
        using var tmp = new TempDir();
        var settings = new CubicLangevinSettings
        {
            Width = 12, Samples = 30, Dimension = 6, SigmaA2 = 0.5, Noise = 0.2, Chains = 2, Burnin = 60, Steps = 90,
            Thin = 30, TraceEvery = 30, TestPoints = 50, Seed = 5, Threads = 1,
            Sampler = sampler is null ? null : new SamplerSettings { Name = sampler },
        };
        GrokReproductions.RunCached(tmp.Path, "tiny", settings, NullProgress.Instance);
        var result = RunFolder(tmp.Path, "tiny", "cubic-langevin-settings");
        AssertValidAndStrict("grok-run", result, "grok result");
        AssertValidAndStrict("cubic-langevin-settings", result["settings"], "grok result settings");
        Assert.Contains(result["histogram"]!.AsArray(), b => b!["neg_log_p"]!.ToString() == "Infinity"); // empty bins
    }

    [Fact]
    public void K2fLinearConfigAndCachedRunValidate()
    {
        using var tmp = new TempDir();
        var sizes = new LinearChiSizes(3, 6, 4, 20, 1, 1, 0.2, 0.5, 8, 5, [4],
            new LinearChiEnsembleOptions(Chains: 4, Burnin: 200, Steps: 1000, Thin: 10, Seed: 2, Threads: 1));
        K2fLinear.Run(Context(tmp.Path), sizes);
        AssertValidAndStrict("linear-chi-config", Read(Path.Combine(tmp.Path, "config.json")), "k2f config.json");
        var result = RunFolder(tmp.Path, "chi_4", "linear-chi-config");
        AssertValidAndStrict("linear-chi-run", result, "chi_4 result");
        var runConfig = Read(Path.Combine(tmp.Path, "runs", "chi_4", "config.json"))!;
        Assert.False(Valid("linear-chi-config", Misspelt(runConfig, "chi")));
        // the ensemble's sampler block, written only when one is set
        var withSampler = JsonNode.Parse(Json.Serialize(sizes with
        {
            Ensemble = sizes.Ensemble with { Sampler = new SamplerSettings { Name = "mala", StepFraction = 0.5 } },
        }));
        AssertValid("linear-chi-config", withSampler, "sizes with a sampler");
    }

    [Fact]
    public void SyntheticSweepAnalysesFailuresAndSlurmRecordsValidate()
    {
        using var tmp = new TempDir();
        string powerLaw = tmp.Sub("power-law");
        SweepRunner.Run(SweepSpec.Parse("""
            {"name": "m", "executor": "synthetic-alignment", "base": {"d": 40, "P": 40000, "chains": 1},
             "grid": {"width": [40, 80, 160], "seed": [1, 2]},
             "analysis": {"kind": "power_law", "x": "width/d", "y": "specialised.0.mean", "bootstrap": 50}}
            """), powerLaw, Shard.All, NullProgress.Instance);
        SweepAnalysis.Analyse(powerLaw);
        string pstar = tmp.Sub("pstar");
        SweepRunner.Run(SweepSpec.Parse("""
            {"name": "p", "executor": "synthetic-alignment", "base": {"chains": 4},
             "grid": {"d": [10, 20, 40], "$alpha": [2.5, 5, 10, 20, 40]}, "derive": {"P": "round($alpha*d)"},
             "analysis": {"kind": "pstar_scaling", "p": "P", "size": "d", "threshold": 0.1, "bootstrap": 50}}
            """), pstar, Shard.All, NullProgress.Instance);
        SweepAnalysis.Analyse(pstar);

        AssertValidAndStrict("sweep", Read(Path.Combine(powerLaw, "sweep.json")), "sweep.json");
        var runs = Directory.GetDirectories(Path.Combine(powerLaw, "runs"))
            .Where(d => !Path.GetFileName(d).StartsWith('.'));
        foreach (var run in runs)
        {
            var envelope = Read(Path.Combine(run, "result.json"))!;
            AssertValid("run-result", envelope, run);
            AssertValidAndStrict("synthetic-summary", envelope["result"], run + " result");
            Assert.Equal("NaN", envelope["result"]!["alignment"]!["sem"]!.ToString()); // one chain: no SE
        }
        foreach (var dir in new[] { powerLaw, pstar })
        {
            AssertValidAndStrict("analysis", Read(Path.Combine(dir, "analysis", "analysis.json")), dir + " analysis");
            AssertValid("verdicts", Read(Path.Combine(dir, "analysis", "verdicts.json")), dir + " verdicts.json");
        }
        var pstarAnalysis = Read(Path.Combine(pstar, "analysis", "analysis.json"))!;
        Assert.NotNull(pstarAnalysis["fit"]);
        Assert.NotNull(pstarAnalysis["collapse"]);

        var store = new SweepStore(powerLaw);
        var spec = store.LoadSpec()!;
        store.RecordFailure(spec.Expand()[0], new InvalidOperationException("run diverged"));
        AssertValidAndStrict("run-failure", Read(Path.Combine(powerLaw, "failures", spec.Expand()[0].Key + ".json")),
            "failures/KEY.json");
        string utc = DateTimeOffset.UtcNow.ToString("O");
        SlurmJobs.Add(powerLaw, new SlurmJob("101", "array", "1-3", 3, utc, "a.sbatch"));
        SlurmJobs.Add(powerLaw, new SlurmJob("102", "final", null, 0, utc, "f.sbatch"));
        AssertValidAndStrict("slurm-jobs", Read(SlurmJobs.FilePath(powerLaw)), "slurm/jobs.json");
    }

    [Fact]
    public void TheoryCommandOutputsValidate()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.Sub("gp.json"), """
            {"d": 10, "P": 60, "widths": [200], "activation": "erf", "target": "h1+h3", "kappa": 0.1, "seed": 2,
             "test_points": 100, "p_grid": [20, 60]}
            """);
        (string[] Args, string File, string Schema)[] commands =
        [
            (["ldt", "--curve", "20,40"], "ldt.json", "ldt"),
            (["predict", "--problem", "fcn3-he3", "--set", "N2=d", "--phase-diagram", "gamma=0:2:0.5"],
             "prediction.json", "prediction"),
            (["predict", "--problem", "fcn2-he3"], "prediction.json", "prediction"),
            (["kernel", "spectrum", "--d", "50", "--max-degree", "4"], "spectrum.json", "kernel-spectrum"),
            (["kernel", "propagate", "--quick", "--d", "12", "--widths", "60,40", "--P", "80"], "propagation.json",
             "kernel-propagation"),
            (["gp", "--config", tmp.Sub("gp.json")], "gp.json", "gp"),
            (["adaptive", "cubic", "--width", "50", "--P", "200", "--d", "20"], "result.json", "adaptive-result"),
            (["adaptive", "modular", "--width", "50", "--modulus", "11"], "result.json", "adaptive-result"),
            (["adaptive", "linear", "--P", "12", "--d", "4", "--width", "8", "--test-points", "20"], "result.json",
             "adaptive-result"),
        ];
        for (int i = 0; i < commands.Length; i++)
        {
            var (args, file, schema) = commands[i];
            string dir = tmp.Sub($"out{i}");
            var r = InProcessCli.Run([.. args, "--out", dir]);
            Assert.True(r.Code == 0, $"{string.Join(' ', args)}: {r.Err}");
            AssertValidAndStrict(schema, Read(Path.Combine(dir, file)), string.Join(' ', args));
            AssertValid("manifest", Read(Path.Combine(dir, "manifest.json")), string.Join(' ', args) + " manifest");
        }
        // the optional parts were written: the LDT curve, the reduced energies and the phase diagram
        Assert.NotNull(Read(Path.Combine(tmp.Sub("out0"), "ldt.json"))!["curve"]);
        var prediction = Read(Path.Combine(tmp.Sub("out1"), "prediction.json"))!;
        Assert.NotNull(prediction["phase_diagram"]);
        Assert.NotNull(prediction["patterns"]![0]!["minimizers_reduced"]);
    }

    /// <summary>(schema, JSON pointer to an object schema in it, the C# type written there).</summary>
    public static TheoryData<string, string, Type> TypedParts() => new()
    {
        { "arch-train-summary", "", typeof(ArchTrainSummary) },
        { "arch-train-summary", "/$defs/named_stat", typeof(NamedStat) },
        { "arch-train-summary", "/$defs/sampler", typeof(SamplerReport) },
        { "grok-run", "", typeof(GrokRun) },
        { "grok-run", "/$defs/bin", typeof(NegLogBin) },
        { "grok-run", "/$defs/trace_mean", typeof(TraceMean) },
        { "cubic-langevin-settings", "", typeof(CubicLangevinSettings) },
        { "cubic-langevin-settings", "/properties/theory", typeof(CubicTeacherParameters) },
        { "linear-chi-run", "", typeof(LinearChiRunSummary) },
        { "linear-chi-config", "/$defs/sizes", typeof(LinearChiSizes) },
        { "linear-chi-config", "/$defs/ensemble", typeof(LinearChiEnsembleOptions) },
        { "linear-chi-config", "/$defs/ensemble/properties/sampler", typeof(SamplerSettings) },
        { "modular-sizes", "", typeof(ModularSizes) },
        { "slurm-jobs", "/items", typeof(SlurmJob) },
        { "kernel-spectrum", "", typeof(KernelCommand.SpectrumReport) },
        { "kernel-spectrum", "/$defs/degree", typeof(SpectrumDegree) },
        { "kernel-spectrum", "/properties/hermite_target_norms/items", typeof(KernelCommand.TargetNorm) },
        { "kernel-propagation", "", typeof(PropagationResult) },
        { "kernel-propagation", "/properties/config", typeof(PropagationConfig) },
        { "kernel-propagation", "/properties/points/items", typeof(PropagationPoint) },
        { "gp", "", typeof(GpStudyResult) },
        { "gp", "/properties/config", typeof(GpConfig) },
        { "gp", "/$defs/point", typeof(GpCurvePoint) },
        { "gp", "/properties/spectrum/items", typeof(SpectrumDegree) },
        { "adaptive-result", "/$defs/cubic/properties/parameters", typeof(CubicTeacherParameters) },
        { "adaptive-result", "/$defs/cubic/properties/minima/items", typeof(LocalMinimum) },
        { "adaptive-result", "/$defs/modular/properties/parameters", typeof(ModularParameters) },
        { "adaptive-result", "/$defs/linear/properties/parameters", typeof(LinearChiParameters) },
    };

    /// <summary>The serialiser's contract under FeatureScale's JSON options (Json.Options, default resolver).</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Contract =
        new(Json.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Theory]
    [MemberData(nameof(TypedParts))]
    public void SchemaListsExactlyThePropertiesItsTypeSerialises(string schema, string pointer, Type type)
    {
        // the property names come from the serialiser's own contract (Json.Options), so a field added to the record
        // without the schema (or left in the schema after it is removed) fails here; a field the writer always writes
        // (no JsonIgnore) is required
        JsonNode part = Text(schema);
        foreach (var step in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)) part = part[step]!;
        Assert.Equal(false, part["additionalProperties"]?.GetValue<bool>());
        var listed = part["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        JsonIgnoreCondition? Ignore(JsonPropertyInfo p) =>
            p.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), true) is [JsonIgnoreAttribute a, ..]
                ? a.Condition : null;
        var properties = Contract.GetTypeInfo(type).Properties;
        var written = properties.Where(p => Ignore(p) != JsonIgnoreCondition.Always)
            .Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(written, listed);
        var always = properties.Where(p => Ignore(p) is null or JsonIgnoreCondition.Never)
            .Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var required = part["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(always, required);
    }

    [Fact]
    public void SchemasFollowTheHouseStyleAndAreListedInOutputsMd()
    {
        foreach (var name in Checked)
        {
            var s = Text(name);
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", s["$schema"]!.GetValue<string>());
            Assert.Equal($"https://featurescale.example/schemas/{name}.schema.json", s["$id"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(s["title"]?.GetValue<string>()), name + ": title");
            Assert.False(string.IsNullOrWhiteSpace(s["description"]?.GetValue<string>()), name + ": description");
            foreach (var (path, part) in Objects(s, ""))
            {
                if (part["properties"] is not JsonObject props) continue;
                foreach (var (key, prop) in props)
                    Assert.True(prop?["description"] is not null, $"{name}: {path}/properties/{key}: no description");
                foreach (var key in part["required"]?.AsArray() ?? [])
                    Assert.True(props[key!.GetValue<string>()] is not null, $"{name}: {path} requires {key}");
            }
        }
        string outputs = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "outputs.md"));
        foreach (var file in Directory.GetFiles(Folder, "*.schema.json"))
            Assert.Contains($"`{Path.GetFileName(file)}`", outputs);
        Assert.Equal(Checked.Length + 7, Directory.GetFiles(Folder, "*.schema.json").Length); // + SchemaTests' seven
    }

    /// <summary>Every object in the schema with its JSON pointer (the subschemas, and the properties maps).</summary>
    private static IEnumerable<(string Path, JsonObject Part)> Objects(JsonNode? node, string path)
    {
        if (node is JsonArray arr)
            for (int i = 0; i < arr.Count; i++)
                foreach (var p in Objects(arr[i], $"{path}/{i}")) yield return p;
        if (node is not JsonObject obj) yield break;
        yield return (path, obj);
        foreach (var (key, value) in obj)
            foreach (var p in Objects(value, $"{path}/{key}")) yield return p;
    }
}
