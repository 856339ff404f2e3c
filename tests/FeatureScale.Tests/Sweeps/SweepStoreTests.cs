using System.Diagnostics;
using System.Text.Json.Nodes;
using FeatureScale.Reporting;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Sweeps;

public class SweepStoreTests
{
    private const string Spec = """
    {"name":"t","executor":"synthetic-alignment","base":{"chains":4},
     "grid":{"d":[10,20],"$alpha":[5,10,20],"seed":[1,2]},"derive":{"P":"round($alpha*d)"},
     "analysis":{"kind":"pstar_scaling","paper_exponent":1,"bootstrap":200}}
    """;

    /// <summary>Every column of results.csv except wall_seconds (the only field that depends on the clock).</summary>
    internal static string Comparable(string dir)
    {
        var (cols, rows) = CsvTable.Read(Path.Combine(dir, "results.csv"));
        int wall = Array.IndexOf(cols, "wall_seconds");
        return string.Join("\n", rows.Select(r => string.Join(",", r.Where((_, i) => i != wall)))) + "|" + string.Join(",", cols.Where(c => c != "wall_seconds"));
    }

    private sealed class CountingExecutor(int failAt = -1) : IRunExecutor
    {
        public int Calls;
        private readonly SyntheticAlignmentExecutor _inner = new();
        public JsonObject Execute(RunContext ctx)
        {
            int n = Interlocked.Increment(ref Calls);
            File.WriteAllText(Path.Combine(ctx.Directory, "partial.txt"), "written before the crash");
            if (n == failAt) throw new OperationCanceledException("simulated crash");
            return _inner.Execute(ctx);
        }
    }

    [Fact]
    public void ResumeAfterAnInterruptionRunsEachRunExactlyOnceAndMatchesAnUninterruptedSweep()
    {
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse(Spec);
        var reference = SweepRunner.Run(spec, tmp.Sub("ref"), Shard.All, NullProgress.Instance);
        Assert.Equal((12, 12, 0, 12, 0), (reference.Total, reference.InShard, reference.AlreadyDone, reference.Ran, reference.Failed));

        var crashing = new CountingExecutor(failAt: 5);
        Assert.Throws<OperationCanceledException>(() => SweepRunner.Run(spec, tmp.Sub("int"), Shard.All, NullProgress.Instance, crashing));
        var store = new SweepStore(tmp.Sub("int"));
        Assert.Equal(4, Directory.GetDirectories(store.RunsDir).Count(d => !Path.GetFileName(d).StartsWith('.')));
        // a staging folder left by a killed process (dead pid) is cleaned up on resume
        var stale = Path.Combine(store.RunsDir, ".staging", $"P=50_alpha=5_d=10_seed=1_deadbeef.{SweepStore.Host}.999999999.0123");
        Directory.CreateDirectory(stale);
        File.WriteAllText(Path.Combine(stale, "config.json"), "{ half");
        // a staging folder of another machine sharing the sweep folder is not touched, and counts as running
        var remote = Path.Combine(store.RunsDir, ".staging", "P=400_alpha=20_d=20_seed=2_0badf00d.other-host.1.0123");
        Directory.CreateDirectory(remote);
        Assert.Equal(["P=400_alpha=20_d=20_seed=2_0badf00d"], store.InProgress());

        var counting = new CountingExecutor();
        var resumed = SweepRunner.Run(spec, tmp.Sub("int"), Shard.All, NullProgress.Instance, counting);
        Assert.Equal(4, resumed.AlreadyDone);
        Assert.Equal(8, resumed.Ran);
        Assert.Equal(8, counting.Calls);
        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(remote));
        Directory.Delete(remote);
        Assert.Empty(Directory.GetDirectories(Path.Combine(store.RunsDir, ".staging")));
        Assert.Equal(Comparable(tmp.Sub("ref")), Comparable(tmp.Sub("int")));

