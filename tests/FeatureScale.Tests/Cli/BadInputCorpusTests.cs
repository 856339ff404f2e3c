using System.Text.Json.Nodes;
using FeatureScale.Reporting;
using FeatureScale.Sweeps;

namespace FeatureScale.Tests.Cli;

/// <summary>
/// The bad-input corpus (Cli/BadInputs.txt, one case a line): every case must exit 2 with exactly one line on
/// stderr that names the option or field, before any work, writing nothing (the fresh --out stays absent, an
/// existing file or someone else's folder stays unchanged). Cli/run_corpus.py runs the same corpus against a built
/// CLI as child processes (with a heap limit and a timeout, to count hangs and out-of-memory).
/// </summary>
[Collection("Environment")] // redirects Console
public class BadInputCorpusTests
{
    private static string Here => Path.Combine(AppContext.BaseDirectory, "Cli");

    public static IEnumerable<object[]> Cases() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Cli", "BadInputs.txt"))
            .Where(l => l.Trim().Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2)).Select(p => new object[] { p[0], p[1] });

    [Fact]
    public void The_corpus_has_at_least_150_cases_over_every_command()
    {
        var cases = Cases().Select(c => (string)c[1]).ToList();
        Assert.True(cases.Count >= 150, $"{cases.Count} cases");
        foreach (var command in new[] { "train", "gp", "kernel spectrum", "kernel eval", "kernel propagate", "kernel attention", "ldt",
                     "adaptive cubic", "adaptive modular", "adaptive linear", "predict", "reproduce", "sweep run", "sweep status", "report", "selfcheck", "info" })
            Assert.Contains(cases, c => c.StartsWith(command, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_refused_with_exit_2_one_line_naming_the_field_and_nothing_written(string field, string args)
    {
        using var tmp = new FeatureScale.Tests.Support.TempDir();
        string outDir = tmp.Sub("out"), file = tmp.Sub("file.txt"), theirs = tmp.Sub("theirs");
        File.WriteAllText(file, "keep");
        Directory.CreateDirectory(theirs);
        File.WriteAllText(Path.Combine(theirs, "notes.txt"), "keep");
        var argv = args.Split(' ').Select(a => a.Replace("{out}", outDir).Replace("{fx}", Path.Combine(Here, "BadInputs"))
            .Replace("{file}", file).Replace("{dir}", theirs)).ToArray();
        var (code, _, err) = InProcessCli.Run(argv);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(code == 2, $"exit {code} for '{args}': {err}");
        Assert.True(lines.Length == 1, $"{lines.Length} stderr lines for '{args}': {err}");
        Assert.StartsWith("featurescale: ", lines[0]);
        Assert.Contains(field, lines[0]);
        Assert.DoesNotContain("System.", lines[0]);
        Assert.DoesNotContain("(Parameter '", lines[0]);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(), $"'{args}' wrote into --out");
        Assert.Equal("keep", File.ReadAllText(file));
        Assert.Equal(["notes.txt"], Directory.GetFiles(theirs).Select(Path.GetFileName));
    }

    [Fact]
    public void Memory_guard_refuses_before_allocating_and_names_the_parameters()
    {
        // 2·10⁹ training points × d = 40 is ~0.6 TiB for the inputs alone: more than any test machine has.
        var cfg = new FeatureScale.Experiments.TrainConfig { P = 2_000_000_000 };
        var estimate = FeatureScale.Experiments.TrainResources.Of(cfg);
        Assert.True(estimate.MemoryBytes > 5e11, $"{estimate.MemoryBytes}");
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<ConfigException>(() => FeatureScale.Experiments.TrainResources.Check(cfg));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 50_000_000, "the guard itself allocated the estimate");
        Assert.Contains("P=2000000000", e.Message);
        Assert.Contains("TiB", e.Message);
        // the default config fits (the estimate is not absurdly pessimistic)
        var fits = FeatureScale.Experiments.TrainResources.Of(new FeatureScale.Experiments.TrainConfig());
        Assert.InRange(fits.MemoryBytes, 1e6, 1e9);
        // the estimate grows linearly in P for large P (the data term dominates)
        double a = FeatureScale.Experiments.TrainResources.Of(cfg with { P = 1_000_000 }).MemoryBytes;
        double b = FeatureScale.Experiments.TrainResources.Of(cfg with { P = 2_000_000 }).MemoryBytes;
        Assert.InRange(b / a, 1.8, 2.05);
    }

    [Fact]
    public void A_truncated_run_file_is_named_quarantined_not_counted_done_and_rerun()
    {
        using var tmp = new FeatureScale.Tests.Support.TempDir();
        var spec = SweepSpec.Parse("""{"name":"q","executor":"synthetic-alignment","grid":{"P":[100,200],"d":[10]}}""");
        var first = SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance);
        Assert.Equal(2, first.Ran);
        var store = new SweepStore(tmp.Path);
        var runs = spec.Expand();
        string victim = store.ResultPath(runs[1].Key);
        string good = File.ReadAllText(victim);
        File.WriteAllText(victim, good[..(good.Length / 2)]); // a power cut in the middle of a non-atomic write

        Assert.False(store.IsDone(runs[1].Key));
        Assert.Equal(1, store.Status().Done);
        Assert.Equal([victim], store.UnreadableResults());
        var e = Assert.Throws<ConfigException>(() => store.LoadResult(runs[1].Key));
        Assert.Contains(victim, e.Message);

        // status through the CLI: one done, the other not done and named
        var (code, output, _) = InProcessCli.Run("sweep", "status", tmp.Path);
        Assert.Equal(0, code);
        Assert.Contains("1 of 2 runs done", output);
        Assert.Contains(victim, output);

        var log = new StringWriter();
        var second = SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance, log: log);
        Assert.Equal(1, second.Ran);
        Assert.Contains(victim, log.ToString());
        Assert.True(store.IsDone(runs[1].Key));
        var quarantined = Directory.GetDirectories(Path.Combine(tmp.Path, "quarantine"));
        Assert.Single(quarantined);
        Assert.Equal(good[..(good.Length / 2)], File.ReadAllText(Path.Combine(quarantined[0], "result.json")));
        // the re-run gives the same numbers as the first (deterministic in the config)
        Assert.Equal(JsonNode.Parse(good)!["result"]!["alignment"]!.ToJsonString(),
            store.LoadResult(runs[1].Key)!["result"]!["alignment"]!.ToJsonString());
    }

    [Fact]
    public void A_failed_run_is_counted_once_in_status()
    {
        using var tmp = new FeatureScale.Tests.Support.TempDir();
        var spec = SweepSpec.Parse("""{"name":"f","executor":"synthetic-alignment","grid":{"P":[100,200,300],"d":[10]}}""");
        var failing = new FailOnce(spec.Expand()[0].Key);
        var outcome = SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance, failing);
        Assert.Equal(1, outcome.Failed);
        var (code, output, _) = InProcessCli.Run("sweep", "status", tmp.Path);
        Assert.Equal(0, code);
        Assert.Contains("2 of 3 runs done, 0 running, 1 failed, 0 waiting", output);
    }

    private sealed class FailOnce(string key) : IRunExecutor
    {
        public JsonObject Execute(RunContext ctx)
        {
            if (ctx.Directory.Contains(key, StringComparison.Ordinal)) throw new InvalidOperationException("simulated failure");
            return new SyntheticAlignmentExecutor().Execute(ctx);
        }
    }

    [Fact]
    public void Atomic_writes_fsync_the_folder_and_leave_no_temporary_file()
    {
        using var tmp = new FeatureScale.Tests.Support.TempDir();
        long before = AtomicFile.FolderSyncs;
        AtomicFile.WriteAllText(tmp.Sub("a.json"), "{\"x\": 1}\n");
        AtomicFile.WriteAllBytes(tmp.Sub("b.bin"), [1, 2, 3]);
        AtomicFile.WriteVia(tmp.Sub("c.txt"), p => File.WriteAllText(p, "c"));
        if (!OperatingSystem.IsWindows()) Assert.True(AtomicFile.FolderSyncs - before >= 3, "folder fsync not done");
        Assert.Equal("{\"x\": 1}\n", File.ReadAllText(tmp.Sub("a.json")));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(tmp.Sub("b.bin")));
        Assert.Equal(["a.json", "b.bin", "c.txt"], Directory.GetFiles(tmp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Divergence_at_step_0_is_a_bad_start_and_does_not_advise_a_smaller_step()
    {
        string start = FeatureScale.Sampling.ChainRunner.DivergenceMessage("chain 0", 0, 1e30, 1e9, 3.6e-9, 9e-10);
        Assert.Contains("bad start", start);
        Assert.DoesNotContain("--eta 9", start);
        string later = FeatureScale.Sampling.ChainRunner.DivergenceMessage("chain 0", 500, 1e30, 1e9, 0.1, 0.025);
        Assert.Contains("too large", later);
        Assert.Contains("--eta 0.025", later);
        string stable = FeatureScale.Sampling.ChainRunner.DivergenceMessage("chain 0", 500, 1e30, 1e9, 0.01, 0.025);
        Assert.DoesNotContain("smaller step", stable);
    }

    [Fact]
    public void Old_spellings_still_work_and_are_hidden_from_help()
    {
        var (code, output, _) = InProcessCli.Run("adaptive", "linear", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--P", output);
        Assert.DoesNotContain("--ntest", output);
        Assert.DoesNotContain("--dim", output);
        var (c1, o1, _) = InProcessCli.Run("adaptive", "linear", "--n", "12", "--dim", "4", "--json");
        var (c2, o2, _) = InProcessCli.Run("adaptive", "linear", "--P", "12", "--d", "4", "--json");
        Assert.Equal(0, c1); Assert.Equal(0, c2);
        Assert.Equal(JsonNode.Parse(o1)!["u_tree"]!.ToJsonString(), JsonNode.Parse(o2)!["u_tree"]!.ToJsonString());
    }

    [Fact]
    public void Usage_says_featurescale_and_a_misspelt_command_gets_a_suggestion()
    {
        var (_, output, _) = InProcessCli.Run("train", "--help");
        Assert.Contains("featurescale train [options]", output);
        var (code, _, err) = InProcessCli.Run("trian");
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'train'", err);
    }

    [Fact]
    public void Gp_honours_a_train_configs_activation()
    {
        using var tmp = new FeatureScale.Tests.Support.TempDir();
        string relu = tmp.Sub("relu.json"), erf = tmp.Sub("erf.json");
        File.WriteAllText(relu, """{"d": 8, "P": 40, "activation": "relu", "test_points": 50, "p_grid": [10, 40], "direct_max_p": 40}""");
        File.WriteAllText(erf, """{"d": 8, "P": 40, "activation": "erf", "test_points": 50, "p_grid": [10, 40], "direct_max_p": 40}""");
        var (c1, o1, e1) = InProcessCli.Run("gp", "--config", relu, "--out", tmp.Sub("a"), "--json");
        var (c2, o2, _) = InProcessCli.Run("gp", "--config", erf, "--out", tmp.Sub("b"), "--json");
        Assert.True(c1 == 0, e1); Assert.Equal(0, c2);
        Assert.Contains("relu", JsonNode.Parse(o1)!["kernel"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(JsonNode.Parse(o1)!["at_p"]!.ToJsonString(), JsonNode.Parse(o2)!["at_p"]!.ToJsonString());
    }

    [Fact]
    public void An_out_folder_of_another_run_is_refused_unless_force_and_force_removes_its_stale_files()
    {
        using var tmp = new FeatureScale.Tests.Support.TempDir();
        string dir = tmp.Sub("o");
        Assert.Equal(0, InProcessCli.Run("kernel", "spectrum", "--d", "10", "--out", dir, "--json").Code);
        Assert.Equal(0, InProcessCli.Run("kernel", "spectrum", "--d", "10", "--out", dir, "--json").Code); // same config: a re-run
        File.WriteAllText(Path.Combine(dir, "stale.csv"), "old");
        var (code, _, err) = InProcessCli.Run("kernel", "spectrum", "--d", "20", "--out", dir, "--json");
        Assert.Equal(2, code);
        Assert.Contains("--force", err);
        Assert.Equal(0, InProcessCli.Run("kernel", "spectrum", "--d", "20", "--out", dir, "--json", "--force").Code);
        Assert.False(File.Exists(Path.Combine(dir, "stale.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "spectrum.csv")));
    }
}
