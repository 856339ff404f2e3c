using System.Diagnostics;
using System.Globalization;
using FeatureScale.Reporting;

namespace FeatureScale.Sweeps;

/// <summary>Runs a sweep (or a shard of it) into a <see cref="SweepStore"/>, skipping finished runs.</summary>
public static class SweepRunner
{
    /// <summary>
    /// Expands spec, initialises (or checks) the store, cleans stale staging folders and executes the unfinished
    /// runs of the shard in index order, each under a <see cref="RunClaim"/> taken just before it is computed: runs
    /// done meanwhile or claimed by a live process (another shard, array task or invocation on the same folder) are
    /// skipped, so concurrent invocations share the work and never compute a run twice. A
    /// <see cref="ConfigException"/> from the executor aborts the sweep; any other error is recorded in failures/
    /// and the sweep goes on. results.csv is rewritten at the end. log gets one line "ran KEY" per computed run.
    /// </summary>
    public static SweepOutcome Run(SweepSpec spec, string dir, Shard shard, IProgressSink progress, IRunExecutor? executor = null,
        CancellationToken cancel = default, TextWriter? log = null, ClaimPolicy? claims = null)
    {
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var runs = spec.Expand();
        executor ??= RunExecutors.Create(spec.Executor);
        Validate(spec, executor);
        claims ??= ClaimPolicy.Default;
        var store = new SweepStore(dir);
        store.Initialise(spec, runs);
        store.CleanStaleStaging();
        foreach (var q in store.QuarantineUnreadable())
            log?.WriteLine($"unreadable result {q} moved to {Path.Combine(store.Root, "quarantine")}; its run is executed again");
        var mine = runs.Where(r => shard.Contains(r.Index)).ToList();
        var todo = mine.Where(r => !store.IsDone(r.Key)).ToList();
        int already = mine.Count - todo.Count, ran = 0, failed = 0, elsewhere = 0;
        log?.WriteLine($"sweep '{spec.Name}': {runs.Count} runs, shard {shard}: {mine.Count}, already done {already}, to run {todo.Count}");
        for (int i = 0; i < todo.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var run = todo[i];
            int iLocal = i;
            if (store.IsDone(run.Key)) { already++; continue; }
            using (var claim = RunClaim.TryAcquire(store.Root, run.Key, claims))
            {
                if (claim is null) { elsewhere++; continue; }
                if (store.IsDone(run.Key)) { already++; continue; }     // finished just before we claimed it
                var sink = new ScaledSink(progress, (double)iLocal / todo.Count, 1.0 / todo.Count, run.Key);
                try
                {
                    if (store.Execute(run, executor, sink, cancel)) { ran++; log?.WriteLine($"ran {run.Key}"); }
                }
                catch (ConfigException) { throw; }
                catch (OperationCanceledException) { throw; }
                catch (Exception e)
                {
                    failed++;
                    store.RecordFailure(run, e);
                    log?.WriteLine($"run {run.Key} failed: {e.Message.Split('\n')[0]}");
                }
            }
            progress.Report((i + 1.0) / todo.Count, $"{i + 1}/{todo.Count} runs ({run.Key})");
        }
        if (elsewhere > 0) log?.WriteLine($"{elsewhere} runs were being computed by other processes (claims in {RunClaim.Folder(store.Root)})");
        store.WriteResults(runs);
        Manifest.Create("sweep run", spec.Source, null, started, clock.Elapsed.TotalSeconds,
            new Dictionary<string, string> { ["shard"] = shard.ToString(), ["runs_total"] = runs.Count.ToString(CultureInfo.InvariantCulture), ["executor"] = spec.Executor })
            .WriteTo(store.Root);
        return new SweepOutcome(runs.Count, mine.Count, already, ran, failed, clock.Elapsed.TotalSeconds, elsewhere);
    }

    /// <summary>
    /// Checks every run of the spec before any is executed (each grid point's config and derived values, by the
    /// executor's <see cref="IRunExecutor.Validate"/>); throws one <see cref="ConfigException"/> naming the run.
    /// </summary>
    public static void Validate(SweepSpec spec, IRunExecutor? executor = null)
    {
        executor ??= RunExecutors.Create(spec.Executor);
        foreach (var run in spec.Expand())
        {
            try { executor.Validate(run.Config); }
            catch (ConfigException e) { throw new ConfigException($"sweep spec, run {run.Index} ({run.Key}): {e.Message}"); }
        }
    }

    private sealed class ScaledSink(IProgressSink inner, double offset, double scale, string key) : IProgressSink
    {
        public void Report(double fraction, string status) => inner.Report(offset + scale * Math.Clamp(fraction, 0, 1), $"{key}: {status}");
    }
}