        var again = new CountingExecutor();
        var third = SweepRunner.Run(spec, tmp.Sub("int"), Shard.All, NullProgress.Instance, again);
        Assert.Equal((12, 0, 0), (third.AlreadyDone, third.Ran, again.Calls));
        Assert.Equal(12, store.Status().Done);
    }

    [Fact]
    public void ShardsRunIntoOneFolderGiveTheSameResultsAsOneProcess()
    {
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse(Spec);
        SweepRunner.Run(spec, tmp.Sub("one"), Shard.All, NullProgress.Instance);
        var counts = Enumerable.Range(1, 3).Select(i => SweepRunner.Run(spec, tmp.Sub("three"), new Shard(i, 3), NullProgress.Instance).Ran).ToList();
        Assert.Equal([4, 4, 4], counts);
        Assert.Equal(Comparable(tmp.Sub("one")), Comparable(tmp.Sub("three")));
    }

    [Fact]
    public void AFolderHoldingAnotherSweepIsRefused()
    {
        using var tmp = new TempDir();
        SweepRunner.Run(SweepSpec.Parse(Spec), tmp.Path, Shard.All, NullProgress.Instance);
        var other = SweepSpec.Parse(Spec.Replace("\"chains\":4", "\"chains\":5"));
        var e = Assert.Throws<ConfigException>(() => SweepRunner.Run(other, tmp.Path, Shard.All, NullProgress.Instance));
        Assert.Contains("different sweep", e.Message);
    }

    [Fact]
    public void ASpecWhoseDescriptionAloneChangedResumesTheFolderWithoutRecomputing()
    {
        using var tmp = new TempDir();
        var root = System.Text.Json.Nodes.JsonNode.Parse(Spec)!.AsObject();
        root["description"] = "first wording";
        SweepRunner.Run(SweepSpec.Parse(root.ToJsonString()), tmp.Path, Shard.All, NullProgress.Instance);
        root["description"] = "second wording";
        var again = SweepRunner.Run(SweepSpec.Parse(root.ToJsonString()), tmp.Path, Shard.All, NullProgress.Instance);
        Assert.Equal(0, again.Ran);
        Assert.Equal("second wording", new SweepStore(tmp.Path).LoadSpec()!.Source["description"]!.GetValue<string>());
    }

    [Fact]
    public void ASpecWhoseAnalysisAloneChangedResumesTheFolderWithoutRecomputing()
    {
        // e.g. verify's analysis gained "observable_label" (version 0.2): the runs are the same
        using var tmp = new TempDir();
        var root = System.Text.Json.Nodes.JsonNode.Parse(Spec)!.AsObject();
        root["analysis"] = new JsonObject { ["kind"] = "pstar_scaling", ["threshold"] = 0.1 };
        SweepRunner.Run(SweepSpec.Parse(root.ToJsonString()), tmp.Path, Shard.All, NullProgress.Instance);
        root["analysis"]!["observable_label"] = "test accuracy";
        var again = SweepRunner.Run(SweepSpec.Parse(root.ToJsonString()), tmp.Path, Shard.All, NullProgress.Instance);
        Assert.Equal(0, again.Ran);
        Assert.Equal("test accuracy",
            new SweepStore(tmp.Path).LoadSpec()!.Source["analysis"]!["observable_label"]!.GetValue<string>());
    }

    private sealed class FlakyExecutor : IRunExecutor
    {
        public bool Fail = true;
        public JsonObject Execute(RunContext ctx)
        {
            if (Fail && (double)ctx.Config["d"]! == 20) throw new InvalidOperationException("diverged at eta=0.01; try 0.005");
            return new SyntheticAlignmentExecutor().Execute(ctx);
        }
    }

    [Fact]
    public void FailedRunsAreRecordedNotCountedAndRetried()
    {
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse(Spec);
        var flaky = new FlakyExecutor();
        var first = SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance, flaky);
        Assert.Equal((6, 6), (first.Ran, first.Failed));
        var store = new SweepStore(tmp.Path);
        Assert.Equal(6, store.Failed().Count);
        Assert.Equal(6, CsvTable.Read(Path.Combine(tmp.Path, "results.csv")).Rows.Count);
        Assert.Contains("diverged", File.ReadAllText(Directory.GetFiles(Path.Combine(tmp.Path, "failures"))[0]));
        flaky.Fail = false;
        var second = SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance, flaky);
        Assert.Equal((6, 6, 0), (second.AlreadyDone, second.Ran, second.Failed));
        Assert.Empty(store.Failed());
    }

    [Fact]
    public void ConfigErrorsOfTheExecutorAbortTheSweep()
    {
        using var tmp = new TempDir();
        var spec = SweepSpec.Parse("""{"executor":"synthetic-alignment","grid":{"d":[10,20]}}""");
        var e = Assert.Throws<ConfigException>(() => SweepRunner.Run(spec, tmp.Path, Shard.All, NullProgress.Instance));
        Assert.Contains("'P'", e.Message);
        Assert.Throws<ConfigException>(() => RunExecutors.Create("no-such-executor"));
    }

    /// <summary>
    /// Kills a real sweep process (the CLI, executor slowed by delay_ms) in the middle of its runs, resumes it with a
    /// second process and compares with an uninterrupted run: identical results, nothing lost or doubled.
    /// </summary>
    [Fact]
    public void KilledSweepProcessResumesToTheSameResults()
    {
        using var tmp = new TempDir();
        string spec = tmp.Sub("spec.json");
        File.WriteAllText(spec, """
        {"name":"kill","executor":"synthetic-alignment","base":{"chains":4,"delay_ms":150},
         "grid":{"d":[10,20],"$alpha":[5,10,20,40],"seed":[1,2]},"derive":{"P":"round($alpha*d)"}}
        """);
        string dir = tmp.Sub("killed");
        var store = new SweepStore(dir);
        int Done() => Directory.Exists(store.RunsDir) ? Directory.GetDirectories(store.RunsDir).Count(d => File.Exists(Path.Combine(d, "result.json"))) : 0;

        using (var p = Process.Start(CliProcess.StartInfo("sweep", "run", spec, "--out", dir))!)
        {
            p.OutputDataReceived += (_, _) => { }; p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine(); p.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (Done() < 4 && !p.HasExited && clock.Elapsed.TotalSeconds < 60) Thread.Sleep(20);
            Assert.False(p.HasExited, "the sweep finished before it could be killed");
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        int doneAtKill = Done();
        Assert.InRange(doneAtKill, 4, 15);
        Assert.False(File.Exists(Path.Combine(dir, "results.csv")));   // the killed process never reached the end

        var status = CliProcess.Run("sweep", "status", dir);
        Assert.Equal(0, status.Code);
        Assert.Contains($"{doneAtKill} of 16 runs done", status.Out);

        var resumed = CliProcess.Run("sweep", "run", spec, "--out", dir);
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains($"{doneAtKill} already done, {16 - doneAtKill} ran, 0 failed", resumed.Out);
        Assert.Empty(Directory.GetDirectories(Path.Combine(store.RunsDir, ".staging")));

        var reference = SweepSpec.Load(spec);
        SweepRunner.Run(reference, tmp.Sub("ref"), Shard.All, NullProgress.Instance);
        Assert.Equal(Comparable(tmp.Sub("ref")), Comparable(dir));
        Assert.Equal(16, CsvTable.Read(Path.Combine(dir, "results.csv")).Rows.Count);
    }

    /// <summary>
    /// RunOnce, the reproductions' resume: the same config is computed once and then loaded; its files and the
    /// summary are published together; another config under the same key is computed again, not reused.
    /// </summary>
    [Fact]
    public void RunOnceReusesAStoredRunOnlyForTheSameConfig()
    {
        using var tmp = new TempDir();
        var store = new SweepStore(tmp.Path);
        int calls = 0;
        JsonObject Compute(RunContext ctx)
        {
            calls++;
            File.WriteAllText(Path.Combine(ctx.Directory, "trace.csv"), $"call,{calls}\n");
            return new JsonObject { ["value"] = 10 * (int)ctx.Config["x"]! + calls };
        }
        var a = new JsonObject { ["x"] = 1 };
        Assert.Equal(11, (double)store.RunOnce("k", a, Compute, "test")["value"]!);
        Assert.Equal(11, (double)store.RunOnce("k", (JsonObject)a.DeepClone(), Compute, "test")["value"]!);
        Assert.Equal(1, calls);
        Assert.True(File.Exists(Path.Combine(store.RunsDir, "k", "manifest.json")));
        Assert.Equal("call,1\n", File.ReadAllText(Path.Combine(store.RunsDir, "k", "trace.csv")));
        Assert.Equal(22, (double)store.RunOnce("k", new JsonObject { ["x"] = 2 }, Compute, "test")["value"]!);
        Assert.Equal("call,2\n", File.ReadAllText(Path.Combine(store.RunsDir, "k", "trace.csv")));
        Assert.Empty(Directory.GetDirectories(Path.Combine(store.RunsDir, ".staging")));
    }

    /// <summary>
    /// What a second process sees while the first initialises the folder (runs/, the write probe, sweep.json's
    /// temporary file) counts as a sweep, so it joins instead of refusing; a user's own file does not.
    /// </summary>
    [Fact]
    public void AFolderBeingInitialisedByAnotherProcessCountsAsASweep()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("out");
        Assert.True(SweepStore.HoldsSweepOrIsEmpty(dir));
        Directory.CreateDirectory(Path.Combine(dir, "runs"));
        File.WriteAllText(Path.Combine(dir, ".featurescale-write-test-123"), "");
        File.WriteAllText(Path.Combine(dir, "sweep.json.tmp-123-abc"), "{");
        Assert.True(SweepStore.HoldsSweepOrIsEmpty(dir));
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        Assert.False(SweepStore.HoldsSweepOrIsEmpty(dir));
        File.WriteAllText(Path.Combine(dir, "sweep.json"), "{}");
        Assert.True(SweepStore.HoldsSweepOrIsEmpty(dir));
    }

    /// <summary>Two processes share one sweep folder with --shard 1/2 and 2/2 at the same time; report sees both.</summary>
    [Fact]
    public async Task ConcurrentShardProcessesShareAFolder()
    {
        using var tmp = new TempDir();
        string spec = tmp.Sub("spec.json");
        File.WriteAllText(spec, Spec.Replace("\"chains\":4", "\"chains\":4,\"delay_ms\":30"));
        string dir = tmp.Sub("shared");
        var procs = new[] { "1/2", "2/2" }.Select(s => Process.Start(CliProcess.StartInfo("sweep", "run", spec, "--out", dir, "--shard", s))!).ToList();
        var outputs = procs.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToList();
        foreach (var p in procs) { Assert.True(p.WaitForExit(60_000)); Assert.Equal(0, p.ExitCode); p.Dispose(); }
        var texts = new List<string>();
        foreach (var o in outputs) { texts.Add(await o.Out); await o.Err; }
        Assert.Contains("6 ran, 0 failed", texts[0]);
        Assert.Contains("6 ran, 0 failed", texts[1]);

        var report = CliProcess.Run("report", dir);
        Assert.True(report.Code == 0, report.Err);
        Assert.Contains("P* ∝ d^", report.Out);
        Assert.Contains("report: ", report.Out);
        Assert.True(File.Exists(Path.Combine(dir, "report.html")));
        SweepRunner.Run(SweepSpec.Load(spec), tmp.Sub("ref"), Shard.All, NullProgress.Instance);
        Assert.Equal(Comparable(tmp.Sub("ref")), Comparable(dir));
    }
}
