using System.Text.Json.Nodes;
using FeatureScale.Analysis;
using FeatureScale.Experiments;
using FeatureScale.Reporting;
using FeatureScale.Reproductions;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Reproductions;

/// <summary>The "train" sweep executor end to end, and the logic of the paper reproductions (cheap parts).</summary>
public class ReproductionTests
{
    private static SweepSpec TinyTrainSpec(string name = "tiny-train") => SweepSpec.Parse("""
        { "name": "NAME", "executor": "train",
          "base": { "chains": 2, "burnin": 60, "steps": 120, "thin": 10, "test_points": 300, "threads": 2 },
          "grid": { "d": [5], "$alpha": [2, 8], "seed": [3] },
          "derive": { "P": "round($alpha*d)", "width": "d" },
          "analysis": { "kind": "pstar_scaling", "p": "P", "size": "d", "extrapolate": true } }
        """.Replace("NAME", name));

    [Fact]
    public void TrainExecutorRunsASweepEndToEndResumesAndIsDeterministic()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        var spec = TinyTrainSpec();
        var first = SweepRunner.Run(spec, a.Path, Shard.All, NullProgress.Instance);
        Assert.Equal((2, 2, 0), (first.Total, first.Ran, first.Failed));
        var store = new SweepStore(a.Path);
        foreach (var run in spec.Expand())
        {
            var dir = Path.Combine(store.RunsDir, run.Key);
            foreach (var f in new[] { "summary.json", "samples.csv", "histograms.csv", "train_manifest.json", "manifest.json", "config.json", "result.json" })
                Assert.True(File.Exists(Path.Combine(dir, f)), $"{run.Key} lacks {f}");
            var result = store.LoadResult(run.Key)!["result"]!;
            Assert.True(double.IsFinite(JsonPaths.GetDouble(result, "alignment.mean")));
            Assert.Equal(1, JsonPaths.GetDouble(result, "specialised.0.layer"));
            Assert.Equal(run.Config["P"]!.GetValue<double>(), JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "config.json")))!["P"]!.GetValue<double>());
            // the trainer's sample count follows the config (steps/thin per chain)
            Assert.Equal(2 * 12, JsonPaths.GetDouble(result, "samples_total"));
        }
        // resume: nothing left to do
        var again = SweepRunner.Run(spec, a.Path, Shard.All, NullProgress.Instance);
        Assert.Equal((2, 0), (again.AlreadyDone, again.Ran));
        // an independent run of the same spec (other thread count) gives identical numbers
        var spec1 = SweepSpec.Parse(spec.Source.ToJsonString().Replace("\"threads\":2", "\"threads\":1"));
        Assert.NotEqual(spec.Source.ToJsonString(), spec1.Source.ToJsonString());
        SweepRunner.Run(spec1, b.Path, Shard.All, NullProgress.Instance);
        var other = new SweepStore(b.Path);
        var runsA = spec.Expand(); var runsB = spec1.Expand();
        for (int i = 0; i < runsA.Count; i++)
            Assert.Equal(JsonPaths.GetDouble(store.LoadResult(runsA[i].Key)!["result"], "alignment.mean"),
                         JsonPaths.GetDouble(other.LoadResult(runsB[i].Key)!["result"], "alignment.mean"));
        // the analysis reads the trainer's summaries
        Assert.NotEmpty(SweepAnalysis.Analyse(a.Path));
    }

    public static TheoryData<string> ThreeLayerStandardSpecs => ["fig3a", "fig3c"];

    /// <summary>
    /// The three-layer --standard sweeps are bigger than quick, every run is a valid train config, the sampler is
    /// BAOAB at 0.3 of its default step (at 0.5, 5 of 240 fig3a runs diverged), chains extend up to 8× towards
    /// R̂ 1.05, and fig3c's analysis marks runs above R̂ 1.1 untrusted (fig3a's reads alignment.rhat by default).
    /// </summary>
    [Theory]
    [MemberData(nameof(ThreeLayerStandardSpecs))]
    public void ThreeLayerStandardSpecsAreValidBiggerAndExtendTheirChains(string id)
    {
        SweepSpec Spec(ReproductionMode m) => id == "fig3a" ? PaperReproductions.ThreeLayerSpec(m)
            : PaperReproductions.OutlierSpec(m);
        var quick = Spec(ReproductionMode.Quick).Expand();
        var standard = Spec(ReproductionMode.Standard).Expand();
        Assert.True(standard.Count > 2 * quick.Count, $"{standard.Count} standard runs vs {quick.Count} quick");
        var executor = RunExecutors.Create(TrainExecutor.Name);
        foreach (var run in standard)
        {
            executor.Validate(run.Config);
            Assert.Equal("baoab", run.Config["sampler"]!["name"]!.GetValue<string>());
            Assert.Equal(0.3, run.Config["sampler"]!["step_fraction"]!.GetValue<double>());
            Assert.Equal(1.05, run.Config["rhat_target"]!.GetValue<double>());
            Assert.Equal(8 * JsonPaths.GetDouble(run.Config, "steps"), JsonPaths.GetDouble(run.Config, "max_steps"));
        }
        // fig3a's P* analysis reads alignment.rhat by default; the power-law analysis of fig3c must name it
        if (id == "fig3c") Assert.Equal("rhat", Spec(ReproductionMode.Standard).Analysis!["rhat"]!.GetValue<string>());
        Assert.True(ReproductionCatalog.All.Single(r => r.Id == id).HasStandard);
    }

    [Fact]
    public void TrainExecutorRejectsUnknownFieldsAsConfigErrors()
    {
        using var a = new TempDir();
        var spec = SweepSpec.Parse("""{ "name": "bad", "executor": "train", "base": { "d": 4, "P": 8, "widht": 4 }, "grid": { "seed": [1] } }""");
        Assert.Throws<ConfigException>(() => SweepRunner.Run(spec, a.Path, Shard.All, NullProgress.Instance));
    }

    [Fact]
    public void EngineAndLdtGiveTheHeadlineTheoryExponents()
    {
        var (k, winner, mN) = PaperReproductions.EnginePrediction();
        Assert.Equal(1.0, k, 12);          // fcn2-he3 at N = d: P* ∝ d
        Assert.Equal("M-Sp", winner);
        Assert.Equal(0.5, mN, 12);        // M = √(N/d)
        // LDT P* grows close to linearly in d at N = d (slope computed the way the reproduction does)
        int[] ds = [8, 16, 32];
        var ps = ds.Select(d => new FeatureScale.Theory.TwoLayerLdt(PaperReproductions.LdtTemplate(d, d)).Solve().PStar).ToArray();
        double slope = FeatureScale.Numerics.LinearFit.Fit(ds.Select(d => Math.Log(d)).ToArray(), ps.Select(x => Math.Log(x)).ToArray()).Slope;
        Assert.InRange(slope, 0.9, 1.2);
        Assert.True(ps[0] < ps[1] && ps[1] < ps[2]);
    }

    [Fact]
    public void HeadlineSweepRecoversAPlantedExponentWithTheSyntheticExecutor()
    {
        // The headline's quick spec (grid, derived P and run lengths, analysis block) run with the synthetic executor
        // whose planted P* = 14 d^1 lies inside the α grid: the analysis must find P* at every d and an exponent near 1.
        using var a = new TempDir();
        var s = HeadlineSizes.Quick;
        var spec = PaperReproductions.PStarSpec(s, 1.05, 1);
        var runs = spec.Expand();
        Assert.Equal(s.Dims.Length * s.Alphas.Length * s.Seeds.Length, runs.Count);
        foreach (var r in runs)
        {
            double d = r.Config["d"]!.GetValue<double>(), p = r.Config["P"]!.GetValue<double>();
            double alpha = r.Values.Single(v => v.Key == "$alpha").Value!.GetValue<double>();
            Assert.Equal(Math.Round(alpha * d), p);
            Assert.Equal(d, r.Config["width"]!.GetValue<double>());
            Assert.Equal(s.LengthPerAlpha ? Math.Round(s.StepsPerAlpha * alpha) : s.StepsPerD * d,
                r.Config["steps"]!.GetValue<double>());
            Assert.Equal(s.Sampler, r.Config["sampler"]!["name"]!.GetValue<string>());
        }
        var src = (JsonObject)spec.Source.DeepClone();
        src["base"]!["c"] = 14;
        var synthetic = SweepSpec.Parse(src.ToJsonString());
        SweepRunner.Run(synthetic, a.Path, Shard.All, NullProgress.Instance, new SyntheticAlignmentExecutor());
        var result = SweepAnalysis.Run(a.Path);
        Assert.All(result.PerSize, t => Assert.True(t.PStar.Estimate.Found));
        foreach (var (size, est, _, _) in result.PerSize)
            Assert.InRange(est.Estimate.Value / (14 * size), 0.85, 1.15);
        Assert.NotNull(result.Fit);
        Assert.InRange(result.Fit!.Exponent, 0.9, 1.1);
        Assert.StartsWith(SweepAnalysis.SyntheticPrefix, result.Verdicts[0].Text);
    }

    [Fact]
    public void TheMainJobsGridStartsAtTheLdtBoundAndRisesInStepsOfRootTwo()
    {
        var s = HeadlineSizes.Quick;
        foreach (int d in s.Dims)
        {
            double alphaLdt = new FeatureScale.Theory.TwoLayerLdt(PaperReproductions.LdtTemplate(d, d)).Solve().PStar / d;
            Assert.InRange(s.Alphas[0] / alphaLdt, 0.9, 1.1);
        }
        for (int i = 1; i < s.Alphas.Length; i++) Assert.InRange(s.Alphas[i] / s.Alphas[i - 1], 1.35, 1.48);
    }

    [Fact]
    public void ARefinementRoundRunsItsPointsAtEverySeedWithTheGridsSettings()
    {
        var s = HeadlineSizes.Quick;
        var grid = PaperReproductions.PStarSpec(s, 1.05, 1).Expand()[0].Config;
        var refine = PaperReproductions.PStarRefineSpec(s, 1, [(16, 17.5), (48, 23.66)]);
        var runs = refine.Expand();
        Assert.Equal(2 * s.Seeds.Length, runs.Count);
        Assert.Null(refine.Analysis);
        foreach (var r in runs)
        {
            double d = r.Config["d"]!.GetValue<double>();
            double alpha = r.Values.Single(v => v.Key == "$alpha").Value!.GetValue<double>();
            Assert.Equal(d == 16 ? 17.5 : 23.66, alpha);
            Assert.Equal(Math.Round(alpha * d), r.Config["P"]!.GetValue<double>());
            Assert.Equal(s.StepsPerD * d, r.Config["steps"]!.GetValue<double>());
            Assert.Equal(s.MaxStepsFactor * s.StepsPerD * d, r.Config["max_steps"]!.GetValue<double>());
            foreach (var field in new[] { "sampler", "rhat_target", "chains", "thin", "test_points" })
                Assert.Equal(grid[field]!.ToJsonString(), r.Config[field]!.ToJsonString());
        }
        Assert.Throws<ArgumentException>(() => PaperReproductions.PStarRefineSpec(s, 1, []));
    }

    [Fact]
    public void TheFullHeadlineRunsBaoabExtendedToTheRhatTarget()
    {
        // --full ran ULA at lengths ∝ α up to version 0.1; now the main job's sampler at lengths ∝ d, named in
        // every config (so no run of the old default is taken for it)
        var full = PaperReproductions.PStarSpec(HeadlineSizes.Full, 1.05, 1);
        Assert.All(full.Expand(), r => Assert.Equal("baoab", r.Config["sampler"]!["name"]!.GetValue<string>()));
        Assert.All(full.Expand(), r => Assert.Equal(1.05, r.Config["rhat_target"]!.GetValue<double>()));
        var derive = full.Source["derive"]!.AsObject();
        Assert.Equal("round(160*d)", derive["steps"]!.GetValue<string>());
    }

    [Fact]
    public void Table1ReproductionMatchesThePapersRows()
    {
        using var a = new TempDir();
        var r = ReproductionCatalog.Get("table1");
        Assert.True(r.Available);
        var result = r.Run!(new ReproductionContext(ReproductionMode.Quick, a.Path, NullProgress.Instance, TextWriter.Null));
        Assert.True(result.Verdicts[0].AgreesWithPaper);
        Assert.Contains("3 of 3", result.Verdicts[0].Text);
        Assert.True(File.Exists(Path.Combine(a.Path, "table1.csv")));
    }

    [Fact]
    public void RegistryListsTheHeadlineFirstAndKeepsUnavailableEntriesHonest()
    {
        Assert.Equal(ReproductionCatalog.HeadlineId, ReproductionCatalog.All[0].Id);
        Assert.True(ReproductionCatalog.Get("headline").Available);
        Assert.True(ReproductionCatalog.Get("fig2b").Available);
        Assert.True(ReproductionCatalog.Get("fig3b").Available);
        Assert.True(ReproductionCatalog.Get("fig7b").Available);
        var missing = new Reproduction("figX", "a figure", ["a model (Models layer)"], null);
        Assert.False(missing.Available);
        Assert.Equal("figX: needs a model (Models layer); not yet in this build", missing.UnavailableMessage);
    }
}
