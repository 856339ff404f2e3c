using System.Globalization;

namespace FeatureScale.Sweeps.Slurm;

/// <summary>
/// Submits a sweep to Slurm as a job array (one task per shard) writing into a sweep folder, records the job in
/// DIR/slurm/jobs.json, and on --resume resubmits only the shards that still have unfinished runs and no task
/// pending or running.
/// </summary>
public static class SweepSubmitter
{
    /// <summary>Folders that are node-local on clusters: a sweep folder there is not seen by the other nodes.</summary>
    public static string? NodeLocalWarning(string dir)
    {
        var full = Path.GetFullPath(dir).TrimEnd('/') + "/";
        var local = new List<string> { "/tmp/", "/var/tmp/", "/dev/shm/", "/run/" };
        foreach (var v in new[] { "TMPDIR", "SLURM_TMPDIR" })
            if (Environment.GetEnvironmentVariable(v) is { Length: > 1 } t) local.Add(Path.GetFullPath(t).TrimEnd('/') + "/");
        var hit = local.FirstOrDefault(l => full.StartsWith(l, StringComparison.Ordinal));
        return hit is null ? null
            : $"warning: {Path.GetFullPath(dir)} is under {hit}, usually local to each node; array tasks on other nodes will not " +
              "see it (use a folder on the shared file system)";
    }

    /// <summary>
    /// Writes DIR/sweep.json (or checks it), DIR/slurm/spec.json and DIR/slurm/array.sbatch and submits the array
    /// (dryRun: returns the script and writes nothing). resume: only the shards with unfinished runs and no active
    /// task. cli: the command that runs featurescale (absolute paths).
    /// </summary>
    public static SubmitOutcome Submit(SweepSpec spec, string dir, SlurmOptions options, IReadOnlyList<string> cli, bool dryRun, bool resume,
        string[]? extraSbatch = null)
    {
        options.Validate();
        dir = Path.GetFullPath(dir);
        var runs = spec.Expand();
        var store = new SweepStore(dir);
        var previous = SlurmJobs.Load(dir).Where(j => j.Kind == "array").ToList();
        int shards = options.Tasks;
        if (resume && previous.Count > 0) shards = previous[^1].Shards;
        var slurmDir = SlurmJobs.Folder(dir);
        var specPath = Path.Combine(slurmDir, "spec.json");
        var scriptPath = Path.Combine(slurmDir, "array.sbatch");
        var script = SlurmScript.Array("fs-" + spec.Name, cli, specPath, dir, shards, options, Path.Combine(slurmDir, "logs"));
        string? array = null;
        if (resume)
        {
            var active = previous.SelectMany(j => SlurmClient.Tasks(j.JobId)).Where(t => t.Active).SelectMany(t => t.TaskNumbers()).ToHashSet();
            var todo = Enumerable.Range(1, shards)
                .Where(s => !active.Contains(s) && runs.Any(r => new Shard(s, shards).Contains(r.Index) && !store.IsDone(r.Key))).ToList();
            if (todo.Count == 0)
                return new SubmitOutcome(null, script, scriptPath, active.Count > 0
                    ? $"nothing to resubmit: every shard with unfinished runs has a task queued or running ({active.Count})"
                    : $"nothing to resubmit: all {runs.Count} runs are done");
            array = string.Join(",", todo.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        }
        if (dryRun) return new SubmitOutcome(null, script, scriptPath, array is null ? "dry run" : $"dry run: would resubmit tasks {array}");
        if (!SlurmClient.Available)
            throw new ConfigException("sbatch not found on PATH: run this on a Slurm login node (or use --dry-run to see the script)");
        store.Initialise(spec, runs);
        Directory.CreateDirectory(Path.Combine(slurmDir, "logs"));
        Reporting.AtomicFile.WriteAllText(specPath, spec.Source.ToJsonString(Reporting.Json.Options) + "\n");
        Reporting.AtomicFile.WriteAllText(scriptPath, script);
        var extra = new List<string>(extraSbatch ?? []);
        if (array is not null) extra.Add("--array=" + array);
        var id = SlurmClient.Submit(scriptPath, [.. extra]);
        SlurmJobs.Add(dir, new SlurmJob(id, "array", array ?? $"1-{shards}", shards, DateTimeOffset.UtcNow.ToString("O"), scriptPath));
        return new SubmitOutcome(id, script, scriptPath, $"submitted job array {id} ({array ?? $"1-{shards}"}) for sweep '{spec.Name}'");
    }

    /// <summary>
    /// Submits a single job (e.g. a reproduction's analysis and report) that starts after the given jobs end
    /// (--dependency=afterany), recorded as kind "final".
    /// </summary>
    public static SubmitOutcome SubmitFinal(string dir, string name, IReadOnlyList<string> cli, IReadOnlyList<IReadOnlyList<string>> commands,
        SlurmOptions options, IReadOnlyList<string> afterJobs, bool dryRun)
    {
        var slurmDir = SlurmJobs.Folder(dir);
        var scriptPath = Path.Combine(slurmDir, "final.sbatch");
        var script = SlurmScript.Single("fs-" + name, cli, commands, options, Path.Combine(slurmDir, "logs"));
        if (dryRun) return new SubmitOutcome(null, script, scriptPath, "dry run");
        Directory.CreateDirectory(Path.Combine(slurmDir, "logs"));
        Reporting.AtomicFile.WriteAllText(scriptPath, script);
        var extra = afterJobs.Count > 0 ? new[] { "--dependency=afterany:" + string.Join(":", afterJobs) } : [];
        var id = SlurmClient.Submit(scriptPath, extra);
        SlurmJobs.Add(dir, new SlurmJob(id, "final", null, 0, DateTimeOffset.UtcNow.ToString("O"), scriptPath));
        return new SubmitOutcome(id, script, scriptPath, $"submitted job {id} (after {string.Join(", ", afterJobs)})");
    }
}
