using System.Diagnostics;
using FeatureScale.Sweeps;
using FeatureScale.Tests.Support;

namespace FeatureScale.Tests.Sweeps;

public class RunClaimTests
{
    [Fact]
    public void ALiveClaimExcludesOthersAndIsReleasedOnDispose()
    {
        using var tmp = new TempDir();
        using (var first = RunClaim.TryAcquire(tmp.Path, "k", ClaimPolicy.Default))
        {
            Assert.NotNull(first);
            Assert.Null(RunClaim.TryAcquire(tmp.Path, "k", ClaimPolicy.Default));
            Assert.Equal(["k"], RunClaim.Live(tmp.Path, ClaimPolicy.Default).Select(c => c.Key));
        }
        using var again = RunClaim.TryAcquire(tmp.Path, "k", ClaimPolicy.Default);
        Assert.NotNull(again);
    }

    [Fact]
    public void AClaimBeingWrittenIsLiveAndAnOldHalfWrittenOneIsStale()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(RunClaim.Folder(tmp.Path));
        // its owner has created the file but not yet written it: another process must not take it over
        var fresh = Path.Combine(RunClaim.Folder(tmp.Path), "fresh.claim");
        File.WriteAllText(fresh, "");
        Assert.Null(RunClaim.TryAcquire(tmp.Path, "fresh", ClaimPolicy.Default));
        // the owner crashed while creating it: stale once older than the grace
        File.SetLastWriteTimeUtc(fresh, DateTime.UtcNow - ClaimHolder.HalfWrittenGrace - TimeSpan.FromSeconds(1));
        using var taken = RunClaim.TryAcquire(tmp.Path, "fresh", ClaimPolicy.Default);
        Assert.NotNull(taken);
    }

    [Fact]
    public void AFolderWhoseSweepLandsDuringTheCheckCountsAsASweep()
    {
        // what another process writes once its sweep.json has landed (claims, results) is a sweep folder, even when
        // the listing is the first thing that sees it
        using var tmp = new TempDir();
        File.WriteAllText(Path.Combine(tmp.Path, "sweep.json"), "{}");
        Directory.CreateDirectory(Path.Combine(tmp.Path, "claims"));
        File.WriteAllText(Path.Combine(tmp.Path, "results.csv"), "");
        Assert.True(SweepStore.HoldsSweepOrIsEmpty(tmp.Path));
        File.Delete(Path.Combine(tmp.Path, "sweep.json"));
        Assert.False(SweepStore.HoldsSweepOrIsEmpty(tmp.Path));
    }

    [Fact]
    public void ClaimsOfDeadProcessesAndExpiredHeartbeatsAreTakenOver()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(RunClaim.Folder(tmp.Path));
        // a dead pid of this host: stale at once
        var dead = Path.Combine(RunClaim.Folder(tmp.Path), "dead.claim");
        File.WriteAllText(dead, $$"""{"host":"{{SweepStore.Host}}","pid":999999999,"token":"x"}""");
        using (var c = RunClaim.TryAcquire(tmp.Path, "dead", ClaimPolicy.Default)) Assert.NotNull(c);
        // another host, fresh heartbeat: live; the same file with a heartbeat older than the timeout: taken over
        var remote = Path.Combine(RunClaim.Folder(tmp.Path), "remote.claim");
        File.WriteAllText(remote, """{"host":"other-node","pid":1,"token":"y"}""");
        Assert.Null(RunClaim.TryAcquire(tmp.Path, "remote", ClaimPolicy.Default));
        File.SetLastWriteTimeUtc(remote, DateTime.UtcNow.AddMinutes(-11));
        using var taken = RunClaim.TryAcquire(tmp.Path, "remote", ClaimPolicy.Default);
        Assert.NotNull(taken);
        Assert.True(taken.StillOurs);
    }

    /// <summary>
    /// Three CLI processes on the same folder and shard: every run is computed by exactly one of them, and together
    /// they take about the time of one process doing a third of the work (each run sleeps delay_ms).
    /// </summary>
    [Fact]
    public void ThreeProcessesOnOneShardShareTheRunsAndComputeEachOnce()
    {
        using var tmp = new TempDir();
        var spec = tmp.Sub("spec.json");
        File.WriteAllText(spec, """
        {"name":"claims","executor":"synthetic-alignment","base":{"chains":2,"delay_ms":600},
         "grid":{"d":[10,20],"$alpha":[5,10,20],"seed":[1,2]},"derive":{"P":"round($alpha*d)"}}
        """);
        var solo = Stopwatch.StartNew();
        var one = CliProcess.Run("sweep", "run", spec, "--out", tmp.Sub("solo"));
        solo.Stop();
        Assert.True(one.Code == 0, one.Err);

        var clock = Stopwatch.StartNew();
        var procs = Enumerable.Range(0, 3).Select(_ => Process.Start(CliProcess.StartInfo("sweep", "run", spec, "--out", tmp.Sub("shared")))!).ToList();
        var outputs = procs.Select(p => p.StandardOutput.ReadToEndAsync()).ToList();
        var errors = procs.Select(p => p.StandardError.ReadToEndAsync()).ToList();
        foreach (var p in procs) Assert.True(p.WaitForExit(120_000));
        clock.Stop();
        var stderr = errors.Select(e => e.Result).ToList();
        for (int i = 0; i < procs.Count; i++)
            Assert.True(procs[i].ExitCode == 0, $"process {i} exited {procs[i].ExitCode}: {stderr[i]}");
        var ran = outputs.SelectMany(o => o.Result.Split('\n')).Where(l => l.StartsWith("ran ")).Select(l => l[4..].Trim()).ToList();
        Assert.Equal(12, ran.Count);
        Assert.Equal(12, ran.Distinct().Count());
        Assert.Equal(12, Directory.GetFiles(tmp.Sub("shared"), "result.json", SearchOption.AllDirectories).Length);
        new SweepStore(tmp.Sub("shared")).WriteResults();
        Assert.Equal(SweepStoreTests.Comparable(tmp.Sub("solo")), SweepStoreTests.Comparable(tmp.Sub("shared")));
        // one process: 12 × 0.6 s of sleep + start-up; three: 4 × 0.6 s + start-up (a duplicated run would add 0.6 s each)
        double ratio = clock.Elapsed.TotalSeconds / solo.Elapsed.TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"claims: one process {solo.Elapsed.TotalSeconds:0.0}s, three {clock.Elapsed.TotalSeconds:0.0}s, ratio {ratio:0.00}"));
        // Shared, not repeated: together they took less than one process alone (each computing all 12 would take at
        // least as long). The bound is loose because the other test collections load the same 2 cores; the exact-once
        // assertions above are the strict part.
        Assert.True(ratio < 1.0, $"three processes took {ratio:0.00} of one");
    }
}
