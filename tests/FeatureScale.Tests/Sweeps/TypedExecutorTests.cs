using FeatureScale.Reproductions;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Sweeps;

public class TypedExecutorTests
{
    public sealed record ToyConfig(int P, double Kappa, int[] Widths, ulong Seed = 1);
    public sealed record Stat(double Mean, double Sem);
    public sealed record ToySummary(Stat Alignment, double WallSeconds);

    private static IRunExecutor Toy() => new TypedExecutor<ToyConfig>((cfg, dir, sink) =>
    {
        File.WriteAllText(Path.Combine(dir, "samples.csv"), "a\n1\n");
        sink.Report(1, "done");
        return new ToySummary(new Stat(cfg.P * cfg.Kappa + cfg.Widths.Sum() + cfg.Seed, 0.5), 0);
    });

    [Fact]
    public void TypedEntryPointsRunInSweepsWithTheirFilesKept()
    {
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse("""{"executor":"toy","base":{"kappa":0.5,"widths":[3,4]},"grid":{"p":[10,20],"widths[1]":[4,6]}}""");
        var outcome = SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance, Toy());
        Assert.Equal(4, outcome.Ran);
        var store = new SweepStore(tmp.Path);
        var run = spec.Expand()[3];   // p = 20, widths = [3, 6]
        var doc = store.LoadResult(run.Key)!;
        Assert.Equal(20 * 0.5 + 9 + 1, (double)doc["result"]!["alignment"]!["mean"]!);
        Assert.True(File.Exists(Path.Combine(store.RunsDir, run.Key, "samples.csv")));
        Assert.True(File.Exists(Path.Combine(store.RunsDir, run.Key, "manifest.json")));
        Assert.True(File.Exists(Path.Combine(store.RunsDir, run.Key, "config.json")));
    }

    [Fact]
    public void TheTrainExecutorRunsOtherArchitecturesInSweepsAndResumes()
    {
        // An attention sweep over P with the "train" executor: the runs' summaries are the attention trainer's
        // summary.json, and a second invocation finds every run done.
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse("""
        {"executor":"train","base":{"arch":"attention","task":"attention-cubic","d":4,"context_length":4,"test_points":20,
          "chains":2,"steps":20,"burnin":10,"thin":10,"threads":1},"grid":{"P":[20,40]}}
        """);
        var outcome = SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance);
        Assert.Equal(2, outcome.Ran);
        var store = new SweepStore(tmp.Path);
        foreach (var run in spec.Expand())
        {
            var doc = store.LoadResult(run.Key)!;
            Assert.Equal("attention", (string)doc["result"]!["arch"]!);
            Assert.True(File.Exists(Path.Combine(store.RunsDir, run.Key, "samples.csv")));
            Assert.True(File.Exists(Path.Combine(store.RunsDir, run.Key, "train_manifest.json")));
        }
        Assert.Equal(0, SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance).Ran);
    }

    [Fact]
    public void UnknownConfigFieldsAreRejected()
    {
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse("""{"executor":"toy","base":{"kappa":0.5,"widths":[3],"kapa":1},"grid":{"p":[10]}}""");
        var e = Assert.Throws<ConfigException>(() => SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance, Toy()));
        Assert.Contains("kapa", e.Message);
    }
}

public class ReproductionContextTests
{
    [Fact]
    public void SweepAndAnalyseIsResumableAndReturnsTheAnalysisVerdicts()
    {
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse("""
        {"executor":"synthetic-alignment","base":{"chains":4},"grid":{"d":[10,20,40],"$alpha":[5,10,20],"seed":[1,2]},
         "derive":{"P":"round($alpha*d)"},"analysis":{"kind":"pstar_scaling","paper_exponent":1,"bootstrap":200}}
        """);
        var log = new StringWriter();
        var ctx = new ReproductionContext(ReproductionMode.Quick, tmp.Path, NullProgress.Instance, log);
        var first = ctx.SweepAndAnalyse("pstar", spec);
        var second = ctx.SweepAndAnalyse("pstar", spec);
        Assert.Equal(first.Select(v => v.Text), second.Select(v => v.Text));
        Assert.Contains("already done 0, to run 18", log.ToString());
        Assert.Contains("already done 18, to run 0", log.ToString());
        Assert.Contains("P* ∝ d^", first[0].Text);   // d^(k ± h), or d^k (95% CI a … b) when asymmetric
    }
}
